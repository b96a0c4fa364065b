export * from './units';
export * from './geometry';
export * from './ids';
export * from './vessel';
export * from './position-fix';
export * from './zone';
export * from './alert';
export * from './validation';
export * from './topics';
export { ERROR_CATALOGUE, ERROR_CODES, type ErrorCode, type ErrorDefinition } from './errors/catalogue';
export {
  VesselWatchError,
  isRetriable,
  isVesselWatchError,
  type VesselWatchErrorOptions,
} from './errors/vessel-watch-error';
export * from './zone-alert-settings';
export * from './live';
