import { createBus, type Bus, type BusConfig, type TopicSpec } from '@vesselwatch/bus';
import { openStore, type StoreConfig } from '@vesselwatch/store';
import { Notifier } from './notifier';
import type { NotifierLogger, NotifierSettings } from './settings';

export interface StandaloneNotifierOptions {
  bus: BusConfig;
  database: StoreConfig;
  /** Topics to create when missing (the alerts topic it reads and the downlink topic it writes). */
  topicSpecs: TopicSpec[];
  settings: NotifierSettings;
}

export interface RunningStandaloneNotifier {
  notifier: Notifier;
  bus: Bus;
  /** Stops consuming and sending (in-flight work is finished and marked), then the bus and the database. */
  close(): Promise<void>;
}

/** The notifier as its own process (`vesselwatch notifier`): database, bus, notifier. */
export async function startStandaloneNotifier(
  options: StandaloneNotifierOptions,
  log: NotifierLogger,
): Promise<RunningStandaloneNotifier> {
  const store = await openStore(options.database);
  let bus: Bus | null = null;
  try {
    bus = createBus(options.bus);
    await bus.ensureTopics(options.topicSpecs);
    const notifier = await Notifier.start({ bus, store, log }, options.settings);
    const openBus = bus;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        const failures: unknown[] = [];
        for (const [what, step] of [
          ['stopping the notifier', () => notifier.stop()],
          ['closing the bus', () => openBus.close()],
          ['closing the database', () => store.close()],
        ] as const) {
          try {
            await step();
          } catch (error) {
            failures.push(error);
            log.error({ err: error }, `${what} failed`);
          }
        }
        if (failures.length > 0) throw new AggregateError(failures, 'the notifier did not shut down cleanly');
      })());
    return { notifier, bus: openBus, close };
  } catch (error) {
    await Promise.allSettled([bus?.close(), store.close()]);
    throw error;
  }
}
