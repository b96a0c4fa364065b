/**
 * npm run bench:geo — the geofence engine against PostGIS and which-polygon + turf (issue 3).
 *
 * Index: the default zone set (loadDefaultZoneSet: 95-125 E, 0-25 N, territorial seas, treaty lines,
 * approximate EEZs, fishing zones, ports; see docs/zones.md). Workloads: (a) realistic tracks, simulated fishing trips from Vietnamese
 * ports (a VMS fleet reporting every 2 h and an AIS-class fleet every 10 s), through one VesselTracker per
 * vessel as the stream processor will; (b) uniform random points over 100-120 E, 0-25 N, through zonesAt
 * and nearest-boundary calls. Every fix gets its zones and its distance to the nearest foreign waters
 * (flag VNM; 0 inside foreign waters). Rates are fixes per second of one core: CPU time of this process
 * for our engine (the machine may be shared; wall-clock rates are printed too), wall time for PostGIS
 * (a separate server process, one connection).
 *
 * Environment: GEO_BENCH_RANDOM (random points, default 1,000,000), GEO_BENCH_POSTGIS_POINTS (default
 * 20,000), GEO_BENCH_TURF_SECONDS (time budget of the turf sample, default 20), GEO_BENCH_WARM_PASSES
 * (warm passes of each fleet, the fastest counts; default 3), GEO_BENCH_SKIP_POSTGIS=1.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pointToPolygonDistance from '@turf/point-to-polygon-distance';
import { point } from '@turf/helpers';
import whichPolygon from 'which-polygon';
import { VesselTracker, ZoneIndex, type BoundaryFilter } from '@vesselwatch/geo';
import { loadDefaultZoneSet } from '@vesselwatch/zones';
import { preparePostgis, prepareForeignIndex, runPostgis, BENCH_DB } from './postgis-baseline';
import { randomPoints, sample, simulateFleet, type FixStream } from './workloads';

const FLAG = 'VNM';
const RANDOM_POINTS = Number(process.env.GEO_BENCH_RANDOM ?? 1_000_000);
const POSTGIS_POINTS = Number(process.env.GEO_BENCH_POSTGIS_POINTS ?? 20_000);
const TURF_SECONDS = Number(process.env.GEO_BENCH_TURF_SECONDS ?? 20);
const WARM_PASSES = Number(process.env.GEO_BENCH_WARM_PASSES ?? 3);
const root = fileURLToPath(new URL('../..', import.meta.url));

const fmt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : String(n));
const cpuS = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

function line(label: string, value: string): void {
  console.log(`${label.padEnd(58)} ${value}`);
}

// ------------------------------------------------------------------ machine
console.log('== geo-bench (issue 3)');
line(
  'machine',
  `${os.cpus()[0]?.model ?? 'cpu'} x ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
);
line(
  'load average at start (1/5/15 min)',
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
);

// ------------------------------------------------------------------ index
gc();
const before = process.memoryUsage();
let t = performance.now();
const set = await loadDefaultZoneSet();
const loadS = (performance.now() - t) / 1000;
gc();
const afterLoad = process.memoryUsage();
t = performance.now();
const c = cpuS();
const index = ZoneIndex.build(set.zones);
const buildS = (performance.now() - t) / 1000;
const buildCpuS = cpuS() - c;
gc();
const afterBuild = process.memoryUsage();
const peakRss = process.resourceUsage().maxRSS * 1024;
const indexHeap =
  afterBuild.heapUsed + afterBuild.arrayBuffers - (afterLoad.heapUsed + afterLoad.arrayBuffers);
line(
  'zone set',
  `${index.stats.zones} zones, ${index.stats.parts} polygon parts, ${fmt(index.stats.vertices)} vertices, ${fmt(index.stats.edges)} edges`,
);
line(
  'zone set load (JSON parse + conversion)',
  `${loadS.toFixed(2)} s, ${mb(afterLoad.heapUsed + afterLoad.arrayBuffers - before.heapUsed - before.arrayBuffers)}`,
);
line('index build (incl. validation)', `${buildS.toFixed(2)} s wall, ${buildCpuS.toFixed(2)} s CPU`);
line('index memory (typed arrays / heap growth after GC)', `${mb(index.stats.bytes)} / ${mb(indexHeap)}`);
line('peak RSS of the process (zone set JSON + index)', mb(peakRss));
line('quadtree nodes / R-tree nodes', `${fmt(index.stats.quadtreeNodes)} / ${fmt(index.stats.rtreeNodes)}`);

const foreign: BoundaryFilter = index.foreignWatersFilter(FLAG);
t = performance.now();
index.treeOf(foreign);
line(
  `filter "foreign waters for ${FLAG}" compile (its R-tree)`,
  `${((performance.now() - t) / 1000).toFixed(2)} s`,
);

// ------------------------------------------------------------------ ours: realistic
// One fleet picture over the same three days: 3,000 boats on 2-hourly VMS and 40 boats tracked every
// 10 s (AIS class); the mix by fix count is what a processor ingesting both would see.
const DAYS = 3;
const vms = simulateFleet('VMS fleet, 2-hourly fixes', 3000, 7200, 24 * DAYS, 1);
const ais = simulateFleet('AIS-class fleet, 10-second fixes', 40, 10, 24 * DAYS, 2);

function insideForeign(zoneIndices: Int32Array, count: number, filter: BoundaryFilter): boolean {
  for (let k = 0; k < count; k++) if (filter.mask[zoneIndices[k]!] === 1) return true;
  return false;
}

interface Rate {
  fixes: number;
  cpuPerS: number;
  wallPerS: number;
  checksum: number;
}

function runTracks(stream: FixStream): Rate & { zonesFast: number; distanceFast: number } {
  const trackers: VesselTracker[] = [];
  for (let v = 0; v < stream.vessels; v++) trackers.push(new VesselTracker(index, foreign));
  let checksum = 0;
  const w = performance.now();
  const c0 = cpuS();
  for (let i = 0; i < stream.count; i++) {
    const tr = trackers[stream.vessel[i]!]!;
    tr.update(stream.lon[i]!, stream.lat[i]!, stream.atMs[i]!);
    const nm = insideForeign(tr.zoneIndices, tr.zoneCount, foreign) ? 0 : tr.nearestNm;
    checksum += tr.zoneCount + (nm < 1e9 ? nm : 0);
  }
  const cpu = cpuS() - c0;
  const wall = (performance.now() - w) / 1000;
  let zonesFast = 0;
  let distanceFast = 0;
  for (const tr of trackers) {
    zonesFast += tr.counters.zonesFast;
    distanceFast += tr.counters.distanceFast;
  }
  return {
    fixes: stream.count,
    cpuPerS: stream.count / cpu,
    wallPerS: stream.count / wall,
    checksum,
    zonesFast,
    distanceFast,
  };
}

console.log('\n== ours (one core, this process)');
// A processor runs for days: its code is optimised and the index's lazily built parts (per-part quadtrees,
// per-cell candidate lists) exist after the first minutes. So each fleet runs once as a warm-up (printed,
// cold: JIT and lazy builds inside the timing) and the figure comes from warm passes with fresh trackers.
// This machine is shared, and other work slows single passes by up to a third from one minute to the
// next: the fleets take WARM_PASSES turns and each keeps its fastest pass (every pass is printed).
const vmsCold = runTracks(vms);
line(`(a) ${vms.name}, cold first pass`, `${fmt(vmsCold.cpuPerS)} fixes/s (wall ${fmt(vmsCold.wallPerS)})`);
const aisCold = runTracks(ais);
line(`(a) ${ais.name}, cold first pass`, `${fmt(aisCold.cpuPerS)} fixes/s (wall ${fmt(aisCold.wallPerS)})`);
const vmsPasses: ReturnType<typeof runTracks>[] = [];
const aisPasses: ReturnType<typeof runTracks>[] = [];
for (let k = 0; k < WARM_PASSES; k++) {
  vmsPasses.push(runTracks(vms));
  aisPasses.push(runTracks(ais));
}
const fastest = (passes: ReturnType<typeof runTracks>[]): ReturnType<typeof runTracks> =>
  passes.reduce((a, b) => (b.cpuPerS > a.cpuPerS ? b : a));
const passList = (passes: ReturnType<typeof runTracks>[]): string =>
  passes.map((p) => fmt(p.cpuPerS)).join(', ');
const vmsRate = fastest(vmsPasses);
line(
  `(a) ${vms.name}: ${fmt(vms.count)} fixes, ${vms.vessels} vessels`,
  `${fmt(vmsRate.cpuPerS)} fixes/s (wall ${fmt(vmsRate.wallPerS)}; warm passes ${passList(vmsPasses)})`,
);
const aisRate = fastest(aisPasses);
line(
  `(a) ${ais.name}: ${fmt(ais.count)} fixes, ${ais.vessels} vessels`,
  `${fmt(aisRate.cpuPerS)} fixes/s (wall ${fmt(aisRate.wallPerS)}; warm passes ${passList(aisPasses)})`,
);
line(
  '    fast path share (zones / distance), 10-second fleet',
  `${((100 * aisRate.zonesFast) / ais.count).toFixed(1)} % / ${((100 * aisRate.distanceFast) / ais.count).toFixed(1)} %`,
);
const realisticFixes = vms.count + ais.count;
const realisticPerS = realisticFixes / (vms.count / vmsRate.cpuPerS + ais.count / aisRate.cpuPerS);
const realisticWall = realisticFixes / (vms.count / vmsRate.wallPerS + ais.count / aisRate.wallPerS);
line(
  `(a) realistic, both fleets together: ${fmt(realisticFixes)} fixes`,
  `${fmt(realisticPerS)} fixes/s (wall ${fmt(realisticWall)})`,
);

function runRandom(stream: FixStream): Rate {
  const out = new Int32Array(64);
  let checksum = 0;
  const w = performance.now();
  const c0 = cpuS();
  for (let i = 0; i < stream.count; i++) {
    const lon = stream.lon[i]!;
    const lat = stream.lat[i]!;
    const n = index.zonesAtInto(lon, lat, stream.atMs[i]!, out);
    const nm = insideForeign(out, n, foreign) ? 0 : index.nearestBoundaryNm(lon, lat, foreign);
    checksum += n + (nm < 1e9 ? nm : 0);
  }
  const cpu = cpuS() - c0;
  return {
    fixes: stream.count,
    cpuPerS: stream.count / cpu,
    wallPerS: stream.count / ((performance.now() - w) / 1000),
    checksum,
  };
}

const random = randomPoints(RANDOM_POINTS, 3);
const cold = runRandom(random);
line(
  `(b) random points, first pass (cell lists built on the way)`,
  `${fmt(cold.cpuPerS)} points/s (wall ${fmt(cold.wallPerS)})`,
);
const warm = runRandom(randomPoints(RANDOM_POINTS, 4));
line(
  `(b) random points, second pass (new points, lists warm)`,
  `${fmt(warm.cpuPerS)} points/s (wall ${fmt(warm.wallPerS)})`,
);
line('    candidate-list cache of the filter after both passes', mb(foreign.cells?.bytes ?? 0));
// The reported random figure is the whole first pass: every cell list built inside the timing.
const randomPerS = cold.cpuPerS;

// ------------------------------------------------------------------ PostGIS
let postgisPerS = NaN;
const randomSample = sample(random, POSTGIS_POINTS);
if (process.env.GEO_BENCH_SKIP_POSTGIS !== '1') {
  console.log(`\n== PostGIS baseline (native PostgreSQL, database ${BENCH_DB}, one connection)`);
  const script = `${root}/scripts/services/postgres.sh`;
  execFileSync('bash', [script, 'install-postgis'], { stdio: ['ignore', 'ignore', 'inherit'] });
  let env = '';
  try {
    env = execFileSync('bash', [script, 'status'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    env = execFileSync('bash', [script, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  }
  const adminUrl = /DATABASE_URL=(\S+)/.exec(env)?.[1];
  if (!adminUrl) throw new Error('postgres.sh printed no DATABASE_URL');
  const setup = await preparePostgis(adminUrl, set.zones);
  line(
    'setup (load, ST_Subdivide 256, GiST; cached between runs)',
    `${setup.setupS.toFixed(1)} s, ${fmt(setup.pieces)} pieces`,
  );
  t = performance.now();
  await prepareForeignIndex(setup.url, FLAG);
  line(
    `partial GiST index for "foreign waters for ${FLAG}"`,
    `${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const foreignIds = new Set(index.zones.filter((_, i) => foreign.mask[i] === 1).map((z) => z.id));
  const pgRandom = await runPostgis(setup.url, randomSample, FLAG, foreignIds);
  line(
    `(b) random, ${fmt(pgRandom.points)} points: ST_Covers membership`,
    `${fmt(pgRandom.membershipPerS)} points/s`,
  );
  line(
    `(b) random: KNN + ST_Distance(geography) to foreign waters`,
    `${fmt(pgRandom.distancePerS)} points/s`,
  );
  line(`(b) random: both (what each fix needs)`, `${fmt(pgRandom.combinedPerS)} points/s`);
  postgisPerS = pgRandom.combinedPerS;
  const pgReal = await runPostgis(
    setup.url,
    sample(vms, Math.min(POSTGIS_POINTS, vms.count)),
    FLAG,
    foreignIds,
  );
  line(
    `(a) realistic (VMS fleet sample, ${fmt(pgReal.points)} fixes): both`,
    `${fmt(pgReal.combinedPerS)} fixes/s`,
  );

  // Agreement with ours on the random sample (PostGIS edges are geodesics too; zones as sets).
  let zoneAgree = 0;
  let worstNm = 0;
  let worstAt = '';
  const out = new Int32Array(64);
  for (let i = 0; i < randomSample.count; i++) {
    const lon = randomSample.lon[i]!;
    const lat = randomSample.lat[i]!;
    const n = index.zonesAtInto(lon, lat, randomSample.atMs[i]!, out);
    const ours = Array.from(out.subarray(0, n), (z) => index.zones[z]!.id)
      .sort()
      .join();
    if (ours === (pgRandom.zonesOf[i] ?? []).slice().sort().join()) zoneAgree++;
    const nm = insideForeign(out, n, foreign) ? 0 : index.nearestBoundaryNm(lon, lat, foreign);
    const theirs = pgRandom.foreignNm[i]!;
    const gap = Number.isFinite(theirs) ? Math.abs(nm - theirs) / (0.001 * theirs + 5 / 1852) : 0;
    if (gap > worstNm) {
      worstNm = gap;
      worstAt = `[${lon.toFixed(5)}, ${lat.toFixed(5)}]: ours ${nm.toFixed(4)} nm, PostGIS ${theirs.toFixed(4)} nm`;
    }
  }
  line(
    'agreement with PostGIS: same zones',
    `${((100 * zoneAgree) / randomSample.count).toFixed(3)} % of points`,
  );
  line('agreement with PostGIS: worst distance gap / (0.1 % + 5 m)', `${worstNm.toFixed(3)} at ${worstAt}`);
} else {
  console.log('\n== PostGIS baseline skipped (GEO_BENCH_SKIP_POSTGIS=1)');
}

// ------------------------------------------------------------------ which-polygon + turf
console.log('\n== which-polygon (lookup) + @turf/point-to-polygon-distance (distance), in process, sampled');
const features = set.zones
  .filter((z) => z.geometry.type === 'Polygon' || z.geometry.type === 'MultiPolygon')
  .map((z) => ({
    type: 'Feature' as const,
    properties: { id: z.id, jurisdiction: z.jurisdiction, kind: z.kind },
    geometry: z.geometry,
  }));
t = performance.now();
const lookup = whichPolygon({ type: 'FeatureCollection', features });
line('which-polygon build', `${((performance.now() - t) / 1000).toFixed(2)} s`);
{
  const n = Math.min(20_000, randomSample.count);
  const c0 = cpuS();
  let hits = 0;
  for (let i = 0; i < n; i++)
    hits += (lookup([randomSample.lon[i]!, randomSample.lat[i]!], true) ?? []).length;
  line(
    `(b) random, ${fmt(n)} points: which-polygon lookup alone`,
    `${fmt(n / (cpuS() - c0))} points/s (${hits} hits)`,
  );
}
{
  // Nearest foreign waters with turf: the distance to every foreign polygon whose box lies within 5 degrees.
  const candidates = features.filter(
    (f) => f.properties.jurisdiction !== FLAG && ['territorial_sea', 'eez'].includes(f.properties.kind),
  );
  const boxes = candidates.map((f) => {
    const coords = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat(
      2,
    ) as number[][];
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const [x, y] of coords) {
      minX = Math.min(minX, x!);
      maxX = Math.max(maxX, x!);
      minY = Math.min(minY, y!);
      maxY = Math.max(maxY, y!);
    }
    return [minX, minY, maxX, maxY] as const;
  });
  let done = 0;
  const c0 = cpuS();
  const w0 = performance.now();
  while (done < randomSample.count && performance.now() - w0 < TURF_SECONDS * 1000) {
    const lon = randomSample.lon[done]!;
    const lat = randomSample.lat[done]!;
    let best = Infinity;
    candidates.forEach((f, k) => {
      const b = boxes[k]!;
      if (lon < b[0] - 5 || lon > b[2] + 5 || lat < b[1] - 5 || lat > b[3] + 5) return;
      const d = pointToPolygonDistance(point([lon, lat]), f as never, {
        units: 'nauticalmiles',
        method: 'geodesic',
      });
      best = Math.min(best, Math.max(0, d));
    });
    done++;
  }
  line(
    `(b) random, ${done} points: turf nearest-foreign distance`,
    `${(done / (cpuS() - c0)).toFixed(2)} points/s`,
  );
}

// ------------------------------------------------------------------ summary
console.log('\n== targets');
line(
  'realistic >= 1,000,000 fixes/s on one core',
  `${fmt(realisticPerS)} ${realisticPerS >= 1e6 ? 'met' : 'NOT met'}`,
);
line('random >= 200,000 points/s', `${fmt(randomPerS)} ${randomPerS >= 2e5 ? 'met' : 'NOT met'}`);
const speedup = randomPerS / postgisPerS;
line(
  '>= 10x PostGIS on random points',
  `${speedup.toFixed(1)}x ${speedup >= 10 ? 'met' : Number.isNaN(speedup) ? 'not measured' : 'NOT met'}`,
);
line(
  'world index build <= 10 s and <= 1 GB',
  `${buildS.toFixed(2)} s, peak RSS ${mb(peakRss)} ${buildS <= 10 && peakRss <= 1e9 ? 'met' : 'NOT met'}`,
);
line(
  'load average at end (1/5/15 min)',
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
);
console.log(
  `geo-bench fixes_per_s=${Math.round(realisticPerS)} random_per_s=${Math.round(randomPerS)} postgis_per_s=${Math.round(postgisPerS)} speedup_vs_postgis=${speedup.toFixed(1)}`,
);
