/**
 * The realistic workload of bench:geo alone, measured several times in one process, keeping the best:
 * for comparing two versions of the engine on a shared machine whose speed swings from minute to minute.
 * Run it from two worktrees in turn:
 *
 *   node --import tsx bench/geo/fleet-best-of.ts [repeats, default 6]
 *
 * Prints ns per fix for each fleet, the realistic rate they make together and checksums of the answers
 * (equal checksums: the same answers).
 */
import { VesselTracker, ZoneIndex } from '@vesselwatch/geo';
import { loadDefaultZoneSet } from '@vesselwatch/zones';
import { simulateFleet, type FixStream } from './workloads';

const repeats = Number(process.argv[2] ?? 6);
const set = await loadDefaultZoneSet();
const index = ZoneIndex.build(set.zones, { validate: false });
const foreign = index.foreignWatersFilter('VNM');
// The same fleets as bench:geo.
const vms = simulateFleet('VMS fleet, 2-hourly fixes', 3000, 7200, 72, 1);
const ais = simulateFleet('AIS-class fleet, 10-second fixes', 40, 10, 72, 2);

const cpuS = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function nsPerFix(stream: FixStream): { ns: number; checksum: number } {
  const trackers = Array.from({ length: stream.vessels }, () => new VesselTracker(index, foreign));
  let checksum = 0;
  const c0 = cpuS();
  for (let i = 0; i < stream.count; i++) {
    const tracker = trackers[stream.vessel[i]!]!;
    tracker.update(stream.lon[i]!, stream.lat[i]!, stream.atMs[i]!);
    checksum += tracker.zoneCount + (tracker.nearestM < Infinity ? tracker.nearestM : 0);
  }
  return { ns: ((cpuS() - c0) / stream.count) * 1e9, checksum };
}

nsPerFix(vms); // warm-up: code optimised, cell lists and membership grid built
nsPerFix(ais);
let bestVms = Infinity;
let bestAis = Infinity;
let checksums = '';
for (let r = 0; r < repeats; r++) {
  const v = nsPerFix(vms);
  const a = nsPerFix(ais);
  bestVms = Math.min(bestVms, v.ns);
  bestAis = Math.min(bestAis, a.ns);
  checksums = `${v.checksum.toFixed(1)} ${a.checksum.toFixed(1)}`;
}
const realistic = (vms.count + ais.count) / ((vms.count * bestVms + ais.count * bestAis) / 1e9);
console.log(
  `best of ${repeats}: 2-hourly ${bestVms.toFixed(0)} ns/fix, 10-second ${bestAis.toFixed(0)} ns/fix, ` +
    `realistic ${Math.round(realistic).toLocaleString('en-US')} fixes/s; checksums ${checksums}`,
);
