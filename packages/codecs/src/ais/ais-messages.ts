import { type Decoded, positionOrRejection, rejected } from '../decoded';
import { SixBitPayload } from './six-bit';

/** Field layout of the AIS position messages (ITU-R M.1371-5), bit offsets into the message. */
interface PositionLayout {
  minBits: number;
  speed: { start: number; length: number; scale: number; notAvailable: number };
  lon: { start: number; length: number; perDegree: number };
  lat: { start: number; length: number; perDegree: number };
  course: { start: number; length: number; scale: number; notAvailable: number };
}

// Class A (1/2/3) and class B (18/19) positions are in 1/10,000 minute; long range (27) in 1/10 minute.
const CLASS_A: PositionLayout = {
  minBits: 128,
  speed: { start: 50, length: 10, scale: 10, notAvailable: 1023 },
  lon: { start: 61, length: 28, perDegree: 600_000 },
  lat: { start: 89, length: 27, perDegree: 600_000 },
  course: { start: 116, length: 12, scale: 10, notAvailable: 3600 },
};
const CLASS_B: PositionLayout = {
  minBits: 124,
  speed: { start: 46, length: 10, scale: 10, notAvailable: 1023 },
  lon: { start: 57, length: 28, perDegree: 600_000 },
  lat: { start: 85, length: 27, perDegree: 600_000 },
  course: { start: 112, length: 12, scale: 10, notAvailable: 3600 },
};
const LONG_RANGE: PositionLayout = {
  minBits: 94,
  speed: { start: 79, length: 6, scale: 1, notAvailable: 63 },
  lon: { start: 44, length: 18, perDegree: 600 },
  lat: { start: 62, length: 17, perDegree: 600 },
  course: { start: 85, length: 9, scale: 1, notAvailable: 511 },
};

const LAYOUTS: Record<number, PositionLayout> = {
  1: CLASS_A,
  2: CLASS_A,
  3: CLASS_A,
  18: CLASS_B,
  19: CLASS_B,
  27: LONG_RANGE,
};

/** AIS message types this decoder turns into position fixes and static reports. */
export const AIS_POSITION_TYPES = [1, 2, 3, 18, 19, 27] as const;
export const AIS_STATIC_TYPES = [5, 24] as const;

function mmsiOf(payload: SixBitPayload): string {
  return String(payload.uint(8, 30)).padStart(9, '0');
}

function decodePosition(
  payload: SixBitPayload,
  type: number,
  layout: PositionLayout,
  reportedAtMs: number,
): Decoded {
  if (!payload.has(0, layout.minBits)) {
    return rejected(
      'syntax',
      `type ${type} message is ${payload.bitLength} bits, needs at least ${layout.minBits}`,
    );
  }
  const lon = payload.int(layout.lon.start, layout.lon.length) / layout.lon.perDegree;
  const lat = payload.int(layout.lat.start, layout.lat.length) / layout.lat.perDegree;
  // 181 / 91 degrees are the standard's "not available"; they are not positions.
  if (lon === 181 || lat === 91) {
    return rejected('not-available', `type ${type} position is "not available" (lon ${lon}, lat ${lat})`);
  }
  const speedRaw = payload.uint(layout.speed.start, layout.speed.length);
  const courseRaw = payload.uint(layout.course.start, layout.course.length);
  const speedKnots = speedRaw === layout.speed.notAvailable ? null : speedRaw / layout.speed.scale;
  // Values above 359.9 other than "not available" are invalid by the standard: unknown course.
  const courseDeg = courseRaw / layout.course.scale < 360 ? courseRaw / layout.course.scale : null;
  return positionOrRejection({
    terminalId: mmsiOf(payload),
    source: 'ais',
    reportedAtMs,
    position: [lon, lat],
    speedKnots,
    courseDeg,
  });
}

function decodeStaticType5(payload: SixBitPayload): Decoded {
  if (!payload.has(0, 232))
    return rejected('syntax', `type 5 message is ${payload.bitLength} bits, needs at least 232`);
  return {
    kind: 'static',
    report: {
      terminalId: mmsiOf(payload),
      source: 'ais',
      callSign: payload.text(70, 42),
      shipName: payload.text(112, 120),
    },
  };
}

function decodeStaticType24(payload: SixBitPayload): Decoded {
  if (!payload.has(0, 40))
    return rejected('syntax', `type 24 message is ${payload.bitLength} bits, needs at least 40`);
  const part = payload.uint(38, 2);
  const terminalId = mmsiOf(payload);
  if (part === 0)
    return {
      kind: 'static',
      report: { terminalId, source: 'ais', shipName: payload.text(40, 120), callSign: null },
    };
  if (part === 1)
    return {
      kind: 'static',
      report: { terminalId, source: 'ais', shipName: null, callSign: payload.text(90, 42) },
    };
  return rejected('bad-field', `type 24 part number ${part} does not exist (0 = A, 1 = B)`);
}

/**
 * Decodes an assembled AIS payload. `reportedAtMs` is the receive time of the sentence (AIS position
 * messages carry only the UTC second, not the date). Other types are counted as ignored, by type, so that a
 * summary shows what a feed carries.
 */
export function decodeAisPayload(payloadText: string, fillBits: number, reportedAtMs: number): Decoded {
  if (payloadText === '') return rejected('syntax', 'empty AIS payload');
  const payload = SixBitPayload.parse(payloadText, fillBits);
  if (payload === null) return rejected('syntax', 'AIS payload holds a character outside the 6-bit alphabet');
  if (!payload.has(0, 38)) return rejected('syntax', `AIS message of ${payload.bitLength} bits is too short`);
  const type = payload.uint(0, 6);
  const layout = LAYOUTS[type];
  if (layout) return decodePosition(payload, type, layout, reportedAtMs);
  if (type === 5) return decodeStaticType5(payload);
  if (type === 24) return decodeStaticType24(payload);
  return { kind: 'ignored', what: `ais-type-${type}` };
}
