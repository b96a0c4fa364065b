export {
  loadDefaultZoneSet,
  loadRegionLand,
  writeDefaultZoneSet,
  DEFAULT_BUILD_DIR,
  DEFAULT_WPI_CSV,
  type DefaultZoneSetOptions,
} from './default-zone-set';
export type { BuiltZoneSet } from './build/build-default-zone-set';
export { osmMaritimeToZones } from './build/osm-territorial-seas';
export { loadTreatyLines } from './treaty-lines';
export { zoneSetToGeoJson, type ZoneSet, type ZoneSetSource } from './zone-set';
