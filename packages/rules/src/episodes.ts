import {
  type Alert,
  type AlertEvent,
  type AlertEvidence,
  type AlertSeverity,
  type AlertType,
  type PositionFix,
  alertId,
} from '@vesselwatch/domain';
import type { OpenEpisode } from './types';

/** The key of an open episode in a vessel's state: its type and (when it is about one thing) its subject. */
export function episodeKey(type: AlertType, subject: string | null): string {
  return subject === null ? type : `${type}|${subject}`;
}

export interface OpenRequest {
  type: AlertType;
  /** What the episode is about (a zone id, a jurisdiction, a rejection reason); part of the alert id. */
  subject: string | null;
  severity: AlertSeverity;
  /** Episode start (event time); part of the alert id, so the same episode always gets the same id. */
  startMs: number;
  openingFix: PositionFix;
  zoneId: string | null;
  evidence: AlertEvidence;
}

/**
 * A vessel's open episodes while one fix (or one watermark) is applied: opens, updates and resolves them
 * and records each transition as an AlertEvent, in order. Works on a copy; `episodes()` is the new list.
 */
export class EpisodeBook {
  private readonly open = new Map<string, OpenEpisode>();
  readonly events: AlertEvent[] = [];

  constructor(
    current: readonly OpenEpisode[],
    private readonly vesselId: string,
    private readonly zoneSetVersion: string | null,
  ) {
    for (const episode of current) this.open.set(episode.key, episode);
  }

  get(type: AlertType, subject: string | null): Alert | undefined {
    return this.open.get(episodeKey(type, subject))?.alert;
  }

  /** Open episodes of one type. */
  ofType(type: AlertType): OpenEpisode[] {
    return [...this.open.values()].filter((episode) => episode.alert.type === type);
  }

  /** Opens an episode; when one with the same key is open, updates its severity instead. */
  openOrEscalate(request: OpenRequest, atMs: number): Alert {
    const key = episodeKey(request.type, request.subject);
    const existing = this.open.get(key);
    if (existing) return this.update(request.type, request.subject, request.severity, atMs, request.evidence);
    const startMs = Math.round(request.startMs);
    const alert: Alert = {
      id: alertId(this.vesselId, request.type, startMs, request.subject),
      type: request.type,
      severity: request.severity,
      status: 'open',
      vesselId: this.vesselId,
      zoneId: request.zoneId,
      openedAtMs: startMs,
      lastUpdatedAtMs: Math.max(startMs, Math.round(atMs)),
      resolvedAtMs: null,
      openingFix: request.openingFix,
      evidence: request.evidence,
      zoneSetVersion: this.zoneSetVersion,
      acknowledgement: null,
    };
    this.open.set(key, { key, alert });
    this.events.push({ transition: 'opened', alert });
    return alert;
  }

  /**
   * An alert that starts and ends at once (port.arrival, port.departure, signal.restored): recorded as one
   * `opened` transition of an already resolved alert.
   */
  instant(request: OpenRequest): Alert {
    const startMs = Math.round(request.startMs);
    const alert: Alert = {
      id: alertId(this.vesselId, request.type, startMs, request.subject),
      type: request.type,
      severity: request.severity,
      status: 'resolved',
      vesselId: this.vesselId,
      zoneId: request.zoneId,
      openedAtMs: startMs,
      lastUpdatedAtMs: startMs,
      resolvedAtMs: startMs,
      openingFix: request.openingFix,
      evidence: request.evidence,
      zoneSetVersion: this.zoneSetVersion,
      acknowledgement: null,
    };
    this.events.push({ transition: 'opened', alert });
    return alert;
  }

  /**
   * Changes an open episode's severity (an `updated` transition) when it differs; evidence changes alone are
   * kept in the state without an event, so a vessel creeping along a boundary does not flood operators.
   */
  update(
    type: AlertType,
    subject: string | null,
    severity: AlertSeverity,
    atMs: number,
    evidence: AlertEvidence,
  ): Alert {
    const key = episodeKey(type, subject);
    const existing = this.open.get(key);
    if (!existing) throw new Error(`no open ${key} episode for ${this.vesselId}`);
    const changed = existing.alert.severity !== severity;
    const alert: Alert = {
      ...existing.alert,
      severity,
      evidence: { ...existing.alert.evidence, ...evidence },
      lastUpdatedAtMs: changed
        ? Math.max(existing.alert.lastUpdatedAtMs, Math.round(atMs))
        : existing.alert.lastUpdatedAtMs,
    };
    this.open.set(key, { key, alert });
    if (changed) this.events.push({ transition: 'updated', alert });
    return alert;
  }

  /** Resolves an open episode (no-op when none is open). */
  resolve(type: AlertType, subject: string | null, atMs: number, evidence: AlertEvidence = {}): void {
    const key = episodeKey(type, subject);
    const existing = this.open.get(key);
    if (!existing) return;
    const at = Math.max(existing.alert.lastUpdatedAtMs, Math.round(atMs));
    const alert: Alert = {
      ...existing.alert,
      status: 'resolved',
      evidence: { ...existing.alert.evidence, ...evidence },
      lastUpdatedAtMs: at,
      resolvedAtMs: at,
    };
    this.open.delete(key);
    this.events.push({ transition: 'resolved', alert });
  }

  episodes(): OpenEpisode[] {
    return [...this.open.values()];
  }
}
