import type { PositionFix } from '@vesselwatch/domain';
import type { NearestBoundary } from '@vesselwatch/geo';
import type { RulesConfig } from '../config';
import type { EpisodeBook } from '../episodes';
import type { PortCallRecord, VesselProfile, VesselRuleState } from '../types';
import type { ZoneFacts } from '../zone-facts';

/**
 * What every rule sees while one accepted fix (or a re-evaluation) is applied. Rules read `previous` and
 * write the parts of `next` they own; `book` records alert transitions in order.
 */
export interface FixContext {
  fix: PositionFix;
  /** The vessel's previous accepted fix in event-time order (null: first fix, or a re-evaluation). */
  previous: PositionFix | null;
  vessel: VesselProfile;
  facts: ZoneFacts;
  config: RulesConfig;
  book: EpisodeBook;
  /** Area zones (indices) containing the fix and valid at its time. */
  areas: readonly number[];
  /** The nearest boundary of foreign waters for the vessel's flag (null: none in the zone set). */
  nearestForeign: NearestBoundary | null;
  /** Event time the rules evaluate at: the fix's time, or "now" for a re-evaluation. */
  atMs: number;
  state: VesselRuleState;
  next: VesselRuleState;
  portCalls: PortCallRecord[];
}
