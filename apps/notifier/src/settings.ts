import { TOPICS } from '@vesselwatch/domain';
import { REDELIVERY_BACKOFF_DEFAULT, type RedeliveryBackoff } from '@vesselwatch/bus';
import { DEFAULT_TIME_ZONE, RETRY_POLICY_DEFAULT, type RetryPolicy } from '@vesselwatch/notify';
import type { SmsGatewayConfig } from './channels/sms-gateway';
import type { SmtpConfig } from './channels/email';

/** The topics the notifier reads and writes; the deployment's names by default, unique ones in tests. */
export interface NotifierTopics {
  alerts: string;
  downlink: string;
}

/** Which channels this notifier can send on. Webhooks and the terminal downlink need no settings. */
export interface NotifierChannels {
  /** null: no SMS gateway configured (SMS deliveries are recorded as channel_not_configured). */
  sms: SmsGatewayConfig | null;
  /** null: no SMTP server configured. */
  email: SmtpConfig | null;
  webhookTimeoutMs: number;
}

export interface NotifierSettings {
  /** Consumer group on the alerts topic; notifiers of one deployment share it. */
  groupId: string;
  topics: NotifierTopics;
  channels: NotifierChannels;
  /** Time zone of times in the texts (quiet hours carry their own). */
  timeZone: string;
  /**
   * Events whose alert was last updated longer ago are recorded but sent to nobody (reason `stale`) and start
   * no escalation: replays of history must not text today's crews. Null: no limit.
   */
  maxEventAgeMs: number | null;
  retry: RetryPolicy;
  /** Most alert events handled (and written in one transaction) per batch. */
  maxBatchSize: number;
  /** Most deliveries one claim takes. */
  claimBatchSize: number;
  /** Deliveries sent at the same time. */
  sendConcurrency: number;
  /**
   * How long a claimed delivery stays with its sender; after that (a sender that died mid-send) another may
   * claim it and send it again. Must be longer than every channel's timeout.
   */
  leaseMs: number;
  /** Longest sleep of an idle sender before it looks for due deliveries again (new ones wake it at once). */
  pollIntervalMs: number;
  /** How often escalation timers are checked. */
  escalationPollIntervalMs: number;
  redeliveryBackoff: RedeliveryBackoff;
}

export const NOTIFIER_GROUP_ID_DEFAULT = 'vesselwatch-notifier';
/** Seconds a provider (SMS gateway, SMTP server, webhook receiver) may take to accept one message. */
export const CHANNEL_TIMEOUT_MS_DEFAULT = 10_000;
export const LEASE_MS_DEFAULT = 60_000;
/** Six hours: far beyond satellite delays, far short of a replay of last month. */
export const MAX_EVENT_AGE_MS_DEFAULT = 6 * 3_600_000;

export const NOTIFIER_SETTINGS_DEFAULT: NotifierSettings = {
  groupId: NOTIFIER_GROUP_ID_DEFAULT,
  topics: { alerts: TOPICS.alerts, downlink: TOPICS.downlink },
  channels: { sms: null, email: null, webhookTimeoutMs: CHANNEL_TIMEOUT_MS_DEFAULT },
  timeZone: DEFAULT_TIME_ZONE,
  maxEventAgeMs: MAX_EVENT_AGE_MS_DEFAULT,
  retry: RETRY_POLICY_DEFAULT,
  maxBatchSize: 500,
  claimBatchSize: 50,
  sendConcurrency: 8,
  leaseMs: LEASE_MS_DEFAULT,
  pollIntervalMs: 1_000,
  escalationPollIntervalMs: 15_000,
  redeliveryBackoff: REDELIVERY_BACKOFF_DEFAULT,
};

export interface NotifierLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
