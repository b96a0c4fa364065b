/**
 * Field-level parsing of NAF (North Atlantic Format) values, see ../shared/reference/domain.md §3.
 * Each parser returns the value or a string saying what is wrong; the record decoder turns those into
 * rejections naming the field.
 */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const bad = <T>(problem: string): FieldResult<T> => ({ ok: false, problem });

/** Signed decimal degrees such as `+53.267`, `-011.733` or `.940` (missing leading zero: unambiguous). */
export function parseSignedDegrees(value: string, limit: number): FieldResult<number> {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) return bad(`"${value}" is not signed decimal degrees`);
  const degrees = Number(value);
  if (Math.abs(degrees) > limit) return bad(`${degrees} is outside -${limit}..${limit}`);
  return ok(degrees);
}

/**
 * Degrees and minutes with a hemisphere letter: `N6544` (65°44'), `W00322` (3°22' west). NAF has no
 * seconds here, so anything but 2+2 (latitude) or 3+2 (longitude) digits is rejected.
 */
export function parseHemisphereDegrees(value: string, axis: 'lat' | 'lon'): FieldResult<number> {
  const pattern = axis === 'lat' ? /^([NS])(\d{2})(\d{2})$/ : /^([EW])(\d{3})(\d{2})$/;
  const match = pattern.exec(value.toUpperCase());
  if (!match) {
    return bad(`"${value}" is not ${axis === 'lat' ? 'N/S + DDMM' : 'E/W + DDDMM'} degrees and minutes`);
  }
  const [, hemisphere, degreesText, minutesText] = match as unknown as [string, string, string, string];
  const minutes = Number(minutesText);
  if (minutes >= 60) return bad(`"${value}" has ${minutes} minutes`);
  const degrees = Number(degreesText) + minutes / 60;
  if (degrees > (axis === 'lat' ? 90 : 180)) return bad(`"${value}" is out of range`);
  return ok(hemisphere === 'S' || hemisphere === 'W' ? -degrees : degrees);
}

/** YYYYMMDD, or YYMMDD read as 20YY (NAF feeds of this century). Returns ms of midnight UTC. */
export function parseNafDate(value: string): FieldResult<number> {
  const match = /^(\d{2}|\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) return bad(`"${value}" is not YYYYMMDD or YYMMDD`);
  const [, yearText, monthText, dayText] = match as unknown as [string, string, string, string];
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const dateMs = Date.UTC(year, month - 1, day);
  const date = new Date(dateMs);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return bad(`"${value}" is not a calendar date`);
  }
  return ok(dateMs);
}

/** HHMM or HHMMSS (UTC). Returns ms since midnight. */
export function parseNafTime(value: string): FieldResult<number> {
  const match = /^(\d{2})(\d{2})(\d{2})?$/.exec(value);
  if (!match) return bad(`"${value}" is not HHMM or HHMMSS`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = match[3] === undefined ? 0 : Number(match[3]);
  if (hours > 23 || minutes > 59 || seconds > 59) return bad(`"${value}" is not a time of day`);
  return ok(((hours * 60 + minutes) * 60 + seconds) * 1000);
}

/** SP is knots x 10 (`SP/105` = 10.5 kn). */
export function parseNafSpeed(value: string): FieldResult<number> {
  if (!/^\d{1,4}$/.test(value)) return bad(`"${value}" is not a whole number of tenths of a knot`);
  return ok(Number(value) / 10);
}

/** CO is whole degrees 0-360; 360 means north and becomes 0. */
export function parseNafCourse(value: string): FieldResult<number> {
  if (!/^\d{1,3}$/.test(value)) return bad(`"${value}" is not whole degrees`);
  const courseDeg = Number(value);
  if (courseDeg > 360) return bad(`${courseDeg} is above 360`);
  return ok(courseDeg === 360 ? 0 : courseDeg);
}
