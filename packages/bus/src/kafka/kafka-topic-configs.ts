import kafkajs, { type Admin } from 'kafkajs';
import type { TopicSpec } from '../bus';
import { effectiveTopicConfig } from '../topic-spec';

// Default import: Node's ESM loader cannot see these among kafkajs's CommonJS exports (they follow a spread).
const { ConfigResourceTypes, ConfigSource } = kafkajs;

/**
 * Brings the configs of topics that already exist in line with their specs (a topic created by an older
 * VesselWatch, or by hand, lacks message.timestamp.type=LogAppendTime; see topic-spec.ts).
 *
 * Kafka's AlterConfigs (the request kafkajs sends) replaces a topic's whole set of topic-level overrides,
 * so the overrides the topic has now (an operator's retention.ms, say) are sent again with ours; configs
 * left out would fall back to the broker's defaults. Returns the topics that were changed.
 */
export async function reconcileTopicConfigs(admin: Admin, specs: TopicSpec[]): Promise<string[]> {
  if (specs.length === 0) return [];
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: specs.map((spec) => ({ type: ConfigResourceTypes.TOPIC, name: spec.topic })),
  });
  const changes = specs.flatMap((spec) => {
    const described = resources.find((resource) => resource.resourceName === spec.topic);
    const current = new Map(
      (described?.configEntries ?? []).map((entry) => [entry.configName, entry] as const),
    );
    const wanted = effectiveTopicConfig(spec);
    if (Object.entries(wanted).every(([name, value]) => current.get(name)?.configValue === value)) return [];
    const overrides: Record<string, string> = {};
    for (const entry of current.values()) {
      if (entry.configSource === ConfigSource.TOPIC_CONFIG) overrides[entry.configName] = entry.configValue;
    }
    return [{ topic: spec.topic, config: { ...overrides, ...wanted } }];
  });
  if (changes.length === 0) return [];
  await admin.alterConfigs({
    validateOnly: false,
    resources: changes.map(({ topic, config }) => ({
      type: ConfigResourceTypes.TOPIC,
      name: topic,
      configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
    })),
  });
  return changes.map(({ topic }) => topic);
}
