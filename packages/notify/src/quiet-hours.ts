import { MINUTE_MS, severityRank, type AlertSeverity } from '@vesselwatch/domain';
import type { QuietHours } from './subscription';

/** Minutes since local midnight of an instant in a time zone. */
export function localMinuteOfDay(atMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(atMs));
  const hour = Number(parts.find((part) => part.type === 'hour')?.value);
  const minute = Number(parts.find((part) => part.type === 'minute')?.value);
  return hour * 60 + minute;
}

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/**
 * When a message at `atMs` may go out under these quiet hours: `atMs` itself outside them (or when the
 * severity bypasses them), else the end of the quiet period (the first minute after `end`, local time).
 * A period may span midnight (22:00-06:00). start == end means no quiet hours. Works to the minute; in a
 * time zone with daylight saving time the end may be off by the shift on the night of the change.
 */
export function quietHoursReleaseMs(
  quietHours: QuietHours | null,
  severity: AlertSeverity,
  atMs: number,
): number {
  if (quietHours === null) return atMs;
  if (severityRank(severity) >= severityRank(quietHours.bypassFromSeverity)) return atMs;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  if (start === end) return atMs;
  const now = localMinuteOfDay(atMs, quietHours.timeZone);
  const quiet = start < end ? now >= start && now < end : now >= start || now < end;
  if (!quiet) return atMs;
  const minutesLeft = (end - now + 24 * 60) % (24 * 60);
  // Back to the start of the current minute, then forward to the end.
  const minuteStartMs = atMs - (atMs % MINUTE_MS);
  return minuteStartMs + minutesLeft * MINUTE_MS;
}
