import type { IngestResult } from '@vesselwatch/gateway';

export interface ReplayProgress {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  totals: IngestResult;
  elapsedMs: number;
}

const BAR_WIDTH = 30;

/** One status line: a bar of the bytes read, lines, fixes accepted and rejected, rate. */
export function formatProgressLine(progress: ReplayProgress): string {
  const fraction = progress.bytesTotal > 0 ? Math.min(1, progress.bytesRead / progress.bytesTotal) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const rate =
    progress.elapsedMs > 0 ? Math.round((progress.totals.accepted * 1000) / progress.elapsedMs) : 0;
  return (
    `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
    `${progress.file}  lines ${progress.totals.lines}  accepted ${progress.totals.accepted}  ` +
    `rejected ${progress.totals.rejected}  ${rate} fixes/s`
  );
}

/** The closing summary, one fact per line, rejections grouped by reason with the first examples. */
export function formatSummary(totals: IngestResult, files: number, elapsedMs: number): string {
  const lines = [
    `Replayed ${files} file(s), ${totals.lines} lines in ${(elapsedMs / 1000).toFixed(1)} s`,
    `  accepted:       ${totals.accepted} fixes published to vms.fixes`,
    `    unregistered: ${totals.unregistered} (terminals with no vessel, published as unregistered:<source>:<terminal>)`,
    `  static reports: ${totals.staticReports} (AIS types 5/24: identity, no position)`,
  ];
  const ignored = Object.entries(totals.ignored).sort(([, a], [, b]) => b - a);
  if (ignored.length > 0) {
    const total = ignored.reduce((sum, [, count]) => sum + count, 0);
    lines.push(
      `  ignored:        ${total} (${ignored.map(([what, count]) => `${what} ${count}`).join(', ')})`,
    );
  }
  lines.push(
    `  rejected:       ${totals.rejected}${totals.rejected > 0 ? ' (sent to vms.fixes.dlq with the reason)' : ''}`,
  );
  for (const [reason, count] of Object.entries(totals.rejectedByReason).sort(([, a], [, b]) => b - a)) {
    lines.push(`    ${reason.padEnd(20)} ${count}`);
  }
  if (totals.rejections.length > 0) {
    lines.push('  first rejections:');
    for (const rejection of totals.rejections) lines.push(`    ${rejection.reason}: ${rejection.detail}`);
  }
  return lines.join('\n');
}
