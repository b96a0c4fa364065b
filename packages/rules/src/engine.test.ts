import { HOUR_MS, MINUTE_MS, type PositionFix, type Zone } from '@vesselwatch/domain';
import { ZoneIndex } from '@vesselwatch/geo';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES_CONFIG } from './config';
import { JUMPS_TO_REANCHOR, RulesEngine } from './engine';
import { FIXTURE_T0_MS as T0_MS, loadFixtureZones } from './test-support/fixture-zones';
import type { VesselProfile, VesselRuleState } from './types';

const zoneList = loadFixtureZones('zones.json');
const engine = new RulesEngine({
  zones: ZoneIndex.build(zoneList),
  zoneSetVersion: 'v1',
  config: DEFAULT_RULES_CONFIG,
});
const vessel: VesselProfile = {
  vesselId: 'VN-1',
  flagState: 'VNM',
  vesselClass: 'offshore',
  expectedReportIntervalMs: 2 * HOUR_MS,
};

function fix(atMin: number, lon: number, lat: number, extra: Partial<PositionFix> = {}): PositionFix {
  return {
    vesselId: 'VN-1',
    terminalId: 'T-1',
    reportedAtMs: T0_MS + atMin * MINUTE_MS,
    receivedAtMs: T0_MS + atMin * MINUTE_MS,
    position: [lon, lat],
    speedKnots: null,
    courseDeg: null,
    source: 'sim',
    ...extra,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('RulesEngine', () => {
  it('never mutates the state it is given', () => {
    let state: VesselRuleState | null = null;
    const track = [fix(0, 110.3, 10), fix(30, 110.45, 10), fix(60, 110.6, 10), fix(90, 110.2, 10)];
    for (const next of track) {
      const frozen = state ? deepFreeze(structuredClone(state)) : null;
      const outcome = engine.applyFix(frozen, next, vessel);
      state = outcome.state;
    }
    expect(
      engine.applyWatermark(deepFreeze(structuredClone(state!)), vessel, T0_MS + 20 * HOUR_MS).events,
    ).not.toEqual([]);
  });

  it('gives the same alert ids when the same fixes are applied again from the same state (redelivery)', () => {
    const track = [fix(0, 111.9, 10), fix(120, 112.2, 10), fix(240, 110.45, 10)];
    const ids = () => {
      let state: VesselRuleState | null = null;
      const out: string[] = [];
      for (const next of track) {
        const outcome = engine.applyFix(state, next, vessel);
        state = outcome.state;
        out.push(...outcome.events.map((event) => `${event.transition}:${event.alert.id}`));
      }
      return out;
    };
    expect(ids()).toEqual(ids());
    expect(ids().length).toBeGreaterThan(0);
  });

  it(`believes a run of ${JUMPS_TO_REANCHOR} consistent jumps (the track was wrong, not the fixes)`, () => {
    let state = engine.applyFix(null, fix(0, 111.8, 8.5), vessel).state;
    const verdicts: string[] = [];
    for (let k = 1; k <= JUMPS_TO_REANCHOR; k++) {
      const outcome = engine.applyFix(state, fix(k * 10, 115 + k * 0.01, 8.5), vessel);
      state = outcome.state;
      verdicts.push(outcome.verdict);
    }
    expect(verdicts).toEqual([...Array(JUMPS_TO_REANCHOR - 1).fill('rejected'), 'accepted']);
    expect(state.lastFix?.position[0]).toBeCloseTo(115 + JUMPS_TO_REANCHOR * 0.01);
  });

  it('a late fix leaves the state object itself untouched and produces no live update', () => {
    const first = engine.applyFix(null, fix(60, 113, 8), vessel).state;
    const late = engine.applyFix(first, fix(0, 111, 10), vessel);
    expect(late.verdict).toBe('late');
    expect(late.state).toBe(first);
    expect(late.live).toBeNull();
  });

  it('re-evaluates live state against a new zone-set version: new foreign waters open, removed ones resolve', () => {
    const atSea = engine.applyFix(null, fix(0, 112.6, 10), vessel).state;
    expect(atSea.episodes).toEqual([]);
    const newZone: Zone = {
      id: 'new-foreign',
      name: 'Newly published foreign waters',
      kind: 'eez',
      jurisdiction: 'PHL',
      approximate: false,
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [112.5, 9.5],
            [112.7, 9.5],
            [112.7, 10.5],
            [112.5, 10.5],
            [112.5, 9.5],
          ],
        ],
      },
    };
    const v2 = new RulesEngine({
      zones: ZoneIndex.build([...zoneList, newZone]),
      zoneSetVersion: 'v2',
      config: DEFAULT_RULES_CONFIG,
    });
    const reevaluated = v2.reevaluate(atSea, vessel, T0_MS + 5 * MINUTE_MS);
    expect(reevaluated.events.map((e) => `${e.transition} ${e.alert.type}`)).toEqual([
      'opened border.crossed',
    ]);
    expect(reevaluated.events[0]!.alert.zoneSetVersion).toBe('v2');
    expect(reevaluated.live?.status).toBe('crossed');

    const back = engine.reevaluate(reevaluated.state, vessel, T0_MS + 10 * MINUTE_MS);
    expect(back.events.map((e) => `${e.transition} ${e.alert.type}`)).toEqual(['resolved border.crossed']);
    expect(engine.reevaluate(back.state, vessel, T0_MS + 11 * MINUTE_MS).events).toEqual([]);
  });

  it('does not judge zone use for a vessel not in the registry (class unknown)', () => {
    const unknown = { ...vessel, vesselClass: null };
    let state = engine.applyFix(null, fix(0, 109.7, 10, { speedKnots: 2 }), unknown).state;
    const outcome = engine.applyFix(state, fix(120, 109.7, 10.01, { speedKnots: 2 }), unknown);
    state = outcome.state;
    expect(outcome.events).toEqual([]);
  });

  it('reports the live status the map colours by', () => {
    const inPort = engine.applyFix(null, fix(0, 109, 10), vessel);
    expect(inPort.live).toMatchObject({ status: 'in_port', portId: 'port-a', maxSeverity: null });
    const near = engine.applyFix(inPort.state, fix(600, 110.47, 10), vessel);
    expect(near.live).toMatchObject({ status: 'near_border', portId: null, maxSeverity: 'danger' });
    const crossed = engine.applyFix(near.state, fix(630, 110.6, 10), vessel);
    expect(crossed.live).toMatchObject({ status: 'crossed', openAlertTypes: ['border.crossed'] });
  });
});
