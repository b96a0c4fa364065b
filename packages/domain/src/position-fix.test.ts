import { describe, expect, it } from 'vitest';
import { PositionFixSchema, type PositionFix } from './position-fix';
import { parseOrThrow } from './validation';
import { isVesselWatchError } from './errors/vessel-watch-error';

const validFix: PositionFix = {
  vesselId: 'vn-st-12345',
  terminalId: 'MOVIMAR-0042',
  reportedAtMs: Date.UTC(2026, 10, 26, 8, 0),
  receivedAtMs: Date.UTC(2026, 10, 26, 8, 1),
  position: [106.1, 9.2],
  speedKnots: 7.5,
  courseDeg: 215,
  source: 'naf',
};

describe('PositionFixSchema', () => {
  it('accepts a complete fix', () => {
    expect(PositionFixSchema.parse(validFix)).toEqual(validFix);
  });

  it('accepts a fix without speed and course', () => {
    expect(PositionFixSchema.parse({ ...validFix, speedKnots: null, courseDeg: null }).speedKnots).toBeNull();
  });

  it.each([
    ['latitude out of range', { position: [106.1, 91] }, 'position.1'],
    ['longitude out of range', { position: [181, 9.2] }, 'position.0'],
    ['[lat, lon] given as three numbers', { position: [9.2, 106.1, 0] }, 'position'],
    ['course of 360 (AIS "not available")', { courseDeg: 360 }, 'courseDeg'],
    ['speed of 102.3 kn (AIS "not available")', { speedKnots: 102.3 }, 'speedKnots'],
    ['unknown source', { source: 'gsm' }, 'source'],
    ['fractional milliseconds', { reportedAtMs: 1.5 }, 'reportedAtMs'],
  ])('rejects %s and names the field', (_name, change, path) => {
    try {
      parseOrThrow(PositionFixSchema, { ...validFix, ...change }, 'position fix');
      expect.unreachable('the fix should have been rejected');
    } catch (error) {
      expect(isVesselWatchError(error, 'VW_ERR_INPUT_INVALID')).toBe(true);
      const problems = (error as { details: { problems: Array<{ path: string }> } }).details.problems;
      expect(problems.map((p) => p.path)).toContain(path);
    }
  });
});
