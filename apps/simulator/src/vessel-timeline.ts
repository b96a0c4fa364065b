import type { LonLat } from '@vesselwatch/domain';
import type { SimVessel } from './fleet';
import { Random } from '@vesselwatch/random';
import { bearingDeg, destination, distanceNm, interpolate } from './sphere';
import { type Trip, type Waypoint, planTrip, typicalCycleMs } from './trip-plan';

/** Where a vessel is at one instant, and what it is doing. */
export interface VesselState {
  position: LonLat;
  speedKnots: number;
  /** null while lying in port (no course over ground). */
  courseDeg: number | null;
  atSea: boolean;
  trip: Trip;
}

/** Trips kept behind the current one (a timeline only moves forwards; older trips are forgotten). */
const TRIPS_KEPT = 2;

/**
 * One vessel's deterministic life: trips planned one after the other from its own random stream, so the
 * state at any instant depends only on the seed, never on how often the simulation is asked.
 */
export class VesselTimeline {
  private readonly random: Random;
  private readonly trips: Trip[] = [];

  constructor(
    readonly vessel: SimVessel,
    seed: number,
    simulationStartMs: number,
  ) {
    this.random = Random.derive(seed ^ 0x7a11, vessel.index);
    // Start somewhere in a typical cycle before the simulation starts, so vessels are spread over phases.
    const firstDepartureMs =
      simulationStartMs - Math.round(this.random.next() * typicalCycleMs(vessel.vesselClass));
    this.trips.push(planTrip(vessel, firstDepartureMs, this.random));
  }

  /** The trip whose departure is the latest at or before `timeMs` (the vessel is on it or in port after it). */
  tripAt(timeMs: number): Trip {
    let last = this.trips[this.trips.length - 1] as Trip;
    while (last.nextDepartAtMs <= timeMs) {
      last = planTrip(this.vessel, last.nextDepartAtMs, this.random);
      this.trips.push(last);
      if (this.trips.length > TRIPS_KEPT + 1) this.trips.shift();
    }
    for (let i = this.trips.length - 1; i >= 0; i--) {
      const trip = this.trips[i] as Trip;
      if (trip.departAtMs <= timeMs) return trip;
    }
    return this.trips[0] as Trip;
  }

  stateAt(timeMs: number): VesselState {
    const trip = this.tripAt(timeMs);
    if (timeMs < trip.departAtMs || timeMs >= trip.arriveAtMs) {
      return { position: this.vessel.homePort.position, speedKnots: 0, courseDeg: null, atSea: false, trip };
    }
    const waypoints = trip.waypoints;
    let i = 1;
    while (i < waypoints.length - 1 && (waypoints[i] as Waypoint).atMs <= timeMs) i++;
    const from = waypoints[i - 1] as Waypoint;
    const to = waypoints[i] as Waypoint;
    const spanMs = Math.max(1, to.atMs - from.atMs);
    const fraction = Math.min(1, Math.max(0, (timeMs - from.atMs) / spanMs));
    const speedKnots = distanceNm(from.position, to.position) / (spanMs / 3_600_000);
    return {
      position: interpolate(from.position, to.position, fraction),
      speedKnots,
      courseDeg: speedKnots > 0.05 ? bearingDeg(from.position, to.position) : null,
      atSea: true,
      trip,
    };
  }
}

/** A displaced position for a glitching terminal: 3-6 degrees off, so the implied speed is impossible. */
export function glitchedPosition(position: LonLat, random: Random): LonLat {
  const moved = destination(position, random.between(0, 360), random.between(180, 360));
  return [Math.max(-180, Math.min(180, moved[0])), Math.max(-90, Math.min(90, moved[1]))];
}
