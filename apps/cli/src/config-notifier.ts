import { z } from 'zod';
import { VesselWatchError } from '@vesselwatch/domain';
import { DEFAULT_TIME_ZONE, RETRY_POLICY_DEFAULT } from '@vesselwatch/notify';
import {
  CHANNEL_TIMEOUT_MS_DEFAULT,
  LEASE_MS_DEFAULT,
  MAX_EVENT_AGE_MS_DEFAULT,
  NOTIFIER_GROUP_ID_DEFAULT,
  NOTIFIER_SETTINGS_DEFAULT,
  type NotifierSettings,
} from '@vesselwatch/notifier';

/**
 * The notifier's environment variables (README "Configuration", docs/notifications.md), part of the one
 * schema in config.ts. No SMS gateway and no SMTP server by default: those deliveries are then recorded as
 * channel_not_configured, and webhooks and the terminal downlink still work.
 */
export const DEFAULT_SMTP_PORT = 587;
/** HTTP port of a standalone `vesselwatch notifier` (/healthz, /readyz, /metrics). */
export const DEFAULT_NOTIFIER_PORT = 8082;

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const seconds = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const NOTIFIER_ENV = {
  VW_NOTIFIER_GROUP_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, ".", "_" and "-" only')
    .default(NOTIFIER_GROUP_ID_DEFAULT),
  VW_NOTIFIER_PORT: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_NOTIFIER_PORT),
  VW_NOTIFY_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Ho_Chi_Minh')
    .default(DEFAULT_TIME_ZONE),
  VW_SMS_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
  VW_SMS_GATEWAY_API_KEY: z.string().min(1).optional(),
  VW_SMS_SENDER: z.string().min(1).max(32).optional(),
  VW_SMS_ASCII: z.enum(['true', 'false']).default('false'),
  VW_SMTP_HOST: z.string().min(1).optional(),
  VW_SMTP_PORT: z.coerce.number().int().min(1).max(65_535).default(DEFAULT_SMTP_PORT),
  VW_SMTP_SECURE: z.enum(['true', 'false']).default('false'),
  VW_SMTP_USER: z.string().min(1).optional(),
  VW_SMTP_PASSWORD: z.string().min(1).optional(),
  VW_SMTP_FROM: z.string().min(3).optional(),
  VW_NOTIFY_TIMEOUT_S: seconds(1, 300, CHANNEL_TIMEOUT_MS_DEFAULT / 1000),
  VW_NOTIFY_LEASE_S: seconds(2, 3600, LEASE_MS_DEFAULT / 1000),
  VW_NOTIFY_RETRY_INITIAL_S: seconds(1, 3600, RETRY_POLICY_DEFAULT.initialDelayMs / 1000),
  VW_NOTIFY_RETRY_MAX_S: seconds(1, 24 * 3600, RETRY_POLICY_DEFAULT.maxDelayMs / 1000),
  /** 0: no limit. */
  VW_NOTIFY_MAX_EVENT_AGE_MIN: z.coerce
    .number()
    .int()
    .min(0)
    .max(366 * 24 * 60)
    .default(MAX_EVENT_AGE_MS_DEFAULT / 60_000),
  VW_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(RETRY_POLICY_DEFAULT.maxAttempts),
};

export type NotifierEnv = z.infer<z.ZodObject<typeof NOTIFIER_ENV>>;

/** The notifier's settings from the parsed environment; VW_ERR_CONFIG_INVALID for settings that contradict each other. */
export function notifierSettingsFrom(e: NotifierEnv): NotifierSettings {
  const problems: string[] = [];
  if (e.VW_SMTP_HOST && !e.VW_SMTP_FROM) problems.push('VW_SMTP_FROM: required when VW_SMTP_HOST is set');
  if (Boolean(e.VW_SMTP_USER) !== Boolean(e.VW_SMTP_PASSWORD))
    problems.push('VW_SMTP_USER and VW_SMTP_PASSWORD: set both or neither');
  if (e.VW_NOTIFY_LEASE_S < 2 * e.VW_NOTIFY_TIMEOUT_S)
    problems.push('VW_NOTIFY_LEASE_S: must be at least twice VW_NOTIFY_TIMEOUT_S');
  if (e.VW_NOTIFY_RETRY_MAX_S < e.VW_NOTIFY_RETRY_INITIAL_S)
    problems.push('VW_NOTIFY_RETRY_MAX_S: must not be below VW_NOTIFY_RETRY_INITIAL_S');
  if (problems.length > 0) {
    throw new VesselWatchError('VW_ERR_CONFIG_INVALID', {
      detail: problems.join('; '),
      details: { problems: problems.map((problem) => ({ path: problem.split(':')[0], problem })) },
    });
  }
  const timeoutMs = e.VW_NOTIFY_TIMEOUT_S * 1000;
  return {
    ...NOTIFIER_SETTINGS_DEFAULT,
    groupId: e.VW_NOTIFIER_GROUP_ID,
    timeZone: e.VW_NOTIFY_TIME_ZONE,
    maxEventAgeMs: e.VW_NOTIFY_MAX_EVENT_AGE_MIN === 0 ? null : e.VW_NOTIFY_MAX_EVENT_AGE_MIN * 60_000,
    leaseMs: e.VW_NOTIFY_LEASE_S * 1000,
    retry: {
      initialDelayMs: e.VW_NOTIFY_RETRY_INITIAL_S * 1000,
      maxDelayMs: e.VW_NOTIFY_RETRY_MAX_S * 1000,
      maxAttempts: e.VW_NOTIFY_MAX_ATTEMPTS,
    },
    channels: {
      sms: e.VW_SMS_GATEWAY_URL
        ? {
            url: e.VW_SMS_GATEWAY_URL,
            apiKey: e.VW_SMS_GATEWAY_API_KEY ?? null,
            sender: e.VW_SMS_SENDER ?? null,
            ascii: e.VW_SMS_ASCII === 'true',
            timeoutMs,
          }
        : null,
      email: e.VW_SMTP_HOST
        ? {
            host: e.VW_SMTP_HOST,
            port: e.VW_SMTP_PORT,
            secure: e.VW_SMTP_SECURE === 'true',
            user: e.VW_SMTP_USER ?? null,
            password: e.VW_SMTP_PASSWORD ?? null,
            from: e.VW_SMTP_FROM!,
            timeoutMs,
          }
        : null,
      webhookTimeoutMs: timeoutMs,
    },
  };
}
