import { METRES_PER_NM, WGS84_A, WGS84_B, angleToChord, lambertMayReach, toUnitVector } from './ellipsoid';
import type { BoundaryFilter, NearestBoundary, ZoneIndex } from './zone-index';

/** The fix's unit vector, shared by every tracker: update() uses it and is done before any other runs. */
const unitScratch = new Float64Array(3);
const NO_EDGES = new Int32Array(0);
const NO_VALUES = new Float64Array(0);

/** Most zones one point can be in at once that a tracker records (overlap depth). */
const MAX_ZONES = 64;
/** Candidates are scanned in chunks of this many (each chunk keeps its smallest bound). */
const CHUNK = 8;
const ROUNDING = 1e-9;

export interface VesselTrackerOptions {
  /**
   * How far beyond the nearest boundary the candidate list reaches, as a fraction of the distance at the
   * fix before (bounded by minReachM and maxReachM; the list is built in the same search that finds the
   * new distance). A wider reach keeps the fast path valid for longer at the cost of a longer list.
   */
  reachFraction?: number;
  minReachM?: number;
  maxReachM?: number;
  /**
   * Steps longer than this (metres) mark a sparse reporter: full evaluations then skip building the
   * anchors (safe radius, candidate list), which would not survive to the next fix. Answers are the same.
   */
  denseStepM?: number;
  /**
   * Likewise for time: a vessel reporting less often than this (2-hourly VMS) gains little from anchors
   * even when it lies still in port, so they are not built. Default 10 minutes.
   */
  denseIntervalMs?: number;
}

/**
 * Per-vessel geofence state for the stream processor: call `update` with each fix in event-time order and
 * read the answer from the fields. After a full evaluation the tracker keeps
 *
 * - a safe radius: a lower bound of the distance to every boundary of every zone (polygon edges as drawn,
 *   lines, all validity windows). While the vessel stays inside it and no validity window opens or closes,
 *   its zones cannot have changed and no boundary can have been crossed;
 * - a candidate list for the watched-boundary distance: every matching edge within the nearest distance plus
 *   a reach R. By the triangle inequality on the auxiliary sphere no other edge can be the nearest while
 *   the vessel has moved less than about R/2, so the distance is recomputed exactly over a handful of edges.
 *
 * The fast path returns exactly what a full evaluation would (same zones, same edge, same distance to the
 * last bit); the property tests check this against fresh evaluations on every fix.
 */
export class VesselTracker {
  /** Zone indices (into index.zones) containing the last fix, sorted; the first `zoneCount` are valid. */
  readonly zoneIndices = new Int32Array(MAX_ZONES);
  zoneCount = 0;
  /** Distance to the nearest watched boundary, metres (Infinity when none matches the filter). */
  nearestM = Infinity;
  nearestEdge = -1;
  /** Unit vector of the nearest point (see nearest() for lon/lat). */
  private nx = 0;
  private ny = 0;
  private nz = 0;
  /** Whether the last update used the fast path for zones / for the distance. */
  lastZonesFast = false;
  lastDistanceFast = false;
  /** Whether the last update's track segment (from the previous fix) may have crossed a boundary. */
  mayHaveCrossed = true;
  readonly counters = { updates: 0, zonesFast: 0, distanceFast: 0 };

  private hasAnchor = false;
  private ax = 0;
  private ay = 0;
  private az = 0;
  private safeSigma = 0;
  private safeChord2 = 0;
  private prevMovedChord2 = Infinity;
  private validFromMs = -Infinity;
  private validToMs = Infinity;
  // Candidate list for the distance: edges sorted by their central angle from the anchor.
  private distAnchor = false;
  private dx = 0;
  private dy = 0;
  private dz = 0;
  // Allocated on the first candidate list: sparse reporters (most of a VMS fleet) never build one, and a
  // processor keeps a tracker for every vessel.
  private candEdges = NO_EDGES;
  private candSigma = NO_VALUES;
  /** Per candidate: a lower bound of its angle from the fix where it was last measured, plus cum then. */
  private candBase = NO_VALUES;
  /** Per candidate: the path length (cum) up to which it is known to be left out (NearestSearch.dominated). */
  private candLeftOut = NO_VALUES;
  /** Smallest candBase per chunk of CHUNK candidates, leaving out the last nearest (lastK). */
  private chunkBase = NO_VALUES;
  /** Per chunk: the smallest candLeftOut still ahead (the chunk is looked at again from there on). */
  private chunkLeftOut = NO_VALUES;
  /** The same over all chunks: while both hold, no candidate but lastK needs looking at. */
  private restBase = Infinity;
  private restLeftOut = Infinity;
  private candCount = 0;
  /** Path length (central angle) travelled since the distance anchor, and the last step. */
  private cum = 0;
  private lastStep = 0;
  private lastK = -1;
  private limitSigma = 0;
  private prevX = 0;
  private prevY = 0;
  private prevZ = 0;
  private hasPrev = false;
  /** Whether the vessel reports densely enough (last step < denseStepM) for the anchors to pay off. */
  private dense = true;
  private readonly denseStepM: number;
  private readonly denseIntervalMs: number;
  private prevAtMs = 0;
  private readonly reachFraction: number;
  private readonly minReachM: number;
  private readonly maxReachM: number;

  constructor(
    readonly index: ZoneIndex,
    readonly filter: BoundaryFilter,
    options: VesselTrackerOptions = {},
  ) {
    this.reachFraction = options.reachFraction ?? 0.05;
    this.minReachM = options.minReachM ?? 1_000;
    this.maxReachM = options.maxReachM ?? 10_000;
    this.denseStepM = options.denseStepM ?? 2_000;
    this.denseIntervalMs = options.denseIntervalMs ?? 10 * 60_000;
  }

  /** Forget the anchors (e.g. after a filter change or a gap); the next update is a full evaluation. */
  reset(): void {
    this.hasAnchor = false;
    this.distAnchor = false;
    this.hasPrev = false;
  }

  get nearestNm(): number {
    return this.nearestM / METRES_PER_NM;
  }

  /** Updates zones and nearest watched boundary for a fix. */
  update(lon: number, lat: number, atMs: number): void {
    const index = this.index;
    const p = unitScratch;
    toUnitVector(lon, lat, p, 0);
    const px = p[0]!;
    const py = p[1]!;
    const pz = p[2]!;
    this.counters.updates++;

    // One step (previous fix to this one), as an upper bound of its central angle: 2 tan(sigma/2) >= sigma.
    this.lastStep = this.hasPrev ? angleUpperBound(this.prevX, this.prevY, this.prevZ, px, py, pz) : Infinity;

    // ---- zones (compared as squared chords: monotone in the angle, no trigonometry)
    const movedChord2 = this.hasAnchor ? chord2(this.ax, this.ay, this.az, px, py, pz) : Infinity;
    const zonesFast =
      this.hasAnchor && movedChord2 < this.safeChord2 && atMs >= this.validFromMs && atMs < this.validToMs;
    if (zonesFast) {
      this.counters.zonesFast++;
      // Both fixes lie in one ball free of boundaries; balls this small are convex, so the segment is too.
      this.mayHaveCrossed = !this.hasPrev || !(this.prevMovedChord2 < this.safeChord2);
    } else {
      this.zoneCount = index.zonesAtInto(lon, lat, atMs, this.zoneIndices);
      // The geodesic distance moved is <= a * sigma; the safe radius is a lower bound in metres. Sparse
      // reporters (2-hourly VMS) move farther between fixes than any safe radius: skip the search. (The
      // step's upper bound decides; at 2 km it exceeds the angle by a part in 10^13.)
      this.dense =
        this.hasPrev &&
        this.lastStep * WGS84_A < this.denseStepM &&
        atMs - this.prevAtMs <= this.denseIntervalMs;
      this.safeSigma = this.dense ? (index.search.safeRadiusM(px, py, pz) / WGS84_A) * (1 - ROUNDING) : 0;
      const safeChord = angleToChord(this.safeSigma) * (1 - ROUNDING);
      this.safeChord2 = safeChord * safeChord;
      this.ax = px;
      this.ay = py;
      this.az = pz;
      this.hasAnchor = true;
      const t = index.validityTransitions;
      let lo = 0;
      let hi = t.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (t[mid]! <= atMs) lo = mid + 1;
        else hi = mid;
      }
      this.validFromMs = lo > 0 ? t[lo - 1]! : -Infinity;
      this.validToMs = lo < t.length ? t[lo]! : Infinity;
      this.mayHaveCrossed = true;
    }
    this.lastZonesFast = zonesFast;

    // ---- nearest watched boundary
    this.lastDistanceFast = this.distAnchor && this.fastDistance(px, py, pz);
    if (this.lastDistanceFast) this.counters.distanceFast++;
    else this.fullDistance(lon, lat, px, py, pz);

    this.prevX = px;
    this.prevY = py;
    this.prevZ = pz;
    this.prevAtMs = atMs;
    this.prevMovedChord2 = this.hasAnchor ? chord2(this.ax, this.ay, this.az, px, py, pz) : Infinity;
    this.hasPrev = true;
  }

  /** The nearest watched boundary of the last update as an object (allocates; for alerts and logs). */
  nearest(): NearestBoundary | null {
    if (this.nearestEdge < 0) return null;
    const index = this.index;
    index.search.resDistM = this.nearestM;
    index.search.resEdge = this.nearestEdge;
    index.search.resFx = this.nx;
    index.search.resFy = this.ny;
    index.search.resFz = this.nz;
    return index.nearestResult();
  }

  /** Zone ids of the last update (allocates). */
  zoneIds(): string[] {
    const ids: string[] = [];
    for (let k = 0; k < this.zoneCount; k++) ids.push(this.index.zones[this.zoneIndices[k]!]!.id);
    return ids;
  }

  private fullDistance(lon: number, lat: number, px: number, py: number, pz: number): void {
    const index = this.index;
    const search = index.search;
    if (!this.dense) {
      // A sparse reporter needs only the answer: the cell lists give it fastest.
      index.nearestCached(lon, lat, px, py, pz, this.filter);
      this.takeNearest();
      this.distAnchor = false;
      return;
    }
    // One tree search finds the nearest edge and collects the candidates within the reach beyond it. The
    // reach follows the last fix's distance (a step of at most denseStepM away): any reach gives a valid
    // list, as limitSigma records the one used.
    const last = this.nearestM < Infinity ? this.nearestM : 0;
    const reach = Math.min(this.maxReachM, Math.max(this.minReachM, last * this.reachFraction));
    const extraSigma = reach / WGS84_A;
    this.candCount = 0;
    search.nearestCore(px, py, pz, index.treeOf(this.filter), extraSigma, this.collect);
    this.takeNearest();
    const best = this.nearestM;
    if (!(best < Infinity)) {
      // Nothing matches the filter anywhere: that stays true wherever the vessel goes.
      this.candCount = 0;
      this.limitSigma = Infinity;
      this.setDistAnchor(px, py, pz);
      return;
    }
    // Every edge outside the list is at least limitSigma from the anchor (see nearestCore).
    this.limitSigma = ((best / WGS84_B) * (1 + ROUNDING) + extraSigma) * (1 - ROUNDING);
    // Sort candidates by angle from the anchor (insertion sort: lists are short and nearly sorted).
    const e = this.candEdges;
    const s = this.candSigma;
    for (let i = 1; i < this.candCount; i++) {
      const ev = e[i]!;
      const sv = s[i]!;
      let j = i - 1;
      while (j >= 0 && s[j]! > sv) {
        e[j + 1] = e[j]!;
        s[j + 1] = s[j]!;
        j--;
      }
      e[j + 1] = ev;
      s[j + 1] = sv;
    }
    this.candBase.set(s.subarray(0, this.candCount));
    this.candLeftOut.fill(0, 0, this.candCount);
    this.cum = 0;
    this.lastK = -1;
    for (let k = 0; k < this.candCount; k++) if (e[k] === this.nearestEdge) this.lastK = k;
    for (let k = 0; k < this.candCount; k += CHUNK) this.refreshChunk(k, 0);
    this.refreshRest();
    this.setDistAnchor(px, py, pz);
  }

  /** The answer of the search just made. */
  private takeNearest(): void {
    const search = this.index.search;
    this.nearestM = search.resDistM;
    this.nearestEdge = search.resEdge;
    this.nx = search.resFx;
    this.ny = search.resFy;
    this.nz = search.resFz;
  }

  private readonly collect = (edge: number, chord2: number): void => {
    if (this.candCount === this.candEdges.length) {
      const e = new Int32Array(Math.max(64, this.candEdges.length * 2));
      e.set(this.candEdges);
      const s = new Float64Array(e.length);
      s.set(this.candSigma);
      this.candEdges = e;
      this.candSigma = s;
      this.candBase = new Float64Array(this.candSigma.length);
      this.candLeftOut = new Float64Array(this.candSigma.length);
      this.chunkBase = new Float64Array(Math.ceil(this.candSigma.length / CHUNK));
      this.chunkLeftOut = new Float64Array(this.chunkBase.length);
    }
    this.candEdges[this.candCount] = edge;
    // Central angle from the squared chord, rounded down so it stays a lower bound.
    this.candSigma[this.candCount] = 2 * Math.asin(Math.min(1, Math.sqrt(chord2) / 2)) * (1 - ROUNDING);
    this.candCount++;
  };

  private setDistAnchor(px: number, py: number, pz: number): void {
    this.dx = px;
    this.dy = py;
    this.dz = pz;
    this.distAnchor = true;
  }

  /**
   * Recomputes the summary of the chunk holding candidate k at path length cum: the smallest bound among
   * its candidates that are not left out, and the soonest a left-out one may come back. The last nearest
   * (lastK) is measured first on every fix, so it is kept out of the summaries.
   */
  private refreshChunk(k: number, cum: number): void {
    const c0 = k - (k % CHUNK);
    const c1 = Math.min(this.candCount, c0 + CHUNK);
    let min = Infinity;
    let back = Infinity;
    for (let j = c0; j < c1; j++) {
      if (j === this.lastK) continue;
      const until = this.candLeftOut[j]!;
      if (cum < until) {
        if (until < back) back = until;
      } else if (this.candBase[j]! < min) min = this.candBase[j]!;
    }
    this.chunkBase[c0 / CHUNK] = min;
    this.chunkLeftOut[c0 / CHUNK] = back;
  }

  /** Makes candidate k the one kept out of the summaries (-1: none). */
  private setLastK(k: number, cum: number): void {
    const old = this.lastK;
    this.lastK = k;
    if (old >= 0) this.refreshChunk(old, cum);
    if (k >= 0) this.refreshChunk(k, cum);
    this.refreshRest();
  }

  /** Recomputes restBase and restLeftOut from the chunk summaries. */
  private refreshRest(): void {
    let min = Infinity;
    let back = Infinity;
    const chunks = Math.ceil(this.candCount / CHUNK);
    for (let c = 0; c < chunks; c++) {
      if (this.chunkBase[c]! < min) min = this.chunkBase[c]!;
      if (this.chunkLeftOut[c]! < back) back = this.chunkLeftOut[c]!;
    }
    this.restBase = min;
    this.restLeftOut = back;
  }

  /** Exact recomputation over the candidate list; false when the list can no longer be trusted. */
  private fastDistance(px: number, py: number, pz: number): boolean {
    if (this.limitSigma === Infinity) return true; // no matching boundary at all
    const moved = angleUpperBound(this.dx, this.dy, this.dz, px, py, pz) * (1 + ROUNDING) + 1e-15;
    // Path length since the anchor (>= displacement): bounds refreshed at earlier fixes decay by it.
    const cum = (this.cum += this.lastStep * (1 + ROUNDING) + 1e-15);
    const index = this.index;
    let best = Infinity;
    let bestEdge = -1;
    let bestK = -1;
    let fx = 0;
    let fy = 0;
    let fz = 0;
    let bestSigma = Infinity;
    let bestKey = 4 + 1e-9;
    const candSigma = this.candSigma;
    const candBase = this.candBase;
    const candEdges = this.candEdges;
    const candLeftOut = this.candLeftOut;
    const search = index.search;
    const foot = search.foot;
    // The previous nearest edge first: it is almost always still the nearest, and gives a tight bound.
    // (Its foot almost always lies inside it, which settles that the neighbour rule keeps it.)
    let first = this.lastK;
    if (
      first >= 0 &&
      !search.edgeFoot(px, py, pz, candEdges[first]!) &&
      search.dominated(px, py, pz, candEdges[first]!)
    ) {
      // Left out now: it goes back into its chunk's summary and is scanned like the others.
      first = -1;
      this.setLastK(-1, cum);
    }
    if (first >= 0) {
      const e = candEdges[first]!;
      const key = foot[0]!;
      // The chord is a lower bound of the angle (2 sin(sigma/2) <= sigma) and needs no asin; at the few
      // kilometres these bounds work at the two differ by sigma^3/24, far below a micrometre.
      candBase[first] = Math.sqrt(key) * (1 - ROUNDING) + cum;
      search.footDistance(px, py, pz);
      best = foot[4]!;
      bestEdge = e;
      bestK = first;
      fx = foot[1]!;
      fy = foot[2]!;
      fz = foot[3]!;
      bestSigma = (best / WGS84_B) * (1 + ROUNDING);
      // sigma^2 >= chord(sigma)^2: a (hair) looser cut-off for Lambert than the exact chord, without sin.
      bestKey = bestSigma * bestSigma * (1 + ROUNDING);
    }
    // Candidates come in chunks of CHUNK (sorted by angle from the anchor); a chunk whose smallest bound
    // already loses is skipped whole, and all of them when the bound over all chunks loses (most fixes).
    const chunkBase = this.chunkBase;
    const chunkLeftOut = this.chunkLeftOut;
    const n = first >= 0 && this.restBase - cum > bestSigma && cum < this.restLeftOut ? 0 : this.candCount;
    let refreshed = false;
    for (let c0 = 0, ci = 0; c0 < n; c0 += CHUNK, ci++) {
      // sigma(p, e) >= sigma(anchor, e) - moved (sorted, so the first failure ends the scan)...
      if (candSigma[c0]! - moved > bestSigma) break;
      // ...and >= sigma(p', e) - (path length since p') for the fix p' where e was last measured.
      // Left-out candidates do not count in the chunk's bound until their margin runs out.
      let touched = cum >= chunkLeftOut[ci]!;
      if (!touched && chunkBase[ci]! - cum > bestSigma) continue;
      const c1 = Math.min(n, c0 + CHUNK);
      for (let k = c0; k < c1; k++) {
        if (k === first) continue;
        if (candSigma[k]! - moved > bestSigma) break;
        if (candBase[k]! - cum > bestSigma || cum < candLeftOut[k]!) continue;
        const e = candEdges[k]!;
        const left = search.dominated(px, py, pz, e);
        if (left) candLeftOut[k] = cum + search.leftOutMargin(px, py, pz, e);
        else search.edgeFoot(px, py, pz, e);
        const key = foot[0]!;
        candBase[k] = Math.sqrt(key) * (1 - ROUNDING) + cum;
        touched = true;
        if (left || key > bestKey || !lambertMayReach(key, foot[3]! - pz, best)) continue;
        search.footDistance(px, py, pz);
        const d = foot[4]!;
        if (d < best || (d === best && e < bestEdge)) {
          best = d;
          bestEdge = e;
          bestK = k;
          fx = foot[1]!;
          fy = foot[2]!;
          fz = foot[3]!;
          bestSigma = (best / WGS84_B) * (1 + ROUNDING);
          bestKey = bestSigma * bestSigma * (1 + ROUNDING);
        }
      }
      if (touched) {
        this.refreshChunk(c0, cum);
        refreshed = true;
      }
    }
    // Any edge outside the list is >= limitSigma - moved away, so it loses when best is below that.
    if (!(best / WGS84_B < (this.limitSigma - moved) * (1 - ROUNDING))) return false;
    if (bestK !== this.lastK) this.setLastK(bestK, cum);
    else if (refreshed) this.refreshRest();
    this.nearestM = best;
    this.nearestEdge = bestEdge;
    this.nx = fx;
    this.ny = fy;
    this.nz = fz;
    return true;
  }
}

function chord2(ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
  const dx = ax - bx;
  const dy = ay - by;
  const dz = az - bz;
  return dx * dx + dy * dy + dz * dz;
}

/** 2 tan(sigma/2) = c / sqrt(1 - c^2/4) for chord c: an upper bound of the central angle sigma. */
function angleUpperBound(ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
  const c2 = chord2(ax, ay, az, bx, by, bz);
  return c2 >= 4 ? Infinity : Math.sqrt(c2 / (1 - c2 / 4));
}
