import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS, PositionFixSchema, impliedSpeedKnots } from '@vesselwatch/domain';
import { BOUNDARY_TARGETS } from './boundary-targets';
import { type SimulatedReport, Simulation } from './simulation';
import { bearingDeg, distanceNm } from './sphere';

const START_MS = Date.UTC(2026, 10, 1);
const WEEK_MS = 7 * DAY_MS;

function week(seed = 20261126): { simulation: Simulation; reports: SimulatedReport[] } {
  const simulation = new Simulation({
    seed,
    vesselCount: 300,
    reportIntervalMs: 2 * HOUR_MS,
    startMs: START_MS,
  });
  return { simulation, reports: simulation.advanceTo(START_MS + WEEK_MS) };
}

function byVessel(reports: SimulatedReport[]): Map<number, SimulatedReport[]> {
  const map = new Map<number, SimulatedReport[]>();
  for (const report of reports)
    map.set(report.vessel.index, [...(map.get(report.vessel.index) ?? []), report]);
  return map;
}

/** Which side of the nearest boundary target a position is on, within 15 nm of it; null when farther. */
function boundarySide(position: [number, number]): 'across' | 'inside' | null {
  for (const target of BOUNDARY_TARGETS) {
    if (distanceNm(target.point, position) > 15) continue;
    const off = Math.abs(((bearingDeg(target.point, position) - target.outwardBearingDeg + 540) % 360) - 180);
    return off < 90 ? 'across' : 'inside';
  }
  return null;
}

describe('Simulation', () => {
  it('is deterministic: the same seed gives the same reports, in one step or in many', () => {
    const once = week().reports.map((r) => r.report);
    const stepped = new Simulation({
      seed: 20261126,
      vesselCount: 300,
      reportIntervalMs: 2 * HOUR_MS,
      startMs: START_MS,
    });
    const many = [];
    for (let t = START_MS + 37 * MINUTE_MS; t < START_MS + WEEK_MS; t += 37 * MINUTE_MS)
      many.push(...stepped.advanceTo(t));
    many.push(...stepped.advanceTo(START_MS + WEEK_MS));
    expect(many.map((r) => r.report)).toEqual(once);
    expect(week(7).reports.map((r) => r.report)).not.toEqual(once);
  });

  it('reports every 2 h per vessel (less the silences), all valid position fixes', () => {
    const { simulation, reports } = week();
    expect(simulation.vessels).toHaveLength(300);
    expect(reports.length).toBeGreaterThan(300 * 84 * 0.9);
    expect(reports.length).toBeLessThanOrEqual(300 * 84);
    for (const { report, vessel } of reports.slice(0, 2000)) {
      expect(
        PositionFixSchema.safeParse({
          ...report,
          vesselId: vessel.vesselId,
          receivedAtMs: report.reportedAtMs,
        }).success,
      ).toBe(true);
    }
  });

  it('has realistic classes and gear: lengths match the class, transit at 7-10 kn, fishing slower', () => {
    const { simulation, reports } = week();
    for (const vessel of simulation.vessels) {
      const [min, max] = { offshore: [15, 30], inshore: [12, 15], coastal: [7, 12] }[vessel.vesselClass];
      expect(vessel.lengthOverallM).toBeGreaterThanOrEqual(min!);
      expect(vessel.lengthOverallM).toBeLessThanOrEqual(max!);
      expect(vessel.registrationNumber).toMatch(/^[A-Za-zĐđ]{2,4}-\d{5}-TS$/);
    }
    const atSea = reports.filter((r) => r.atSea && !r.glitch).map((r) => r.report.speedKnots ?? 0);
    const transit = atSea.filter((speed) => speed >= 6.7 && speed <= 10.3).length;
    const slow = atSea.filter((speed) => speed < 4.5).length;
    expect(transit / atSea.length).toBeGreaterThan(0.1);
    expect(slow / atSea.length).toBeGreaterThan(0.5);
  });

  it('within one week shows every situation the rules alert on', () => {
    const { reports } = week();
    const tracks = byVessel(reports);
    const situations = {
      crossed: 0,
      approached: 0,
      silentAtSeaOver6h: 0,
      zoneViolation: 0,
      departures: 0,
      arrivals: 0,
      impossibleJump: 0,
    };
    for (const track of tracks.values()) {
      const vessel = track[0]!.vessel;
      for (let i = 0; i < track.length; i++) {
        const report = track[i]!;
        const side = report.atSea ? boundarySide(report.report.position) : null;
        if (side === 'across') situations.crossed++;
        if (side === 'inside') situations.approached++;
        const fromExitNm = distanceNm(vessel.homePort.seaExit, report.report.position);
        const fishing = report.atSea && (report.report.speedKnots ?? 0) < 4.5;
        if (fishing && vessel.vesselClass !== 'coastal' && fromExitNm < 6) situations.zoneViolation++;
        if (fishing && vessel.vesselClass === 'coastal' && fromExitNm > 25) situations.zoneViolation++;
        const previous = track[i - 1];
        if (!previous) continue;
        if (!previous.atSea && report.atSea) situations.departures++;
        if (previous.atSea && !report.atSea) situations.arrivals++;
        const gapMs = report.report.reportedAtMs - previous.report.reportedAtMs;
        if (previous.atSea && report.atSea && gapMs > 6 * HOUR_MS) situations.silentAtSeaOver6h++;
        const speed = impliedSpeedKnots(distanceNm(previous.report.position, report.report.position), gapMs);
        if (speed > 50) situations.impossibleJump++;
      }
    }
    for (const [situation, count] of Object.entries(situations)) expect(count, situation).toBeGreaterThan(0);
  });
});
