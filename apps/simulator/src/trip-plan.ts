import { DAY_MS, HOUR_MS, type LonLat, type VesselClass } from '@vesselwatch/domain';
import { BOUNDARY_TARGETS, type BoundaryTarget } from './boundary-targets';
import type { SimVessel } from './fleet';
import type { Random } from '@vesselwatch/random';
import { bearingDeg, destination, distanceNm } from './sphere';

/** A timed point of a planned track; between two waypoints the vessel moves in a straight line. */
export interface Waypoint {
  atMs: number;
  position: LonLat;
}

export type TripPhase = 'transit-out' | 'fishing' | 'transit-back';

export interface Trip {
  departAtMs: number;
  /** Arrival back in the home port. */
  arriveAtMs: number;
  /** The next departure: the vessel lies in port from arriveAtMs until then. */
  nextDepartAtMs: number;
  waypoints: Waypoint[];
  fishingFromMs: number;
  fishingUntilMs: number;
  /** Reports that are not sent: [from, until) in ms. */
  silence: { fromMs: number; untilMs: number } | null;
  /** A report at this time is displaced far away (a GPS glitch), null when none. */
  glitchAtMs: number | null;
  /** The boundary the trip sails to, for boundary behaviours. */
  boundary: BoundaryTarget | null;
}

/** Knots through harbours and river mouths, where vessels go slowly. */
const HARBOUR_SPEED_KNOTS = 6;

/** Fishing-ground distances from the port's sea exit, nautical miles (approximate zone bands, see docs/simulator.md). */
const GROUND_DISTANCE_NM: Record<VesselClass, [number, number]> = {
  coastal: [2, 5],
  inshore: [10, 20],
  offshore: [35, 140],
};
/** Radius fishing stays within around the ground's centre, nautical miles. */
const GROUND_RADIUS_NM: Record<VesselClass, number> = { coastal: 2.5, inshore: 6, offshore: 15 };
const FISHING_DURATION_MS: Record<VesselClass, [number, number]> = {
  coastal: [6 * HOUR_MS, 16 * HOUR_MS],
  inshore: [18 * HOUR_MS, 3 * DAY_MS],
  offshore: [3 * DAY_MS, 10 * DAY_MS],
};
const PORT_DWELL_MS: Record<VesselClass, [number, number]> = {
  coastal: [6 * HOUR_MS, 20 * HOUR_MS],
  inshore: [12 * HOUR_MS, 2 * DAY_MS],
  offshore: [1 * DAY_MS, 4 * DAY_MS],
};

/** Speed while fishing: trawlers tow at 3-4 kn, the other gears drift and haul at 0-2 kn. */
function fishingSpeedKnots(vessel: SimVessel, random: Random): number {
  return vessel.gear === 'trawl' ? random.between(2.8, 4.2) : random.between(0.2, 2);
}

function sailTo(waypoints: Waypoint[], to: LonLat, speedKnots: number): void {
  const last = waypoints[waypoints.length - 1] as Waypoint;
  const hours = distanceNm(last.position, to) / speedKnots;
  waypoints.push({ atMs: last.atMs + Math.round(hours * HOUR_MS), position: to });
}

function nearestTarget(from: LonLat): BoundaryTarget {
  return BOUNDARY_TARGETS.reduce((best, target) =>
    distanceNm(from, target.point) < distanceNm(from, best.point) ? target : best,
  );
}

/** Where the vessel fishes this trip, by class and behaviour. */
function chooseGround(
  vessel: SimVessel,
  offing: LonLat,
  random: Random,
): { centre: LonLat; boundary: BoundaryTarget | null } {
  const port = vessel.homePort;
  const seaward = () =>
    port.seawardBearingDeg + random.between(-port.sectorHalfWidthDeg, port.sectorHalfWidthDeg);
  if (vessel.behaviour === 'crosses-boundary' || vessel.behaviour === 'approaches-boundary') {
    const boundary = nearestTarget(offing);
    const across = vessel.behaviour === 'crosses-boundary';
    const centre = destination(
      boundary.point,
      across ? boundary.outwardBearingDeg : (boundary.outwardBearingDeg + 180) % 360,
      across ? random.between(4, 10) : random.between(3, 8),
    );
    return { centre, boundary };
  }
  let [minNm, maxNm] = GROUND_DISTANCE_NM[vessel.vesselClass];
  if (vessel.behaviour === 'violates-zone') {
    // >= 15 m and 12-15 m vessels fishing in the coastal band; < 12 m vessels far beyond it.
    [minNm, maxNm] = vessel.vesselClass === 'coastal' ? [30, 45] : GROUND_DISTANCE_NM.coastal;
  }
  return { centre: destination(port.seaExit, seaward(), random.between(minNm, maxNm)), boundary: null };
}

/** Slow, turning fishing track around the ground's centre until `untilMs`. */
function fish(
  waypoints: Waypoint[],
  vessel: SimVessel,
  centre: LonLat,
  radiusNm: number,
  untilMs: number,
  random: Random,
): void {
  let heading = random.between(0, 360);
  for (;;) {
    const last = waypoints[waypoints.length - 1] as Waypoint;
    if (last.atMs >= untilMs) return;
    const legMs = Math.min(untilMs - last.atMs, Math.round(random.between(1, 3) * HOUR_MS));
    const speedKnots = fishingSpeedKnots(vessel, random);
    heading = (heading + random.between(20, 120) * (random.chance(0.5) ? 1 : -1) + 360) % 360;
    let next = destination(last.position, heading, (speedKnots * legMs) / HOUR_MS);
    if (distanceNm(next, centre) > radiusNm) {
      heading = bearingDeg(last.position, centre);
      next = destination(last.position, heading, (speedKnots * legMs) / HOUR_MS);
    }
    waypoints.push({ atMs: last.atMs + legMs, position: next });
  }
}

/** Plans one trip: harbour, transit at 7-10 kn, fishing, transit back, time in port. Deterministic in `random`. */
export function planTrip(vessel: SimVessel, departAtMs: number, random: Random): Trip {
  const port = vessel.homePort;
  const waypoints: Waypoint[] = [{ atMs: departAtMs, position: port.position }];
  sailTo(waypoints, port.seaExit, HARBOUR_SPEED_KNOTS);
  const transitKnots = random.between(7, 10);
  // Offshore trips first stand out to sea, so straight tracks along the coast keep clear of it.
  const offing =
    vessel.vesselClass === 'offshore'
      ? destination(port.seaExit, port.seawardBearingDeg, random.between(20, 30))
      : port.seaExit;
  if (offing !== port.seaExit) sailTo(waypoints, offing, transitKnots);
  const { centre, boundary } = chooseGround(vessel, offing, random);
  sailTo(waypoints, centre, transitKnots);

  const fishingFromMs = (waypoints[waypoints.length - 1] as Waypoint).atMs;
  const [minFishMs, maxFishMs] = FISHING_DURATION_MS[vessel.vesselClass];
  const fishingMs = boundary
    ? random.between(8 * HOUR_MS, 36 * HOUR_MS)
    : random.between(minFishMs, maxFishMs);
  const radiusNm = boundary ? 2 : GROUND_RADIUS_NM[vessel.vesselClass];
  fish(waypoints, vessel, centre, radiusNm, fishingFromMs + Math.round(fishingMs), random);
  const fishingUntilMs = (waypoints[waypoints.length - 1] as Waypoint).atMs;

  if (offing !== port.seaExit) sailTo(waypoints, offing, transitKnots);
  sailTo(waypoints, port.seaExit, transitKnots);
  sailTo(waypoints, port.position, HARBOUR_SPEED_KNOTS);
  const arriveAtMs = (waypoints[waypoints.length - 1] as Waypoint).atMs;
  const [minDwellMs, maxDwellMs] = PORT_DWELL_MS[vessel.vesselClass];

  let silence: Trip['silence'] = null;
  if (vessel.behaviour === 'goes-silent') {
    // Hours to days without a report, starting while fishing and ending before the vessel is home.
    const fromMs = Math.round(random.between(fishingFromMs, fishingUntilMs));
    const wantedMs = random.between(7 * HOUR_MS, 4 * DAY_MS);
    silence = { fromMs, untilMs: Math.round(Math.min(fromMs + wantedMs, arriveAtMs - HOUR_MS)) };
  }
  return {
    departAtMs,
    arriveAtMs,
    nextDepartAtMs: arriveAtMs + Math.round(random.between(minDwellMs, maxDwellMs)),
    waypoints,
    fishingFromMs,
    fishingUntilMs,
    silence,
    glitchAtMs:
      vessel.behaviour === 'glitches' ? Math.round(random.between(fishingFromMs, fishingUntilMs)) : null,
    boundary,
  };
}

/** A typical trip-plus-dwell length, to start each vessel's schedule at a random point of its cycle. */
export function typicalCycleMs(vesselClass: VesselClass): number {
  const [minFish, maxFish] = FISHING_DURATION_MS[vesselClass];
  const [minDwell, maxDwell] = PORT_DWELL_MS[vesselClass];
  return (
    (minFish + maxFish) / 2 + (minDwell + maxDwell) / 2 + (vesselClass === 'offshore' ? DAY_MS : 4 * HOUR_MS)
  );
}
