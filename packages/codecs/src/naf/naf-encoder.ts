import type { TerminalReport } from '../decoded';

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function signedDegrees(degrees: number, integerDigits: number): string {
  const sign = degrees < 0 ? '-' : '+';
  const [whole = '0', fraction = '000'] = Math.abs(degrees).toFixed(3).split('.');
  return `${sign}${whole.padStart(integerDigits, '0')}.${fraction}`;
}

export interface NafHeader {
  /** Receiving party, ISO-3166 alpha-3 (AD). */
  to: string;
  /** Transmitting party, ISO-3166 alpha-3 (FR). */
  from: string;
  /** Vessel name (NA), optional. */
  vesselName?: string;
  /** Flag state (FS), optional. */
  flagState?: string;
}

/**
 * Encodes a position as a NAF POS record (the simulator speaks NAF like a real terminal provider).
 * The terminal id goes into IR; positions are rounded to 0.001 degree (about 110 m), speed to 0.1 kn,
 * course to whole degrees, time to the minute, as NAF carries them.
 */
export function encodeNafPosition(report: TerminalReport, header: NafHeader): string {
  const time = new Date(report.reportedAtMs);
  const fields = [
    `AD/${header.to}`,
    `FR/${header.from}`,
    'TM/POS',
    `IR/${report.terminalId}`,
    ...(header.vesselName ? [`NA/${header.vesselName.replaceAll('/', ' ')}`] : []),
    `DA/${pad(time.getUTCFullYear(), 4)}${pad(time.getUTCMonth() + 1, 2)}${pad(time.getUTCDate(), 2)}`,
    // HHMM as NAF defines it; HHMMSS only when the report is not on a whole minute (fast reporting).
    `TI/${pad(time.getUTCHours(), 2)}${pad(time.getUTCMinutes(), 2)}${time.getUTCSeconds() ? pad(time.getUTCSeconds(), 2) : ''}`,
    `LT/${signedDegrees(report.position[1], 2)}`,
    `LG/${signedDegrees(report.position[0], 3)}`,
    ...(report.speedKnots === null ? [] : [`SP/${Math.round(report.speedKnots * 10)}`]),
    ...(report.courseDeg === null ? [] : [`CO/${Math.round(report.courseDeg) % 360}`]),
    ...(header.flagState ? [`FS/${header.flagState}`] : []),
  ];
  return `//SR//${fields.join('//')}//ER//`;
}
