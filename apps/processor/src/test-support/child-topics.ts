import type { TopicSpec } from '@vesselwatch/bus';
import type { ProcessorTopics } from '../settings';

/** Unique topic names of one test (on the shared broker, tests never see each other's messages). */
export function childTopics(prefix: string): ProcessorTopics {
  return {
    fixes: `${prefix}.fixes`,
    fixesDeadLetter: `${prefix}.fixes.dlq`,
    alerts: `${prefix}.alerts`,
    live: `${prefix}.live`,
  };
}

export function childTopicSpecs(prefix: string, partitions: number): TopicSpec[] {
  const topics = childTopics(prefix);
  return [
    { topic: topics.fixes, partitions },
    { topic: topics.fixesDeadLetter, partitions: 1 },
    { topic: topics.alerts, partitions },
    { topic: topics.live, partitions },
  ];
}
