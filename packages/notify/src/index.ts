/**
 * @vesselwatch/notify: the pure part of notifications (no I/O, no clock: time comes in as data).
 * Subscriptions and escalation policies as schemas, subscription matching, recipients, quiet hours,
 * Vietnamese and English templates, ASCII texts for terminals, dedup keys, the retry schedule.
 * The senders and the outbox loop are in apps/notifier; see docs/notifications.md.
 */
export * from './subscription';
export * from './quiet-hours';
export * from './retry';
export * from './ascii';
export * from './templates';
export * from './recipients';
export * from './matching';
export * from './plan';
export * from './escalation';
