import { describe, expect, it } from 'vitest';
import { isVesselWatchError, type PositionFix } from '@vesselwatch/domain';
import { decodeFixMessage, encodeFixMessage } from './fix-message';

const fix: PositionFix = {
  vesselId: 'vn-st-12345',
  terminalId: 'T1',
  reportedAtMs: Date.UTC(2026, 10, 26, 8),
  receivedAtMs: Date.UTC(2026, 10, 26, 8, 1),
  position: [106.1, 9.2],
  speedKnots: 7.5,
  courseDeg: null,
  source: 'naf',
};

describe('fix messages on the bus', () => {
  it('round-trip a PositionFix', () => {
    expect(decodeFixMessage(encodeFixMessage(fix))).toEqual(fix);
  });

  it('reject a message that is not JSON or not a fix, naming the problem', () => {
    const errors = [
      new TextEncoder().encode('{"vesselId"'),
      encodeFixMessage({ ...fix, position: [200, 9] }),
    ].map((value) => {
      try {
        decodeFixMessage(value);
        return undefined;
      } catch (error) {
        return error;
      }
    });
    expect(errors.every((error) => isVesselWatchError(error, 'VW_ERR_INPUT_INVALID'))).toBe(true);
    expect(String((errors[0] as Error).message)).toMatch(/not UTF-8 JSON/);
    expect(String((errors[1] as Error).message)).toMatch(/position\.0/);
  });
});
