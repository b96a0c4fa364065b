import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seededUniform } from '@vesselwatch/random';

/** Deterministic PRNG: the same workloads every run. */
export const rng = seededUniform;

/** Fixes in time order: vessel number, lon, lat, time. */
export interface FixStream {
  name: string;
  count: number;
  vessel: Int32Array;
  lon: Float64Array;
  lat: Float64Array;
  atMs: Float64Array;
  vessels: number;
}

const PORTS_CSV = fileURLToPath(new URL('../../../shared/data/ports/gfw_WPI_ports.csv', import.meta.url));

/** Vietnamese ports from the World Port Index (../shared/data, benchmark input only). */
export function vietnamesePorts(): [number, number][] {
  let text: string;
  try {
    text = readFileSync(PORTS_CSV, 'utf8');
  } catch {
    throw new Error(`bench:geo needs ${PORTS_CSV} (shared test data beside the repository); it is missing`);
  }
  const ports: [number, number][] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.split(',');
    if (cols[0] === 'VNM') ports.push([Number(cols[4]), Number(cols[3])]);
  }
  if (ports.length === 0) throw new Error(`no Vietnamese port in ${PORTS_CSV}`);
  return ports;
}

const NM = 1852;
const KNOT = NM / 3600;

function move(lon: number, lat: number, courseDeg: number, metres: number): [number, number] {
  const c = (courseDeg * Math.PI) / 180;
  const nlat = lat + (metres * Math.cos(c)) / 111_320;
  const nlon = lon + (metres * Math.sin(c)) / (111_320 * Math.cos((lat * Math.PI) / 180));
  return [nlon, nlat];
}

function bearing(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dx = (lon2 - lon1) * Math.cos((lat1 * Math.PI) / 180);
  const dy = lat2 - lat1;
  return (Math.atan2(dx, dy) * 180) / Math.PI;
}

function distM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dx = (lon2 - lon1) * Math.cos((lat1 * Math.PI) / 180);
  return Math.hypot(dx, lat2 - lat1) * 111_320;
}

/**
 * Simulated fishing trips from Vietnamese ports: sail out 40-220 nm seaward at 8-10 kn, fish for days in a
 * random walk at 1-4 kn, sail home, stay in port half a day, repeat. Every vessel reports every
 * `intervalS` seconds for `durationH` hours (2-hourly VMS, or 10-second AIS-class tracks).
 */
export function simulateFleet(
  name: string,
  vessels: number,
  intervalS: number,
  durationH: number,
  seed: number,
): FixStream {
  const random = rng(seed);
  const ports = vietnamesePorts();
  const perVessel = Math.floor((durationH * 3600) / intervalS);
  const count = vessels * perVessel;
  const stream: FixStream = {
    name,
    count,
    vessel: new Int32Array(count),
    lon: new Float64Array(count),
    lat: new Float64Array(count),
    atMs: new Float64Array(count),
    vessels,
  };
  const t0 = Date.UTC(2026, 5, 1);
  for (let v = 0; v < vessels; v++) {
    const port = ports[Math.floor(random() * ports.length)]!;
    let [lon, lat] = port;
    let phase: 'out' | 'fish' | 'back' | 'port' = random() < 0.2 ? 'port' : 'fish';
    let target: [number, number] = move(port[0], port[1], 60 + random() * 140, (40 + random() * 180) * NM);
    if (phase === 'fish') [lon, lat] = target;
    let phaseLeftS = phase === 'fish' ? random() * 4 * 86400 : random() * 43200;
    let course = random() * 360;
    let speed = 3;
    for (let k = 0; k < perVessel; k++) {
      const i = k * vessels + v; // time-major order: all vessels' k-th fixes together
      stream.vessel[i] = v;
      stream.lon[i] = lon;
      stream.lat[i] = lat;
      stream.atMs[i] = t0 + k * intervalS * 1000 + v; // distinct times per vessel
      let dt = intervalS;
      while (dt > 0) {
        const step = Math.min(dt, 600);
        dt -= step;
        if (phase === 'port') {
          phaseLeftS -= step;
          if (phaseLeftS <= 0) {
            phase = 'out';
            target = move(port[0], port[1], 60 + random() * 140, (40 + random() * 180) * NM);
            speed = 8 + random() * 2;
          }
        } else if (phase === 'out' || phase === 'back') {
          const [tx, ty] = phase === 'out' ? target : port;
          const left = distM(lon, lat, tx, ty);
          const travel = speed * KNOT * step;
          if (travel >= left) {
            [lon, lat] = [tx, ty];
            if (phase === 'out') {
              phase = 'fish';
              phaseLeftS = (1 + random() * 4) * 86400;
            } else {
              phase = 'port';
              phaseLeftS = 43200;
            }
          } else [lon, lat] = move(lon, lat, bearing(lon, lat, tx, ty), travel);
        } else {
          course += (random() - 0.5) * 30 * (step / 600);
          if (random() < step / 3600) speed = 1 + random() * 3;
          [lon, lat] = move(lon, lat, course, speed * KNOT * step);
          phaseLeftS -= step;
          if (phaseLeftS <= 0) {
            phase = 'back';
            speed = 8 + random() * 2;
          }
        }
      }
    }
  }
  return stream;
}

/** Uniform random points over 100-120 E, 0-25 N. */
export function randomPoints(count: number, seed: number): FixStream {
  const random = rng(seed);
  const stream: FixStream = {
    name: 'random 100-120E 0-25N',
    count,
    vessel: new Int32Array(count),
    lon: new Float64Array(count),
    lat: new Float64Array(count),
    atMs: new Float64Array(count),
    vessels: 0,
  };
  const t0 = Date.UTC(2026, 5, 1);
  for (let i = 0; i < count; i++) {
    stream.lon[i] = 100 + 20 * random();
    stream.lat[i] = 25 * random();
    stream.atMs[i] = t0 + i;
  }
  return stream;
}

/** Every n-th fix of a stream (baselines are too slow for whole workloads). */
export function sample(stream: FixStream, count: number): FixStream {
  const stride = Math.max(1, Math.floor(stream.count / count));
  const n = Math.min(count, Math.floor(stream.count / stride));
  const out: FixStream = {
    name: `${stream.name} (every ${stride}th)`,
    count: n,
    vessel: new Int32Array(n),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    atMs: new Float64Array(n),
    vessels: stream.vessels,
  };
  for (let k = 0; k < n; k++) {
    out.vessel[k] = stream.vessel[k * stride]!;
    out.lon[k] = stream.lon[k * stride]!;
    out.lat[k] = stream.lat[k * stride]!;
    out.atMs[k] = stream.atMs[k * stride]!;
  }
  return out;
}
