/**
 * The bus topics VesselWatch apps exchange messages on. Every message is keyed by vessel id, so one
 * vessel's messages stay in order on one partition.
 */
export const TOPICS = {
  /** Decoded, validated position fixes from the gateway. */
  fixes: 'vms.fixes',
  /** Fixes the processor could not handle at all, with the reason in a header. */
  fixesDeadLetter: 'vms.fixes.dlq',
  /** Alert episode transitions (open, update, resolve) for the notifier and the servers. */
  alerts: 'vms.alerts',
  /** Enriched latest positions for the live map. */
  live: 'vms.live',
  /** Short texts for vessels' own terminals (notifier -> gateway -> terminal providers). */
  downlink: 'vms.downlink',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];
