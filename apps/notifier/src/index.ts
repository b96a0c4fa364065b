/**
 * @vesselwatch/notifier: `vms.alerts` -> subscriptions -> outbox -> SMS gateway, SMTP, signed webhooks and the
 * terminal downlink, exactly once per alert transition, recipient and channel (docs/notifications.md).
 */
export { Notifier, type NotifierDependencies, type NotifierStatus } from './notifier';
export {
  CHANNEL_TIMEOUT_MS_DEFAULT,
  LEASE_MS_DEFAULT,
  MAX_EVENT_AGE_MS_DEFAULT,
  NOTIFIER_GROUP_ID_DEFAULT,
  NOTIFIER_SETTINGS_DEFAULT,
  type NotifierChannels,
  type NotifierLogger,
  type NotifierSettings,
  type NotifierTopics,
} from './settings';
export { idempotencyKey, type ChannelSender, type SendReceipt } from './channels/channel-sender';
export type { SmsGatewayConfig } from './channels/sms-gateway';
export type { SmtpConfig } from './channels/email';
export { WEBHOOK_HEADERS, webhookSignature } from './channels/webhook';
export { notifierMetricsText } from './http';
export {
  startStandaloneNotifier,
  type RunningStandaloneNotifier,
  type StandaloneNotifierOptions,
} from './standalone';
