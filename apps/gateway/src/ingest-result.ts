import type { RejectReason } from '@vesselwatch/codecs';

/** One input line the gateway refused, with the reason a sender can act on. */
export interface LineRejection {
  /** 1-based line number within the request, file or connection. */
  line: number;
  reason: RejectReason;
  detail: string;
}

/** What became of a batch of input lines. */
export interface IngestResult {
  lines: number;
  /** Fixes published to `vms.fixes` (including unregistered ones). */
  accepted: number;
  /** Of the accepted fixes, those from terminals no vessel is registered for. */
  unregistered: number;
  /** AIS static reports (types 5, 24): vessel identity, no position. */
  staticReports: number;
  /** Well-formed messages without anything VesselWatch uses, by kind (e.g. `ais-type-4`). */
  ignored: Record<string, number>;
  rejected: number;
  rejectedByReason: Partial<Record<RejectReason, number>>;
  rejections: LineRejection[];
  /** Latest event time among the accepted fixes (paces replays); null when none was accepted. */
  latestReportedAtMs: number | null;
}

export function emptyIngestResult(): IngestResult {
  return {
    lines: 0,
    accepted: 0,
    unregistered: 0,
    staticReports: 0,
    ignored: {},
    rejected: 0,
    rejectedByReason: {},
    rejections: [],
    latestReportedAtMs: null,
  };
}

/**
 * Adds `next` into `total` (for a replay or a connection's running summary). `keepRejections` bounds how
 * many individual rejections are kept, so a summary of millions of lines stays small.
 */
export function addIngestResult(total: IngestResult, next: IngestResult, keepRejections: number): void {
  total.lines += next.lines;
  total.accepted += next.accepted;
  total.unregistered += next.unregistered;
  total.staticReports += next.staticReports;
  total.rejected += next.rejected;
  if (next.latestReportedAtMs !== null) {
    total.latestReportedAtMs = Math.max(
      total.latestReportedAtMs ?? next.latestReportedAtMs,
      next.latestReportedAtMs,
    );
  }
  for (const [what, count] of Object.entries(next.ignored))
    total.ignored[what] = (total.ignored[what] ?? 0) + count;
  for (const [reason, count] of Object.entries(next.rejectedByReason) as [RejectReason, number][]) {
    total.rejectedByReason[reason] = (total.rejectedByReason[reason] ?? 0) + count;
  }
  const room = Math.max(0, keepRejections - total.rejections.length);
  total.rejections.push(...next.rejections.slice(0, room));
}
