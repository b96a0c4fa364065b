import { describe, expect, it } from 'vitest';
import type { LiveVesselUpdate } from '@vesselwatch/domain';
import { FrameBuffer, RecentKeys, inViewport } from './frame-buffer';

function update(vesselId: string, reportedAtMs: number, updatedAtMs = reportedAtMs): LiveVesselUpdate {
  return {
    vesselId,
    fix: {
      vesselId,
      terminalId: 't',
      reportedAtMs,
      receivedAtMs: reportedAtMs,
      position: [109, 12],
      speedKnots: null,
      courseDeg: null,
      source: 'sim',
    },
    status: 'normal',
    portId: null,
    nearestForeignNm: null,
    openAlertTypes: [],
    maxSeverity: null,
    updatedAtMs,
  };
}

describe('frame buffer', () => {
  it('keeps the newest update per vessel between frames and never goes back in time', () => {
    const buffer = new FrameBuffer();
    buffer.add(update('A', 1_000));
    buffer.add(update('A', 3_000));
    expect(buffer.add(update('A', 2_000))).toBe(false);
    buffer.add(update('B', 1_000));
    // Same fix, re-evaluated later (new zone set): the later update wins.
    buffer.add(update('B', 1_000, 9_000));
    const frame = buffer.take();
    expect(frame.map((u) => [u.vesselId, u.fix.reportedAtMs, u.updatedAtMs])).toEqual([
      ['A', 3_000, 3_000],
      ['B', 1_000, 9_000],
    ]);
    expect(buffer.take()).toEqual([]);
    // A redelivered older update after the frame is still refused.
    expect(buffer.add(update('A', 2_500))).toBe(false);
    expect(buffer.size).toBe(0);
  });

  it('tests viewports, including one across the antimeridian', () => {
    const box = { west: 100, south: 0, east: 120, north: 20, zoom: 5 };
    expect(inViewport(box, [110, 10])).toBe(true);
    expect(inViewport(box, [121, 10])).toBe(false);
    expect(inViewport(box, [110, 21])).toBe(false);
    const across = { west: 170, south: -10, east: -170, north: 10, zoom: 5 };
    expect(inViewport(across, [175, 0])).toBe(true);
    expect(inViewport(across, [-175, 0])).toBe(true);
    expect(inViewport(across, [0, 0])).toBe(false);
  });

  it('remembers recent alert keys up to its capacity', () => {
    const keys = new RecentKeys(2);
    expect(keys.firstTime('a')).toBe(true);
    expect(keys.firstTime('a')).toBe(false);
    keys.firstTime('b');
    keys.firstTime('c');
    expect(keys.firstTime('a')).toBe(true);
  });
});

describe('vessel directory', () => {
  it('refreshes early for an unknown vessel, at most once per interval, and reads only changes', async () => {
    const { VesselDirectory } = await import('./vessel-directory');
    const calls: Array<number | undefined> = [];
    let rows = [
      { vesselId: 'A', registrationNumber: 'KH-1-TS', name: 'A', homePortId: 'p', updatedAtMs: 10 },
    ];
    const directory = new VesselDirectory(
      {
        vesselDirectory: async (since?: number) => {
          calls.push(since);
          return rows;
        },
      },
      1_000,
    );
    await directory.refresh();
    expect(directory.get('A')).toMatchObject({ id: 'A', homePortId: 'p', registrationNumber: 'KH-1-TS' });
    rows = [{ vesselId: 'B', registrationNumber: 'KH-2-TS', name: 'B', homePortId: 'q', updatedAtMs: 20 }];
    const errors: unknown[] = [];
    directory.refreshSoon(5_000, (e) => errors.push(e));
    directory.refreshSoon(5_500, (e) => errors.push(e));
    // The second call came too soon; refresh() joins the one in flight instead of reading again.
    await directory.refresh();
    expect(calls).toEqual([undefined, 10]);
    expect(directory.get('B')?.homePortId).toBe('q');
    directory.refreshSoon(6_000, (e) => errors.push(e));
    await directory.refresh();
    expect(calls).toEqual([undefined, 10, 20]);
    expect(errors).toEqual([]);
  });
});
