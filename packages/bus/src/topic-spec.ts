import { VesselWatchError } from '@vesselwatch/domain';
import type { TopicSpec } from './bus';

/** Kafka's topic config that says which time a message's timestamp is (and so what retention counts from). */
export const TIMESTAMP_TYPE_CONFIG = 'message.timestamp.type';

/**
 * Configs every topic gets unless its spec says otherwise.
 *
 * LogAppendTime: the broker stamps each message with the time it was appended, and time-based retention
 * counts from that. With CreateTime (Kafka's default) the producer's timestamp counts, and ours is the
 * fix's event time: a terminal's buffered backlog from days ago, or a replay of old fixes, is older than
 * the retention period the moment it arrives, so the broker deletes it at its next retention check,
 * before the processor has read it. Event time travels in the payload, not in the Kafka timestamp.
 */
export const TOPIC_CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  [TIMESTAMP_TYPE_CONFIG]: 'LogAppendTime',
};

/** The spec's config over the defaults. */
export function effectiveTopicConfig(spec: TopicSpec): Record<string, string> {
  return { ...TOPIC_CONFIG_DEFAULTS, ...spec.config };
}

/** Kafka's rule for topic names (the in-process bus applies it too, so a name that works embedded works on Kafka). */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** Checks every spec before any topic is created, so ensureTopics is all-or-nothing on bad input. */
export function assertValidTopicSpecs(specs: TopicSpec[]): void {
  const seen = new Set<string>();
  for (const spec of specs) {
    const problem = !TOPIC_NAME.test(spec.topic)
      ? `topic name "${spec.topic}" must be 1-249 characters of a-z, A-Z, 0-9, '.', '_' or '-'`
      : !Number.isInteger(spec.partitions) || spec.partitions < 1
        ? `topic "${spec.topic}" needs a positive integer partition count, got ${spec.partitions}`
        : seen.has(spec.topic)
          ? `topic "${spec.topic}" is listed twice`
          : null;
    if (problem)
      throw new VesselWatchError('VW_ERR_CONFIG_INVALID', {
        detail: problem,
        details: { topic: spec.topic },
      });
    seen.add(spec.topic);
  }
}
