import { VesselWatchError } from '@vesselwatch/domain';
import type { TopicSpec } from './bus';

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
