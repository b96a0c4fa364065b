/**
 * @vesselwatch/rules: the per-vessel state machine that turns position fixes (and the passing of time) into
 * alert episodes. Pure: no I/O and no clock; time comes in as data (fix times, a watermark).
 */
export { DEFAULT_RULES_CONFIG, type RulesConfig } from './config';
export { RulesEngine, type RulesEngineOptions } from './engine';
export { initialVesselState } from './vessel-state';
export {
  REJECTION_REASONS,
  type FixOutcome,
  type FixVerdict,
  type OpenEpisode,
  type PortCallRecord,
  type RejectionReason,
  type RuleOutcome,
  type VesselProfile,
  type VesselRuleState,
} from './types';
