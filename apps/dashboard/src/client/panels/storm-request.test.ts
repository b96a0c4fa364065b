import { describe, expect, it } from 'vitest';
import { buildStormRequest, localInputToMs, msToLocalInput, type StormForm } from './storm-request';

const base: StormForm = {
  name: ' Bão số 3 ',
  validFromMs: 1_000,
  validToMs: 2_000,
  mode: 'area',
  corners: [
    [108, 12],
    [110, 12],
    [110, 14],
  ],
  forecast: [],
};

describe('buildStormRequest', () => {
  it('closes a drawn area into a polygon', () => {
    expect(buildStormRequest(base)).toEqual({
      request: {
        name: 'Bão số 3',
        validFromMs: 1_000,
        validToMs: 2_000,
        area: {
          type: 'Polygon',
          coordinates: [
            [
              [108, 12],
              [110, 12],
              [110, 14],
              [108, 12],
            ],
          ],
        },
      },
    });
  });

  it('sends forecast positions in time order and drops unusable rows', () => {
    const built = buildStormRequest({
      ...base,
      mode: 'forecast',
      forecast: [
        { atMs: 2_000, position: [112, 15], radiusNm: 80 },
        { atMs: 1_000, position: [114, 14], radiusNm: 100 },
        { atMs: Number.NaN, position: [114, 14], radiusNm: 100 },
        { atMs: 1_500, position: [200, 14], radiusNm: 100 },
        { atMs: 1_500, position: [113, 14], radiusNm: 0 },
      ],
    });
    expect(built).toEqual({
      request: {
        name: 'Bão số 3',
        validFromMs: 1_000,
        validToMs: 2_000,
        forecast: [
          { atMs: 1_000, position: [114, 14], radiusNm: 100 },
          { atMs: 2_000, position: [112, 15], radiusNm: 80 },
        ],
      },
    });
  });

  it('names the first problem', () => {
    expect(buildStormRequest({ ...base, name: '  ' })).toEqual({ problem: 'storm.needName' });
    expect(buildStormRequest({ ...base, validToMs: 1_000 })).toEqual({ problem: 'storm.needWindow' });
    expect(buildStormRequest({ ...base, validFromMs: Number.NaN })).toEqual({ problem: 'storm.needWindow' });
    expect(buildStormRequest({ ...base, corners: base.corners.slice(0, 2) })).toEqual({
      problem: 'storm.needArea',
    });
    expect(buildStormRequest({ ...base, mode: 'forecast' })).toEqual({ problem: 'storm.needForecast' });
  });

  it('round-trips datetime-local values to the minute', () => {
    const ms = new Date(2026, 10, 27, 8, 5).getTime();
    expect(msToLocalInput(ms)).toBe('2026-11-27T08:05');
    expect(localInputToMs(msToLocalInput(ms))).toBe(ms);
    expect(localInputToMs('')).toBeNaN();
  });
});
