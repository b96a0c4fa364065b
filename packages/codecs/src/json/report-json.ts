import { z } from 'zod';
import { describeIssues } from '@vesselwatch/domain';
import { type Decoded, positionOrRejection, rejected } from '../decoded';
import type { LineDecoder } from '../line-decoder';
import { parseTimeText } from '../time-text';

/**
 * VesselWatch's own JSON position report, as providers POST it: one object per report, either in a JSON
 * array or one per line (JSON lines). Time is `reportedAt` (ISO 8601 with a zone) or `reportedAtMs`.
 * Position is [lon, lat] (GeoJSON order). Documented in docs/gateway.md.
 */
export const JsonReportSchema = z
  .object({
    terminalId: z.string().min(1).max(64),
    reportedAt: z.string().optional(),
    reportedAtMs: z.number().int().nonnegative().optional(),
    position: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]),
    speedKnots: z.number().min(0).max(102.2).nullable().optional(),
    courseDeg: z.number().min(0).max(360).nullable().optional(),
  })
  .strict();
export type JsonReport = z.infer<typeof JsonReportSchema>;

/** Decodes one already-parsed JSON value as a position report. */
export function decodeJsonReport(value: unknown): Decoded {
  const result = JsonReportSchema.safeParse(value);
  if (!result.success) {
    const problems = describeIssues(result.error).map((p) =>
      p.path ? `${p.path}: ${p.problem}` : p.problem,
    );
    return rejected('bad-field', problems.join('; '));
  }
  const report = result.data;
  let reportedAtMs = report.reportedAtMs;
  if (report.reportedAt !== undefined) {
    const time = parseTimeText(report.reportedAt);
    if (!time.ok) return rejected('bad-field', `reportedAt: ${time.problem}`);
    if (reportedAtMs !== undefined && reportedAtMs !== time.timeMs) {
      return rejected('bad-field', 'reportedAt and reportedAtMs disagree; send one of them');
    }
    reportedAtMs = time.timeMs;
  }
  if (reportedAtMs === undefined) return rejected('missing-field', 'reportedAt or reportedAtMs is required');
  return positionOrRejection({
    terminalId: report.terminalId,
    source: 'json',
    reportedAtMs,
    position: report.position,
    speedKnots: report.speedKnots ?? null,
    // 360 is north too; the fix carries [0, 360).
    courseDeg: report.courseDeg === undefined || report.courseDeg === null ? null : report.courseDeg % 360,
  });
}

/** Parses JSON text, or explains where it is broken. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problem: `not JSON: ${(error as Error).message}` };
  }
}

/** JSON lines: one report object per line. */
export class JsonReportLineDecoder implements LineDecoder {
  decode(line: string): Decoded[] {
    const text = line.trim();
    if (text === '') return [{ kind: 'skipped' }];
    const parsed = parseJsonText(text);
    return [parsed.ok ? decodeJsonReport(parsed.value) : rejected('syntax', parsed.problem)];
  }

  flush(): Decoded[] {
    return [];
  }
}
