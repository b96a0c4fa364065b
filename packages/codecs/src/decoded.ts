import type { FixSource, LonLat } from '@vesselwatch/domain';

/**
 * What a decoder makes of one position report before the gateway knows which vessel sent it: the
 * terminal's own id, event time and motion. The gateway maps `terminalId` to a vessel and adds the
 * receive time to make a `PositionFix`.
 */
export interface TerminalReport {
  terminalId: string;
  source: FixSource;
  /** When the terminal measured the position, ms since the epoch (UTC). */
  reportedAtMs: number;
  /** [lon, lat], WGS-84 decimal degrees (GeoJSON order). */
  position: LonLat;
  /** Speed over ground in knots; null when not sent or "not available". */
  speedKnots: number | null;
  /** Course over ground in degrees true, [0, 360); null when not sent or "not available". */
  courseDeg: number | null;
}

/** Vessel identity a message carried without a position (AIS types 5 and 24, NAF name fields). */
export interface StaticReport {
  terminalId: string;
  source: FixSource;
  shipName: string | null;
  callSign: string | null;
}

/**
 * Why an input line was rejected. Stable, short, machine-readable: summaries count by it and API bodies
 * carry it beside the human-readable detail.
 */
export const REJECT_REASONS = [
  'syntax',
  'checksum',
  'missing-field',
  'bad-field',
  'not-available',
  'out-of-range',
  'unsupported-type',
  'incomplete-message',
  'line-too-long',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** The outcome of decoding one line (or one record) of input. */
export type Decoded =
  | { kind: 'position'; report: TerminalReport }
  | { kind: 'static'; report: StaticReport }
  /** A fragment of a multi-sentence AIS message, or a header line: nothing to publish yet, nothing wrong. */
  | { kind: 'pending' }
  /** A comment, a blank line or a CSV header: skipped on purpose. */
  | { kind: 'skipped' }
  /**
   * Well-formed input that carries nothing VesselWatch uses (AIS base-station reports, binary messages):
   * counted under `what` in summaries, not an error of the sender.
   */
  | { kind: 'ignored'; what: string }
  | { kind: 'rejected'; reason: RejectReason; detail: string };

export function rejected(reason: RejectReason, detail: string): Decoded {
  return { kind: 'rejected', reason, detail };
}

export function isFiniteInRange(value: number, min: number, max: number): boolean {
  return Number.isFinite(value) && value >= min && value <= max;
}

/** Course normalised into [0, 360): 360 itself means north in NAF, so it becomes 0. */
export function normaliseCourseDeg(courseDeg: number): number {
  const normalised = courseDeg % 360;
  return normalised < 0 ? normalised + 360 : normalised;
}

/** Highest speed a PositionFix may carry (AIS encodes 102.2 kn as "102.2 or more"; 102.3 is "not available"). */
export const MAX_SPEED_KNOTS = 102.2;

/**
 * The last check every decoder applies: a report whose numbers are out of range is rejected here rather
 * than failing later on the PositionFix schema, so the reason reaches the sender.
 */
export function positionOrRejection(report: TerminalReport): Decoded {
  const [lon, lat] = report.position;
  if (!isFiniteInRange(lon, -180, 180))
    return rejected('out-of-range', `longitude ${lon} is outside -180..180`);
  if (!isFiniteInRange(lat, -90, 90)) return rejected('out-of-range', `latitude ${lat} is outside -90..90`);
  if (report.speedKnots !== null && !isFiniteInRange(report.speedKnots, 0, MAX_SPEED_KNOTS)) {
    return rejected('out-of-range', `speed ${report.speedKnots} kn is outside 0..${MAX_SPEED_KNOTS}`);
  }
  if (report.courseDeg !== null && !(isFiniteInRange(report.courseDeg, 0, 360) && report.courseDeg < 360)) {
    return rejected('out-of-range', `course ${report.courseDeg} deg is outside [0, 360)`);
  }
  if (!Number.isSafeInteger(report.reportedAtMs) || report.reportedAtMs < 0) {
    return rejected('out-of-range', `time ${report.reportedAtMs} ms is not a valid time after 1970`);
  }
  if (report.terminalId.length === 0 || report.terminalId.length > 64) {
    return rejected('bad-field', 'terminal id must be 1-64 characters');
  }
  return { kind: 'position', report };
}
