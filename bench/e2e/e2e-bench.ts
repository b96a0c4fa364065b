/**
 * `npm run bench:e2e`: the processor end to end on the real services. Simulated fixes are produced to the
 * real Kafka broker and processed by a processor in a process of its own (bench/e2e/processor-process.ts,
 * the same code as `vesselwatch processor`) into the real PostgreSQL server. Prints the machine, then:
 *
 * 0. the baseline, in the same run: the throughput of 1. with one partition handled at a time
 *    (VW_PROCESSOR_CONCURRENT_PARTITIONS=1), in a database and on topics of its own;
 * 0b. the bus ceiling (bus-ceiling.ts): the same backlog consumed, decoded and its latest positions
 *    produced with the processor's consumer settings but no rules and no database, with the machine's CPU
 *    use meanwhile; the processor cannot be faster than this on this machine;
 * 1. sustained throughput: a backlog of fixes (VW_E2E_FIXES, default 300,000, of VW_E2E_VESSELS vessels)
 *    produced first, then consumed; fixes/s between 10% and 100% applied (offsets stored with the batch),
 *    with the processor's own concurrentPartitions (or VW_PROCESSOR_CONCURRENT_PARTITIONS), and the ratio
 *    to the baseline;
 * 2. fix-to-alert latency at a fixed 5,000 fixes/s: fixes sent in real time, each alert event timed from the
 *    send of the fix that caused it to its arrival on the alerts topic (p50 / p99);
 *    Both print the processor's mean time per batch phase (rules, produce, store;
 *    vesselwatch_processor_batch_phase_seconds), which says where a batch's time goes;
 * 3. the processor's RSS after both;
 * 4. memory of 1,000,000 vessels' rule states (VesselRuleState, in a Map as the processor holds them),
 *    measured in this process with forced GC (run with --expose-gc).
 * Last line: `e2e-bench fixes_per_s=<n> p99_ms=<n> state_mb_per_million=<n>`.
 *
 * Budgets (../shared/DESIGN.md): >= 50,000 fixes/s on a 2-core machine; p99 <= 250 ms at 5,000 fixes/s;
 * <= 1,000 MB per million vessels. VW_E2E_PROFILE=1 runs the processor with --cpu-prof and prints where
 * its CPU time went during the throughput phase.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { KafkaBus, type OutgoingMessage } from '@vesselwatch/bus';
import { FIX_MESSAGE_CONTENT_TYPE, decodeAlertEvent, encodeFixMessage } from '@vesselwatch/codecs';
import { MINUTE_MS, type PositionFix } from '@vesselwatch/domain';
import { ZoneIndex } from '@vesselwatch/geo';
import { DEFAULT_RULES_CONFIG, RulesEngine, type VesselRuleState } from '@vesselwatch/rules';
import { PROCESSOR_SETTINGS_DEFAULT } from '@vesselwatch/processor';
import { createScratchDatabase, openStore, type Store } from '@vesselwatch/store';
import { measureBusCeiling } from './bus-ceiling';
import {
  KAFKA_TEST_BROKERS_DEFAULT,
  POSTGRES_TEST_URL_DEFAULT,
  SCENARIO_ZONE_SET_VERSION,
  scenarioFixes,
  scenarioProfile,
  scenarioVessels,
  scenarioZones,
} from '@vesselwatch/testkit';

const env = process.env;
const BROKERS = env.KAFKA_BROKERS ?? KAFKA_TEST_BROKERS_DEFAULT;
const SERVER_URL = env.DATABASE_URL ?? POSTGRES_TEST_URL_DEFAULT;
const PARTITIONS = Number(env.VW_E2E_PARTITIONS ?? 12);
const BACKLOG_FIXES = Number(env.VW_E2E_FIXES ?? 300_000);
const BACKLOG_VESSELS = Number(env.VW_E2E_VESSELS ?? 10_000);
const LATENCY_RATE = 5_000;
const LATENCY_SECONDS = Number(env.VW_E2E_LATENCY_S ?? 20);
const LATENCY_VESSELS = 2_000;
const STATE_VESSELS = 1_000_000;
const PROFILE = env.VW_E2E_PROFILE === '1';
const processScript = fileURLToPath(new URL('./processor-process.ts', import.meta.url));

function machine(): string {
  const cpu = cpus();
  return [
    `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} logical CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `         ${platform()} ${release()}, Node ${process.version}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  ].join('\n');
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function fixMessage(fix: PositionFix): OutgoingMessage {
  return {
    key: fix.vesselId,
    value: encodeFixMessage(fix),
    timestampMs: fix.reportedAtMs,
    headers: { 'content-type': FIX_MESSAGE_CONTENT_TYPE },
  };
}

interface ProcessorChild {
  child: ChildProcess;
  url: string;
  profileDir: string | null;
}

async function startProcessor(
  prefix: string,
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<ProcessorChild> {
  const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'vw-e2e-prof-')) : null;
  const child = spawn(
    process.execPath,
    [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--import', 'tsx', processScript],
    {
      env: {
        ...env,
        KAFKA_BROKERS: BROKERS,
        DATABASE_URL: databaseUrl,
        VW_E2E_TOPIC_PREFIX: prefix,
        VW_E2E_PARTITIONS: String(PARTITIONS),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk;
      const match = /\{"ready":"([^"]+)"\}/.exec(buffered);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the processor exited with ${code} before it was ready`)));
  });
  return { child, url, profileDir };
}

/** Fixes applied so far: the sum of the stored next offsets (one small query; never the states themselves). */
async function appliedCount(
  store: Awaited<ReturnType<typeof openStore>>,
  groupId: string,
  topic: string,
): Promise<bigint> {
  const { rows } = await store.driver.query<{ applied: string }>(
    'SELECT coalesce(sum(next_offset), 0)::text AS applied FROM processor_offsets WHERE group_id = $1 AND topic = $2',
    [groupId, topic],
  );
  return BigInt(rows[0]!.applied);
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = new RegExp(`^${name} ([0-9.e+]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

type PhaseTotals = Record<'rules' | 'produce' | 'store', { seconds: number; count: number }>;

/** The processor's cumulative time per batch phase (vesselwatch_processor_batch_phase_seconds). */
async function phaseTotals(url: string): Promise<PhaseTotals> {
  const totals = {} as PhaseTotals;
  for (const phase of ['rules', 'produce', 'store'] as const) {
    const series = `vesselwatch_processor_batch_phase_seconds_%s\\{phase="${phase}"\\}`;
    totals[phase] = {
      seconds: await metric(url, series.replace('%s', 'sum')),
      count: await metric(url, series.replace('%s', 'count')),
    };
  }
  return totals;
}

/** Mean milliseconds per phase between two readings, e.g. "rules 12 ms, produce 30 ms, store 80 ms". */
function phaseMeans(before: PhaseTotals | null, after: PhaseTotals): string {
  return (Object.keys(after) as Array<keyof PhaseTotals>)
    .map((phase) => {
      const seconds = after[phase].seconds - (before?.[phase].seconds ?? 0);
      const count = after[phase].count - (before?.[phase].count ?? 0);
      return `${phase} ${count > 0 ? ((1000 * seconds) / count).toFixed(1) : '-'} ms`;
    })
    .join(', ');
}

/** Top functions by self time in a .cpuprofile (Chrome format). */
function profileSummary(dir: string): string {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return '  (no profile written)';
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
    samples: number[];
    timeDeltas: number[];
  };
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)),
  );
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    total += us;
    const where = node.callFrame.url
      .replace(/^.*\/(node_modules|work\/main)\//, '')
      .replace(/^file:\/\//, '');
    const key = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const byArea = new Map<string, number>();
  for (const [key, us] of byFunction) {
    const area = /\(idle\)/.test(key)
      ? 'idle'
      : /\(garbage collector\)/.test(key)
        ? 'garbage collector'
        : /kafkajs/.test(key)
          ? 'kafkajs'
          : /pg\/|pg-protocol|pg-types/.test(key)
            ? 'pg (node-postgres)'
            : /packages\/rules|packages\/geo/.test(key)
              ? 'rules + geo'
              : /zod/.test(key)
                ? 'zod (decoding fixes)'
                : /JSON|stringify|parse/.test(key)
                  ? 'JSON'
                  : 'other';
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const lines = [...byArea]
    .sort((a, b) => b[1] - a[1])
    .map(([area, us]) => `  ${area.padEnd(22)} ${((100 * us) / total).toFixed(1)}%`);
  const top = [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([key, us]) => `    ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
  return [...lines, '  top functions by self time:', ...top].join('\n');
}

/** Rule states of 1,000,000 vessels held as the processor holds them; MB per million from the heap. */
function measureStateMemory(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:e2e does)');
  const engine = new RulesEngine({
    zones: ZoneIndex.build(scenarioZones()),
    zoneSetVersion: SCENARIO_ZONE_SET_VERSION,
    config: DEFAULT_RULES_CONFIG,
  });
  // Each vessel two fixes from somewhere along the scenario's track (some far out, some approaching, some
  // across the boundary): states with and without open alert episodes, in the mix of a fleet at sea.
  const track = scenarioFixes({ vessels: 90, stepsPerVessel: 52 });
  gc();
  const before = process.memoryUsage().heapUsed;
  const states = new Map<string, VesselRuleState>();
  let withEpisodes = 0;
  for (let vessel = 0; vessel < STATE_VESSELS; vessel++) {
    const vesselId = `VN-${String(vessel).padStart(7, '0')}`;
    const step = vessel % 51;
    const lane = vessel % 90;
    let state: VesselRuleState | null = null;
    for (const at of [step, step + 1]) {
      const template = track[at * 90 + lane]!;
      const fix: PositionFix = { ...template, vesselId, terminalId: `T${vesselId}` };
      state = engine.applyFix(state, fix, scenarioProfile(vesselId)).state;
    }
    if (state!.episodes.length > 0) withEpisodes += 1;
    states.set(vesselId, state!);
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  const mb = (after - before) / 2 ** 20;
  console.log(
    `state memory: ${states.size.toLocaleString('en')} vessels (${withEpisodes.toLocaleString('en')} with an open alert episode) = ${mb.toFixed(0)} MB of heap`,
  );
  return mb * (1_000_000 / states.size);
}

/** One run's own database (zones and vessels loaded), topics and group, so runs never see each other. */
interface BenchRun {
  database: Awaited<ReturnType<typeof createScratchDatabase>>;
  store: Store;
  prefix: string;
  topics: { fixes: string; alerts: string };
  groupId: string;
}

async function setUpRun(bus: KafkaBus): Promise<BenchRun> {
  const database = await createScratchDatabase(SERVER_URL, 'vw_e2e_bench');
  const store = await openStore({ url: database.url });
  const prefix = `vw-e2e-bench-${randomBytes(4).toString('hex')}`;
  await store.saveZoneSet(SCENARIO_ZONE_SET_VERSION, scenarioZones(), { activate: true });
  await store.upsertVessels(scenarioVessels(BACKLOG_VESSELS, 'bl-', 100_000));
  await store.upsertVessels(scenarioVessels(LATENCY_VESSELS, 'lt-', 500_000));
  await bus.ensureTopics([
    { topic: `${prefix}.fixes`, partitions: PARTITIONS },
    { topic: `${prefix}.fixes.dlq`, partitions: 1 },
    { topic: `${prefix}.alerts`, partitions: PARTITIONS },
    { topic: `${prefix}.live`, partitions: PARTITIONS },
  ]);
  return {
    database,
    store,
    prefix,
    topics: { fixes: `${prefix}.fixes`, alerts: `${prefix}.alerts` },
    groupId: `${prefix}-processor`,
  };
}

async function stopProcessor(processor: ProcessorChild): Promise<void> {
  processor.child.kill('SIGTERM');
  await new Promise((resolve) => processor.child.once('exit', resolve));
}

/**
 * Produces the backlog, then starts a processor and times it through: fixes/s between 10% and 100%
 * applied (offsets stored with the batches). Returns the processor still running.
 */
async function runBacklog(
  bus: KafkaBus,
  run: BenchRun,
  backlog: PositionFix[],
  processorEnv: Record<string, string> = {},
): Promise<{ processor: ProcessorChild; fixesPerS: number; startedAt: number; doneAt: number }> {
  const producer = await bus.producer();
  const produceStart = performance.now();
  for (let start = 0; start < backlog.length; start += 2_000) {
    await producer.send(run.topics.fixes, backlog.slice(start, start + 2_000).map(fixMessage));
  }
  await producer.close();
  console.log(
    `backlog: ${backlog.length.toLocaleString('en')} fixes of ${BACKLOG_VESSELS.toLocaleString('en')} vessels produced in ${((performance.now() - produceStart) / 1000).toFixed(1)} s`,
  );
  const processor = await startProcessor(run.prefix, run.database.url, processorEnv);
  const total = BigInt(backlog.length);
  let tenPercentAt = 0;
  const startedAt = performance.now();
  for (;;) {
    const applied = await appliedCount(run.store, run.groupId, run.topics.fixes);
    const now = performance.now();
    if (!tenPercentAt && applied * 10n >= total) tenPercentAt = now;
    if (applied >= total) {
      const fixesPerS = Math.round((0.9 * backlog.length) / ((now - tenPercentAt) / 1000));
      console.log(
        `throughput: ${fixesPerS.toLocaleString('en')} fixes/s sustained (10% -> 100% of the backlog in ${((now - tenPercentAt) / 1000).toFixed(1)} s; all in ${((now - startedAt) / 1000).toFixed(1)} s from start)`,
      );
      return { processor, fixesPerS, startedAt, doneAt: now };
    }
    if (now - startedAt > 30 * 60_000) {
      await stopProcessor(processor);
      throw new Error(`only ${applied} of ${total} fixes applied after 30 minutes`);
    }
    await sleep(100);
  }
}

async function main(): Promise<void> {
  console.log(machine());
  console.log(`services: kafka ${BROKERS}, postgres ${new URL(SERVER_URL).host}; ${PARTITIONS} partitions`);
  const bus = new KafkaBus({
    brokers: BROKERS.split(','),
    clientId: 'vesselwatch-e2e-bench-driver',
    logLevel: 'error',
    consumerTuning: { maxWaitTimeMs: 50 },
  });
  const steps = Math.ceil(BACKLOG_FIXES / BACKLOG_VESSELS);
  const backlog = scenarioFixes({
    vessels: BACKLOG_VESSELS,
    stepsPerVessel: steps,
    idPrefix: 'bl-',
    startMs: Date.now() - (steps + 1) * 5 * MINUTE_MS,
  }).slice(0, BACKLOG_FIXES);

  // 0. Baseline in the same run: the same backlog with one partition handled at a time.
  console.log('baseline: one partition at a time (VW_PROCESSOR_CONCURRENT_PARTITIONS=1)');
  const baseline = await setUpRun(bus);
  let baselineFixesPerS: number;
  try {
    const measured = await runBacklog(bus, baseline, backlog, { VW_PROCESSOR_CONCURRENT_PARTITIONS: '1' });
    baselineFixesPerS = measured.fixesPerS;
    await stopProcessor(measured.processor);
  } finally {
    await baseline.store.close();
    await baseline.database.drop();
  }

  const concurrent =
    env.VW_PROCESSOR_CONCURRENT_PARTITIONS ?? String(PROCESSOR_SETTINGS_DEFAULT.concurrentPartitions);
  const ceiling = await measureBusCeiling(bus, backlog.map(fixMessage), {
    partitions: PARTITIONS,
    maxBatchSize: PROCESSOR_SETTINGS_DEFAULT.maxBatchSize,
    concurrentPartitions: Number(concurrent),
  });
  console.log(
    `ceiling: the bus alone (fixes consumed and decoded, latest position per vessel produced; no rules, no database): ${ceiling.fixesPerS.toLocaleString('en')} fixes/s, the machine busy ${ceiling.machineCores.toFixed(2)} of ${cpus().length} cores (${ceiling.consumerCores.toFixed(2)} this consumer, the rest mostly the broker)`,
  );
  // The CPU budget per fix that a target rate leaves on this machine, against what the bus alone spends.
  const busMicros = (1e6 * ceiling.machineCores) / ceiling.fixesPerS;
  console.log(
    `  the bus alone costs ${busMicros.toFixed(1)} µs of CPU per fix (all processes); ${cpus().length} cores at 50,000 fixes/s allow ${((1e6 * cpus().length) / 50_000).toFixed(1)} µs per fix for everything`,
  );
  console.log(`measured: ${concurrent} partitions at a time (the processor's setting)`);
  const run = await setUpRun(bus);
  const { store, topics, prefix } = run;
  let processor: ProcessorChild | null = null;
  try {
    // 1. Throughput on a backlog.
    const measured = await runBacklog(bus, run, backlog);
    processor = measured.processor;
    const { fixesPerS, startedAt, doneAt } = measured;
    console.log(
      `  ${(fixesPerS / baselineFixesPerS).toFixed(2)}x the baseline's ${baselineFixesPerS.toLocaleString('en')} fixes/s; ${Math.round((100 * fixesPerS) / ceiling.fixesPerS)}% of the bus ceiling`,
    );
    const producer = await bus.producer();
    const rssAfterBacklogMb = (await metric(processor.url, 'process_resident_memory_bytes')) / 2 ** 20;
    const batchCount = await metric(
      processor.url,
      'vesselwatch_processor_batch_seconds_count\\{kind="fixes"\\}',
    );
    const batchSeconds = await metric(
      processor.url,
      'vesselwatch_processor_batch_seconds_sum\\{kind="fixes"\\}',
    );
    console.log(
      `  processor: ${batchCount.toLocaleString('en')} batches of ${Math.round(backlog.length / batchCount)} fixes on average, ${((1000 * batchSeconds) / batchCount).toFixed(0)} ms each (rules, produce, one transaction); busy ${((100 * batchSeconds) / ((doneAt - startedAt) / 1000)).toFixed(0)}% of the time (over 100%: partitions in parallel)`,
    );
    const phasesAfterBacklog = await phaseTotals(processor.url);
    console.log(`  mean time per batch phase: ${phaseMeans(null, phasesAfterBacklog)}`);

    // 2. Latency at 5,000 fixes/s: send times by (vessel, event time); events timed on arrival.
    const latencySteps = Math.ceil((LATENCY_RATE * LATENCY_SECONDS) / LATENCY_VESSELS);
    const live = scenarioFixes({
      vessels: LATENCY_VESSELS,
      stepsPerVessel: latencySteps,
      idPrefix: 'lt-',
      startMs: Date.now() - (latencySteps + 1) * 5 * MINUTE_MS,
    });
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const alerts = bus.consumer({
      groupId: `${prefix}-latency-reader`,
      topics: [topics.alerts],
      fromBeginning: false,
    });
    await alerts.run(async (batch) => {
      const now = Date.now();
      for (const message of batch.messages) {
        const event = decodeAlertEvent(message.value);
        const sent = sentAt.get(`${event.alert.vesselId}@${event.alert.lastUpdatedAtMs}`);
        if (sent !== undefined) latencies.push(now - sent);
      }
    });
    const tickMs = 100;
    const perTick = (LATENCY_RATE * tickMs) / 1000;
    const sendStart = Date.now();
    for (let start = 0, tick = 0; start < live.length; start += perTick, tick++) {
      const due = sendStart + tick * tickMs;
      if (due > Date.now()) await sleep(due - Date.now());
      const chunk = live.slice(start, start + perTick);
      const now = Date.now();
      for (const fix of chunk) sentAt.set(`${fix.vesselId}@${fix.reportedAtMs}`, now);
      await producer.send(topics.fixes, chunk.map(fixMessage));
    }
    const sendSeconds = (Date.now() - sendStart) / 1000;
    await sleep(3_000);
    await alerts.stop();
    latencies.sort((a, b) => a - b);
    const p50 = quantile(latencies, 0.5);
    const p99 = quantile(latencies, 0.99);
    console.log(
      `latency: ${live.length.toLocaleString('en')} fixes at ${Math.round(live.length / sendSeconds).toLocaleString('en')} fixes/s for ${sendSeconds.toFixed(1)} s; ${latencies.length.toLocaleString('en')} alert events, fix sent -> event on the alerts topic: p50 ${p50} ms, p99 ${p99} ms, max ${latencies.at(-1)} ms`,
    );
    console.log(
      `  mean time per batch phase: ${phaseMeans(phasesAfterBacklog, await phaseTotals(processor.url))}`,
    );
    const rssMb = (await metric(processor.url, 'process_resident_memory_bytes')) / 2 ** 20;
    const vessels = await metric(processor.url, 'vesselwatch_processor_vessels');
    console.log(
      `processor RSS: ${rssAfterBacklogMb.toFixed(0)} MB after the backlog, ${rssMb.toFixed(0)} MB after the latency run (${vessels.toLocaleString('en')} vessels' states held)`,
    );
    await producer.close();
    await stopProcessor(processor);
    if (processor.profileDir) {
      console.log(
        `processor CPU profile (throughput and latency runs):\n${profileSummary(processor.profileDir)}`,
      );
      rmSync(processor.profileDir, { recursive: true, force: true });
    }
    processor = null;

    // 4. State memory for a million vessels.
    const mbPerMillion = measureStateMemory();
    console.log(`state memory: ${mbPerMillion.toFixed(0)} MB per million vessels`);
    console.log(
      `e2e-bench fixes_per_s=${fixesPerS} p99_ms=${p99} state_mb_per_million=${Math.round(mbPerMillion)}`,
    );
  } finally {
    if (processor && processor.child.exitCode === null) processor.child.kill('SIGKILL');
    await bus.close();
    await store.close();
    await run.database.drop();
  }
}

await main();
