import type { AlertSeverity, PositionFix } from '@vesselwatch/domain';
import type { EpisodeBook } from '../episodes';
import type { RejectionReason } from '../types';

/** A duplicate is usually a terminal resending after a lost acknowledgement: worth knowing, not alarming. */
const SEVERITY: Record<RejectionReason, AlertSeverity> = {
  duplicate: 'info',
  future_time: 'notice',
  out_of_range: 'notice',
  on_land: 'notice',
  impossible_speed: 'notice',
};

/**
 * position.rejected: one episode per reason while a vessel's fixes keep failing that sanity rule, counting
 * them, so a terminal with a broken clock raises one alert, not one per report. The next accepted fix
 * resolves it.
 */
export function recordRejection(
  book: EpisodeBook,
  fix: PositionFix,
  reason: RejectionReason,
  atMs: number,
): void {
  const open = book.get('position.rejected', reason);
  const count = typeof open?.evidence['rejectedCount'] === 'number' ? open.evidence['rejectedCount'] : 0;
  const evidence = { rejectionReason: reason, rejectedCount: count + 1, lastRejectedAtMs: fix.reportedAtMs };
  if (open) {
    book.update('position.rejected', reason, open.severity, atMs, evidence);
    return;
  }
  book.openOrEscalate(
    {
      type: 'position.rejected',
      subject: reason,
      severity: SEVERITY[reason],
      startMs: atMs,
      openingFix: fix,
      zoneId: null,
      evidence,
    },
    atMs,
  );
}

export function resolveRejections(book: EpisodeBook, atMs: number): void {
  for (const episode of book.ofType('position.rejected')) {
    const reason = episode.alert.evidence['rejectionReason'];
    book.resolve('position.rejected', typeof reason === 'string' ? reason : null, atMs);
  }
}
