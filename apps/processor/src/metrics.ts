import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the gauges read from the processor at scrape time. */
export interface LagSource {
  /** Partition -> lag in messages (end offset minus the first offset not yet applied), owned partitions only. */
  consumerLag(): Promise<Map<number, number>>;
  /** Vessels whose rule state the processor holds in memory, and partitions it owns. */
  stateSize(): { vessels: number; partitions: number };
}

/**
 * The processor's Prometheus metrics (text format at /metrics). Rates are the scraper's job:
 * `rate(vesselwatch_processor_fixes_total[1m])` is fixes/s.
 */
export class ProcessorMetrics {
  readonly registry: Registry;
  readonly fixes: Counter<'verdict'>;
  readonly alertEvents: Counter<'type' | 'transition'>;
  readonly deadLetters: Counter<'reason'>;
  readonly skippedMessages: Counter;
  readonly batchSeconds: Histogram<'kind'>;
  readonly batchPhaseSeconds: Histogram<'phase'>;
  readonly batchFailures: Counter<'kind' | 'code'>;
  readonly offsetConflicts: Counter;
  readonly zoneSetChanges: Counter;
  readonly offsetGaps: Counter;
  readonly expiredMessages: Counter;
  readonly lagSeconds: Gauge;
  private lagSource: LagSource | null = null;

  /** `registry`: share one with other apps of the process (all-in-one), or let the processor have its own. */
  constructor(registry: Registry = new Registry(), options: { defaultMetrics?: boolean } = {}) {
    this.registry = registry;
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
    const registers = [registry];
    this.fixes = new Counter({
      name: 'vesselwatch_processor_fixes_total',
      help: 'Position fixes processed, by verdict of the rules (accepted, late, rejected).',
      labelNames: ['verdict'],
      registers,
    });
    for (const verdict of ['accepted', 'late', 'rejected']) this.fixes.inc({ verdict }, 0);
    this.alertEvents = new Counter({
      name: 'vesselwatch_processor_alert_events_total',
      help: 'Alert episode transitions produced to the alerts topic, by alert type and transition.',
      labelNames: ['type', 'transition'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'vesselwatch_processor_dead_letters_total',
      help: 'Messages of the fixes topic that were not valid fixes, sent to the dead-letter topic, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.skippedMessages = new Counter({
      name: 'vesselwatch_processor_redelivered_skipped_total',
      help: 'Redelivered messages skipped because their effect was already stored (below the stored offset).',
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'vesselwatch_processor_batch_seconds',
      help: 'Time to handle one unit of work: rules, produce, one database transaction (kind: fixes, signal_sweep, zone_reevaluation).',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.batchPhaseSeconds = new Histogram({
      name: 'vesselwatch_processor_batch_phase_seconds',
      help: 'Where the time of a unit of work goes (phase: rules = decoding fixes and applying the rules, produce = alerts, live updates and dead letters to the bus, store = the database transaction).',
      labelNames: ['phase'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.batchFailures = new Counter({
      name: 'vesselwatch_processor_batch_failures_total',
      help: 'Units of work that failed and will be tried again (e.g. the database is down), by kind and error code.',
      labelNames: ['kind', 'code'],
      registers,
    });
    this.offsetConflicts = new Counter({
      name: 'vesselwatch_processor_offset_conflicts_total',
      help: 'Batches refused because another processor had written the partition; the partition was reloaded.',
      registers,
    });
    this.zoneSetChanges = new Counter({
      name: 'vesselwatch_processor_zone_set_changes_total',
      help: 'Zone-set versions activated while running (each re-evaluates every owned vessel).',
      registers,
    });
    this.offsetGaps = new Counter({
      name: 'vesselwatch_processor_offset_gaps_total',
      help: 'Batches refused because the bus delivered from beyond the stored offset (VW_ERR_PROCESSOR_OFFSET_GAP).',
      registers,
    });
    this.expiredMessages = new Counter({
      name: 'vesselwatch_processor_expired_messages_total',
      help: 'Fixes the bus deleted (retention) before the processor applied them (VW_ERR_PROCESSOR_MESSAGES_EXPIRED).',
      registers,
    });
    this.lagSeconds = new Gauge({
      name: 'vesselwatch_processor_lag_seconds',
      help: 'Per owned partition: how long before the start of its latest batch that batch was appended to the bus. Compare with the retention of vms.fixes.',
      labelNames: ['partition'],
      registers,
    });
    const source = () => this.lagSource;
    new Gauge({
      name: 'vesselwatch_processor_consumer_lag',
      help: 'Messages of the fixes topic not yet applied, per owned partition (end offset minus applied offset).',
      labelNames: ['partition'],
      registers,
      async collect() {
        this.reset();
        const lagSource = source();
        if (!lagSource) return;
        for (const [partition, messages] of await lagSource.consumerLag()) {
          this.set({ partition: String(partition) }, messages);
        }
      },
    });
    new Gauge({
      name: 'vesselwatch_processor_vessels',
      help: 'Vessels whose rule state this processor holds in memory.',
      registers,
      collect() {
        this.set(source()?.stateSize().vessels ?? 0);
      },
    });
    new Gauge({
      name: 'vesselwatch_processor_partitions',
      help: 'Partitions of the fixes topic this processor owns.',
      registers,
      collect() {
        this.set(source()?.stateSize().partitions ?? 0);
      },
    });
  }

  /** The processor tells the metrics where to read lag and state size from. */
  observe(source: LagSource): void {
    this.lagSource = source;
  }

  /** The Prometheus text exposition of every metric in the registry. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
