import { describe, expect, it } from 'vitest';
import type { LivePosition } from '../api/types';
import { LiveVessels, STATUS_RANK } from './vessel-store';

function item(vesselId: string, reportedAtMs: number, overrides: Partial<LivePosition> = {}): LivePosition {
  return {
    vesselId,
    registrationNumber: `KH-${vesselId}-TS`,
    name: `Vessel ${vesselId}`,
    fix: { reportedAtMs, position: [109 + reportedAtMs / 1e6, 12], speedKnots: 8, courseDeg: 45 },
    status: 'normal',
    portId: null,
    maxSeverity: null,
    ...overrides,
  };
}

describe('LiveVessels', () => {
  it('adds new vessels, then sends only what changed', () => {
    const live = new LiveVessels();
    expect(live.merge([item('a', 1000), item('b', 1000)])).toBe(2);
    const first = live.takeDiff();
    expect(first.add.map((f) => f.properties.vesselId)).toEqual(['a', 'b']);
    expect(first.update).toEqual([]);
    expect(live.dirty).toBe(false);

    live.merge([item('a', 2000)]);
    const second = live.takeDiff();
    expect(second.add).toEqual([]);
    expect(second.update).toHaveLength(1);
    expect(second.update[0]?.id).toBe(first.add[0]?.id);
    expect(second.update[0]?.geometry.coordinates).toEqual([109.002, 12]);
  });

  it('never moves a vessel back to an older fix', () => {
    const live = new LiveVessels();
    live.merge([item('a', 2000)]);
    live.takeDiff();
    expect(live.merge([item('a', 1000), item('a', 2000)])).toBe(0);
    expect(live.dirty).toBe(false);
    expect(live.get('a')?.fix.reportedAtMs).toBe(2000);
  });

  it('takes a new state at the same fix (an alert resolved without a new report)', () => {
    const live = new LiveVessels();
    live.merge([item('a', 2000, { status: 'crossed', maxSeverity: 'danger' })]);
    live.takeDiff();
    expect(live.merge([item('a', 2000, { status: 'normal', maxSeverity: null })])).toBe(1);
    const diff = live.takeDiff();
    expect(diff.update[0]?.properties).toMatchObject({ status: 'normal', rank: STATUS_RANK.normal });
  });

  it('gives every vessel as one collection, with course 0 when unknown', () => {
    const live = new LiveVessels();
    live.merge([
      item('a', 1),
      item('b', 1, { fix: { reportedAtMs: 1, position: [110, 10], speedKnots: null, courseDeg: null } }),
    ]);
    const all = live.takeAll();
    expect(all.features).toHaveLength(2);
    expect(all.features[1]?.properties.courseDeg).toBe(0);
    expect(live.dirty).toBe(false);
    expect(new Set(all.features.map((f) => f.id)).size).toBe(2);
  });
});
