import { createBus } from '@vesselwatch/bus';
import { createIngestPath, InMemoryTerminalDirectory } from '@vesselwatch/gateway';
import { openStore } from '@vesselwatch/store';
import { topicSpecs } from '../all-in-one';
import type { AppConfig } from '../config';
import { parseReplayArgs } from './replay-args';
import { replayFiles, resolveReplayFiles } from './replay-files';
import { type ReplayProgress, formatProgressLine, formatSummary } from './replay-progress';

/** How often the progress line is redrawn on a terminal, and printed when stderr is a log file. */
const PROGRESS_TTY_INTERVAL_MS = 200;
const PROGRESS_LOG_INTERVAL_MS = 5_000;

/**
 * The terminal directory replay maps fixes with: the vessel registry of the configured database server.
 * On the embedded default the registry is not read: its data directory belongs to the running
 * all-in-one process (PGlite takes no lock), and such a replay is a dry run anyway. Every fix of a
 * terminal the registry does not know is published as unregistered (`unregistered:<source>:<terminal>`).
 */
async function loadTerminalDirectory(config: AppConfig): Promise<InMemoryTerminalDirectory> {
  if (!('url' in config.database)) return new InMemoryTerminalDirectory();
  const store = await openStore(config.database);
  try {
    return new InMemoryTerminalDirectory(await store.terminalRegistrations());
  } finally {
    await store.close();
  }
}

/** `vesselwatch replay <file>...`: publishes files through the gateway path onto the configured bus. */
export async function runReplayCommand(config: AppConfig, args: string[]): Promise<number> {
  const replay = parseReplayArgs(args);
  const { files, skipped } = await resolveReplayFiles(replay.paths, replay.format);
  for (const path of skipped) console.error(`skipping ${path}: not a format replay reads`);
  if (config.bus.kind === 'in-process') {
    console.error(
      'note: KAFKA_BROKERS is unset, so this replay publishes to an in-process bus no other process sees (a dry run).',
    );
  }
  const bus = createBus(config.bus);
  try {
    await bus.ensureTopics(topicSpecs(config.fixesPartitions));
    const producer = await bus.producer();
    const directory = await loadTerminalDirectory(config);
    console.error(`terminal registry: ${directory.size} terminals`);
    const { pipeline } = createIngestPath(producer, directory);
    const tty = process.stderr.isTTY === true;
    let lastDrawMs = 0;
    const draw = (progress: ReplayProgress, force = false) => {
      const now = Date.now();
      if (!force && now - lastDrawMs < (tty ? PROGRESS_TTY_INTERVAL_MS : PROGRESS_LOG_INTERVAL_MS)) return;
      lastDrawMs = now;
      process.stderr.write(
        tty ? `\r${formatProgressLine(progress)}\u001b[K` : `${formatProgressLine(progress)}\n`,
      );
    };
    const startedAtMs = Date.now();
    let last: ReplayProgress | undefined;
    const totals = await replayFiles(pipeline, files, {
      speedFactor: replay.speedFactor,
      batchLines: replay.batchLines,
      onProgress: (progress) => {
        last = progress;
        draw(progress);
      },
    });
    if (last) draw(last, true);
    if (tty) process.stderr.write('\n');
    console.log(formatSummary(totals, files.length, Date.now() - startedAtMs));
    return 0;
  } finally {
    await bus.close();
  }
}
