import type { PositionFix } from '@vesselwatch/domain';
import type { ZoneIndex } from '@vesselwatch/geo';
import type { RulesConfig } from './config';
import { EpisodeBook } from './episodes';
import { liveUpdate, sameLivePicture } from './live-status';
import { applyBorderApproachRules } from './rules/border-approach';
import { applyBorderCrossedRules } from './rules/border-crossed';
import type { FixContext } from './rules/context';
import { applyPortRules } from './rules/port-calls';
import { recordRejection, resolveRejections } from './rules/position-rejected';
import { applySignalRestored, applySignalWatermark } from './rules/signal-loss';
import { applyWeatherRules } from './rules/weather-warning';
import { applyZoneViolationRules } from './rules/zone-violation';
import { rejectionReason } from './sanity';
import type { FixOutcome, RuleOutcome, VesselProfile, VesselRuleState } from './types';
import { initialVesselState } from './vessel-state';
import { ZoneFacts } from './zone-facts';

/**
 * After this many impossible jumps in a row the newest one is believed: the track, not the fixes, was
 * wrong (a bad fix was accepted before, or the terminal moved to another vessel). One jump alone never
 * moves a vessel.
 */
export const JUMPS_TO_REANCHOR = 3;

export interface RulesEngineOptions {
  /** The active zone set's index. */
  zones: ZoneIndex;
  /** The active zone set's version; recorded on every alert. */
  zoneSetVersion: string | null;
  config: RulesConfig;
  /** Land polygons for the on-land sanity rule; without it no fix is rejected as on land. */
  land?: ZoneIndex;
}

/**
 * The rules for one zone set. Build one per zone-set version (it prepares boundary filters per flag state
 * and each zone's alert settings) and feed it each vessel's fixes in partition order. Pure: states in,
 * new states out, time only from the fixes and the watermark.
 */
export class RulesEngine {
  private readonly facts: ZoneFacts;

  constructor(readonly options: RulesEngineOptions) {
    this.facts = new ZoneFacts(options.zones, options.config, options.land ?? null);
  }

  get zoneSetVersion(): string | null {
    return this.options.zoneSetVersion;
  }

  /** Applies one fix to a vessel's state (null: never seen). */
  applyFix(state: VesselRuleState | null, fix: PositionFix, vessel: VesselProfile): FixOutcome {
    const current = state ?? initialVesselState(fix.vesselId);
    const last = current.lastFix;
    const book = this.book(current);
    const [lon, lat] = fix.position;
    const areas =
      Number.isFinite(lon) && Number.isFinite(lat) ? this.facts.areasAt(lon, lat, fix.reportedAtMs) : [];
    const inPortArea = areas.some((index) => this.facts.zone(index).kind === 'port');
    let reason = rejectionReason(fix, last, this.options.config, this.facts, inPortArea);
    const reanchor = reason === 'impossible_speed' && current.consecutiveJumps + 1 >= JUMPS_TO_REANCHOR;
    if (reanchor) reason = null;

    if (reason !== null) {
      recordRejection(book, fix, reason, fix.reportedAtMs);
      const next: VesselRuleState = {
        ...current,
        episodes: book.episodes(),
        consecutiveJumps:
          reason === 'impossible_speed' ? current.consecutiveJumps + 1 : current.consecutiveJumps,
      };
      return {
        state: next,
        verdict: 'rejected',
        rejectionReason: reason,
        events: book.events,
        portCalls: [],
        live: null,
      };
    }
    if (last && fix.reportedAtMs <= last.reportedAtMs) {
      return {
        state: current,
        verdict: 'late',
        rejectionReason: null,
        events: [],
        portCalls: [],
        live: null,
      };
    }

    resolveRejections(book, fix.reportedAtMs);
    applySignalRestored(current, fix, vessel, this.options.config, book);
    const next: VesselRuleState = { ...current, lastFix: fix, consecutiveJumps: 0 };
    const ctx = this.context(
      current,
      next,
      fix,
      reanchor ? null : last,
      vessel,
      book,
      areas,
      fix.reportedAtMs,
    );
    this.runZoneRules(ctx);
    next.episodes = book.episodes();
    return {
      state: next,
      verdict: 'accepted',
      rejectionReason: null,
      events: book.events,
      portCalls: ctx.portCalls,
      live: liveUpdate(next, fix.receivedAtMs),
    };
  }

  /**
   * Lets time pass without a fix: signal.lost opens or climbs its ladder when the vessel has been silent
   * too long by `watermarkMs` (wall clock live, the partition's event time in replays).
   */
  applyWatermark(state: VesselRuleState, vessel: VesselProfile, watermarkMs: number): RuleOutcome {
    const book = this.book(state);
    applySignalWatermark(state, vessel, this.options.config, book, watermarkMs);
    if (book.events.length === 0) return unchanged(state);
    const next: VesselRuleState = { ...state, episodes: book.episodes() };
    return { state: next, events: book.events, portCalls: [], live: liveUpdate(next, watermarkMs) };
  }

  /**
   * Re-runs the zone rules for the vessel's last accepted fix against this engine's zone set (after a new
   * zone-set version was activated): episodes whose condition no longer holds resolve, new ones open, at
   * `atMs`. Track crossings are not re-examined: the new zones apply from now on.
   */
  reevaluate(state: VesselRuleState, vessel: VesselProfile, atMs: number): RuleOutcome {
    const fix = state.lastFix;
    if (!fix) return unchanged(state);
    const book = this.book(state);
    const next: VesselRuleState = { ...state };
    const areas = this.facts.areasAt(fix.position[0], fix.position[1], atMs);
    const ctx = this.context(state, next, fix, null, vessel, book, areas, atMs);
    this.runZoneRules(ctx);
    next.episodes = book.episodes();
    if (book.events.length === 0 && ctx.portCalls.length === 0 && sameLivePicture(state, next)) {
      return unchanged(next);
    }
    return {
      state: next,
      events: book.events,
      portCalls: ctx.portCalls,
      live: sameLivePicture(state, next) ? null : liveUpdate(next, atMs),
    };
  }

  /** Port first (zone violations are not judged in port), then borders, zones and weather. */
  private runZoneRules(ctx: FixContext): void {
    applyPortRules(ctx);
    applyBorderCrossedRules(ctx);
    applyBorderApproachRules(ctx);
    applyZoneViolationRules(ctx);
    applyWeatherRules(ctx);
  }

  private book(state: VesselRuleState): EpisodeBook {
    return new EpisodeBook(state.episodes, state.vesselId, this.options.zoneSetVersion);
  }

  private context(
    state: VesselRuleState,
    next: VesselRuleState,
    fix: PositionFix,
    previous: PositionFix | null,
    vessel: VesselProfile,
    book: EpisodeBook,
    areas: readonly number[],
    atMs: number,
  ): FixContext {
    return {
      nearestForeign: this.facts.nearestForeign(fix.position[0], fix.position[1], vessel.flagState),
      fix,
      previous,
      vessel,
      facts: this.facts,
      config: this.options.config,
      book,
      areas,
      atMs,
      state,
      next,
      portCalls: [],
    };
  }
}

function unchanged(state: VesselRuleState): RuleOutcome {
  return { state, events: [], portCalls: [], live: null };
}
