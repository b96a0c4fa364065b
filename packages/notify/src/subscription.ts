import { z } from 'zod';
import {
  AlertSeveritySchema,
  AlertTransitionSchema,
  AlertTypeSchema,
  ContactSchema,
  VesselIdSchema,
} from '@vesselwatch/domain';

/**
 * Subscriptions are data: who gets which alerts, for which vessels or ports, on which channels, from which
 * severity, outside which quiet hours. They live in the database (notification_subscriptions, migration
 * 0005) and are managed with `vesselwatch subscriptions` or the store's functions.
 */
export const NOTIFICATION_CHANNELS = ['sms', 'email', 'webhook', 'downlink'] as const;
export const NotificationChannelSchema = z.enum(NOTIFICATION_CHANNELS);
export type NotificationChannel = z.infer<typeof NotificationChannelSchema>;

export const LANGUAGES = ['vi', 'en'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

/** Vietnam's time zone: quiet hours are read in it unless a subscription names another. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const ContactRoleSchema = ContactSchema.shape.role;
export type ContactRole = z.infer<typeof ContactRoleSchema>;

const E164 = /^\+[1-9]\d{6,14}$/;

/** Who a subscription is for. */
export const RecipientSpecSchema = z.discriminatedUnion('kind', [
  /** The alert's own vessel: its owner and the contacts with these roles (registry data). */
  z.object({
    kind: z.literal('vessel-contacts'),
    roles: z.array(ContactRoleSchema).min(1),
  }),
  /** The alert's own vessel's terminals, through the terminal downlink (`vms.downlink`). */
  z.object({ kind: z.literal('vessel-terminal') }),
  /** Users with the role port_officer whose scope is the vessel's home port (or the port of a port alert). */
  z.object({ kind: z.literal('port-officers') }),
  /** A named person or desk, e.g. the provincial monitoring centre. */
  z.object({
    kind: z.literal('person'),
    name: z.string().min(1).max(120),
    phone: z.string().regex(E164, 'must be an E.164 number such as +84912345678').optional(),
    email: z.email().optional(),
    language: LanguageSchema.default('vi'),
  }),
  /** A system that takes signed JSON (HMAC-SHA256 of the body with this secret, see docs/notifications.md). */
  z.object({
    kind: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/ }),
    secret: z.string().min(16, 'at least 16 characters').max(256),
  }),
]);
export type RecipientSpec = z.infer<typeof RecipientSpecSchema>;

const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

/** Local hours during which messages below `bypassFromSeverity` wait until the end (never dropped). */
export const QuietHoursSchema = z.object({
  start: ClockTimeSchema,
  end: ClockTimeSchema,
  timeZone: z
    .string()
    .refine(isKnownTimeZone, 'must be an IANA time zone such as Asia/Ho_Chi_Minh')
    .default(DEFAULT_TIME_ZONE),
  /** Alerts of this severity or higher are sent at once even in quiet hours. */
  bypassFromSeverity: AlertSeveritySchema.default('danger'),
});
export type QuietHours = z.infer<typeof QuietHoursSchema>;

export const SubscriptionIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1-64 lower-case letters, digits, ".", "_" or "-"');

export const SubscriptionSchema = z
  .object({
    id: SubscriptionIdSchema,
    description: z.string().max(500).default(''),
    recipient: RecipientSpecSchema,
    channels: z.array(NotificationChannelSchema).min(1),
    /** Alert types this subscription wants; empty: every type. */
    alertTypes: z.array(AlertTypeSchema).default([]),
    /** Only these vessels; empty: any vessel. */
    vesselIds: z.array(VesselIdSchema).default([]),
    /** Only vessels of these home ports (or port alerts at these ports); empty: any port. */
    portIds: z.array(z.string().min(1).max(64)).default([]),
    minSeverity: AlertSeveritySchema.default('info'),
    transitions: z.array(AlertTransitionSchema).min(1).default(['opened', 'updated', 'resolved']),
    quietHours: QuietHoursSchema.nullable().default(null),
    /**
     * 0: gets matching alerts as they happen. 1, 2, ...: gets only escalations of that level (a danger alert
     * nobody acknowledged in time, see EscalationPolicy).
     */
    escalationLevel: z.number().int().min(0).max(9).default(0),
    enabled: z.boolean().default(true),
  })
  .superRefine((subscription, ctx) => {
    const allowed = CHANNELS_BY_RECIPIENT[subscription.recipient.kind];
    for (const channel of subscription.channels) {
      if (!allowed.includes(channel)) {
        ctx.addIssue({
          code: 'custom',
          path: ['channels'],
          message: `a ${subscription.recipient.kind} recipient cannot use ${channel} (allowed: ${allowed.join(', ')})`,
        });
      }
    }
  });
export type Subscription = z.infer<typeof SubscriptionSchema>;
export type SubscriptionInput = z.input<typeof SubscriptionSchema>;

/** Which channels make sense for which kind of recipient. */
export const CHANNELS_BY_RECIPIENT: Record<RecipientSpec['kind'], readonly NotificationChannel[]> = {
  'vessel-contacts': ['sms', 'email'],
  'vessel-terminal': ['downlink'],
  'port-officers': ['sms', 'email'],
  person: ['sms', 'email'],
  webhook: ['webhook'],
};

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
