/**
 * Parses a UTC time given as ISO 8601 text (`2026-11-26T08:00:00Z`, `2018-12-23 11:44:12+00:00`) or as
 * epoch milliseconds. Text without a zone is refused: it would silently mean the server's local time.
 */
export function parseTimeText(value: string): { ok: true; timeMs: number } | { ok: false; problem: string } {
  const text = value.trim();
  if (/^\d{1,15}$/.test(text)) return { ok: true, timeMs: Number(text) };
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})$/i.exec(text);
  if (!match)
    return {
      ok: false,
      problem: `"${value}" is not an ISO 8601 time with a zone (e.g. 2026-11-26T08:00:00Z)`,
    };
  const zone =
    (match[5] as string).toUpperCase() === 'Z'
      ? 'Z'
      : (match[5] as string).replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  // Date.parse accepts at most milliseconds; longer fractions are cut to three digits.
  const time = (match[2] as string).replace(/(\.\d{3})\d+$/, '$1');
  const timeMs = Date.parse(`${match[1]}T${time}${zone}`);
  if (!Number.isFinite(timeMs)) return { ok: false, problem: `"${value}" is not a calendar time` };
  return { ok: true, timeMs };
}
