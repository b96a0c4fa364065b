import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { notifierMetricsText, type Notifier } from '@vesselwatch/notifier';
import { ProcessorMetrics } from '@vesselwatch/processor';
import { NOTIFICATION_DELIVERY_STATUSES, type Store } from '@vesselwatch/store';

/**
 * deploy/prometheus/vesselwatch-alerts.yml must keep up with the metrics: a rule on a renamed metric, or on
 * a label value that no series carries, would never fire and nobody would notice. (promtool is not
 * available here; these checks cover what it would not: that the names exist.)
 */
interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string; description: string };
}

const rules = (
  parse(readFileSync(new URL('../../deploy/prometheus/vesselwatch-alerts.yml', import.meta.url), 'utf8')) as {
    groups: Array<{ name: string; rules: Rule[] }>;
  }
).groups.flatMap((group) => group.rules);

/** Every series the processor and the notifier export: "name{label="value",...}" lines of their /metrics. */
async function exportedSeries(): Promise<string[]> {
  const processor = new ProcessorMetrics(new Registry(), { defaultMetrics: false });
  // One observation per labelled metric, so that its label names show up in the text.
  processor.alertEvents.inc({ type: 'border.crossed', transition: 'opened' });
  processor.deadLetters.inc({ reason: 'invalid_fix' });
  processor.batchSeconds.observe({ kind: 'fixes' }, 0.1);
  processor.batchPhaseSeconds.observe({ phase: 'store' }, 0.1);
  processor.batchFailures.inc({ kind: 'fixes', code: 'VW_ERR_DB_UNAVAILABLE' });
  processor.lagSeconds.set({ partition: '0' }, 1);
  const notifier = {
    status: () => ({
      channels: [],
      events: 0,
      deliveriesWritten: 0,
      deliveriesDuplicate: 0,
      rejected: 0,
      escalations: 0,
      senders: { sent: 0, failed: 0, dead: 0, lateMarks: 0 },
    }),
  } as unknown as Notifier;
  const store = {
    notifications: {
      counts: async () =>
        NOTIFICATION_DELIVERY_STATUSES.map((status) => ({ status, channel: 'sms', count: 0 })),
    },
  } as unknown as Store;
  const text = (await processor.registry.metrics()) + (await notifierMetricsText(notifier, store));
  return text.split('\n').filter((line) => line.startsWith('vesselwatch_'));
}

describe('Prometheus alerting rules (deploy/prometheus/vesselwatch-alerts.yml)', () => {
  it('are complete rules with unique names, a severity and words for whoever is paged', () => {
    expect(rules.length).toBeGreaterThan(10);
    expect(new Set(rules.map((rule) => rule.alert)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^VesselWatch[A-Za-z]+$/);
      expect(rule.expr.trim()).not.toBe('');
      expect(['warning', 'critical']).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length).toBeGreaterThan(10);
      expect(rule.annotations.description.length).toBeGreaterThan(30);
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smh]$/);
    }
  });

  it('use only metrics, label names and label values that the processor and the notifier export', async () => {
    const series = await exportedSeries();
    const names = new Set(series.map((line) => /^[a-z_]+/.exec(line)![0]));
    const problems: string[] = [];
    for (const rule of rules) {
      for (const match of rule.expr.matchAll(/\b(vesselwatch_[a-z_]+)(\{([^}]*)\})?/g)) {
        const [, name, , matchers] = match;
        if (!names.has(name!)) {
          problems.push(`${rule.alert}: no metric ${name}`);
          continue;
        }
        for (const matcher of (matchers ?? '').split(',').filter(Boolean)) {
          const [label, value] = matcher.split('=').map((part) => part.trim());
          const labelled = series.filter((line) => line.startsWith(`${name}{`) && line.includes(`${label}=`));
          if (labelled.length === 0) problems.push(`${rule.alert}: ${name} has no label ${label}`);
          else if (!labelled.some((line) => line.includes(`${label}=${value}`))) {
            problems.push(`${rule.alert}: ${name} never has ${label}=${value}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
