import { type Decoded, positionOrRejection, rejected } from '../decoded';
import {
  type FieldResult,
  parseHemisphereDegrees,
  parseNafCourse,
  parseNafDate,
  parseNafSpeed,
  parseNafTime,
  parseSignedDegrees,
} from './naf-fields';

/** NAF message types that carry a position: report, entry, exit, manual report. */
const POSITION_MESSAGE_TYPES = new Set(['POS', 'ENT', 'EXI', 'MAN']);

/**
 * Checks of the header fields that carry no position but must still be what NAF says they are, so a
 * garbled record is not taken for a good one. Lower-case country codes are unambiguous and accepted.
 */
const HEADER_FIELD_CHECKS: Array<{
  code: string;
  check: (value: string) => FieldResult<unknown>;
  expected: string;
}> = [
  { code: 'AD', check: (v) => countryCode(v), expected: 'an ISO-3166 alpha-3 code' },
  { code: 'FR', check: (v) => countryCode(v), expected: 'an ISO-3166 alpha-3 code' },
  { code: 'FS', check: (v) => countryCode(v), expected: 'an ISO-3166 alpha-3 code' },
  { code: 'SQ', check: (v) => digits(v, 6), expected: 'up to 6 digits' },
  { code: 'RN', check: (v) => digits(v, 6), expected: 'up to 6 digits' },
  { code: 'RD', check: parseNafDate, expected: 'YYYYMMDD' },
  { code: 'RT', check: parseNafTime, expected: 'HHMM' },
];

function countryCode(value: string): FieldResult<string> {
  return /^[A-Za-z]{3}$/.test(value)
    ? { ok: true, value: value.toUpperCase() }
    : { ok: false, problem: `"${value}"` };
}

function digits(value: string, max: number): FieldResult<number> {
  return new RegExp(`^\\d{1,${max}}$`).test(value)
    ? { ok: true, value: Number(value) }
    : { ok: false, problem: `"${value}"` };
}

/** Splits `//SR//AD/PAN//.../ER//` into code -> value; returns a problem string when it is not a record. */
export function splitNafRecord(record: string): { fields: Map<string, string> } | { problem: string } {
  const text = record.trim();
  if (!text.startsWith('//SR//')) return { problem: 'a NAF record starts with //SR//' };
  if (!/\/\/ER\/*$/.test(text)) return { problem: 'a NAF record ends with //ER//' };
  const fields = new Map<string, string>();
  // `//RC///` is an empty RC followed by the separator: split at `//` not followed by another `/`.
  for (const part of text.split(/\/\/(?!\/)/)) {
    if (part === '' || part === 'SR' || part === 'ER') continue;
    const slash = part.indexOf('/');
    let code: string;
    let value: string;
    if (slash >= 0) {
      code = part.slice(0, slash);
      value = part.slice(slash + 1);
    } else {
      // `TI1233` (the format's own example) lacks the slash; two letters then the value is unambiguous.
      const match = /^([A-Z]{2})(.+)$/.exec(part);
      if (!match) return { problem: `field "${part}" has no CODE/VALUE shape` };
      code = match[1] as string;
      value = match[2] as string;
    }
    if (!/^[A-Z]{2}$/.test(code)) return { problem: `field code "${code}" is not two capital letters` };
    if (fields.has(code) && value !== '' && fields.get(code) !== '' && fields.get(code) !== value) {
      return { problem: `field ${code} appears twice with different values` };
    }
    // Empty fields (`//RC///`) say "no value": keep an earlier non-empty value if there is one.
    if (value !== '' || !fields.has(code)) fields.set(code, value.trim());
  }
  return { fields };
}

function field(fields: Map<string, string>, code: string): string | undefined {
  const value = fields.get(code);
  return value === undefined || value === '' ? undefined : value;
}

function coordinate(
  fields: Map<string, string>,
  decimalCode: 'LT' | 'LG',
  hemisphereCode: 'LA' | 'LO',
): FieldResult<number> | undefined {
  const decimal = field(fields, decimalCode);
  if (decimal !== undefined) return parseSignedDegrees(decimal, decimalCode === 'LT' ? 90 : 180);
  const hemisphere = field(fields, hemisphereCode);
  if (hemisphere !== undefined)
    return parseHemisphereDegrees(hemisphere, hemisphereCode === 'LA' ? 'lat' : 'lon');
  return undefined;
}

/**
 * Decodes one NAF position record. The terminal id is the vessel's internal number (IR), else its
 * radio call sign (RC), else its side number (XR): the identifiers a flag state's VMS keys vessels by.
 * Unknown codes are ignored (feeds add their own); empty fields count as absent.
 */
export function decodeNafRecord(record: string): Decoded {
  const split = splitNafRecord(record);
  if ('problem' in split) return rejected('syntax', split.problem);
  const { fields } = split;
  for (const { code, check, expected } of HEADER_FIELD_CHECKS) {
    const value = field(fields, code);
    if (value === undefined) continue;
    const result = check(value);
    if (!result.ok) return rejected('bad-field', `${code}/${value} is not ${expected}`);
  }

  const messageType = field(fields, 'TM');
  if (messageType !== undefined && !POSITION_MESSAGE_TYPES.has(messageType.toUpperCase())) {
    return rejected(
      'unsupported-type',
      `TM/${messageType} carries no position (expected POS, ENT, EXI or MAN)`,
    );
  }
  const terminalId = field(fields, 'IR') ?? field(fields, 'RC') ?? field(fields, 'XR');
  if (terminalId === undefined)
    return rejected('missing-field', 'no vessel identity: IR, RC and XR are all missing');

  const lat = coordinate(fields, 'LT', 'LA');
  const lon = coordinate(fields, 'LG', 'LO');
  if (lat === undefined) return rejected('missing-field', 'no latitude: LT or LA is required');
  if (lon === undefined) return rejected('missing-field', 'no longitude: LG or LO is required');
  if (!lat.ok) return rejected('bad-field', `latitude: ${lat.problem}`);
  if (!lon.ok) return rejected('bad-field', `longitude: ${lon.problem}`);

  const dateText = field(fields, 'DA');
  const timeText = field(fields, 'TI');
  if (dateText === undefined) return rejected('missing-field', 'no position date: DA is required');
  if (timeText === undefined) return rejected('missing-field', 'no position time: TI is required');
  const date = parseNafDate(dateText);
  if (!date.ok) return rejected('bad-field', `DA: ${date.problem}`);
  const time = parseNafTime(timeText);
  if (!time.ok) return rejected('bad-field', `TI: ${time.problem}`);

  const speedText = field(fields, 'SP');
  const courseText = field(fields, 'CO');
  const speed = speedText === undefined ? undefined : parseNafSpeed(speedText);
  const course = courseText === undefined ? undefined : parseNafCourse(courseText);
  if (speed && !speed.ok) return rejected('bad-field', `SP: ${speed.problem}`);
  if (course && !course.ok) return rejected('bad-field', `CO: ${course.problem}`);

  return positionOrRejection({
    terminalId,
    source: 'naf',
    reportedAtMs: date.value + time.value,
    position: [lon.value, lat.value],
    speedKnots: speed ? speed.value : null,
    courseDeg: course ? course.value : null,
  });
}

/**
 * Decodes one line of a NAF stream or file: blank lines and `#` comments are skipped; anything else must be
 * one record.
 */
export function decodeNafLine(line: string): Decoded {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return { kind: 'skipped' };
  return decodeNafRecord(text);
}
