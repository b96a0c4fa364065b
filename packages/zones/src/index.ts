export {
  loadDefaultZoneSet,
  loadRegionLand,
  writeDefaultZoneSet,
  DEFAULT_BUILD_DIR,
  DEFAULT_WPI_CSV,
  type DefaultZoneSetOptions,
} from './default-zone-set';
export type { BuiltZoneSet } from './build/build-default-zone-set';
export { ensureActiveZoneSet, type ZoneSetStore } from './ensure-active-zone-set';
export { osmMaritimeToZones } from './build/osm-territorial-seas';
export { loadTreatyLines } from './treaty-lines';
export { zoneSetToGeoJson, type ZoneSet, type ZoneSetSource } from './zone-set';
export { storedZoneSet, zoneAttribution } from './attribution';
export { ImportMappingSchema, type ImportMapping, type MappingProblem } from './import/import-mapping';
export { readBoundaryFile, type BoundaryFile, type RawFeature } from './import/read-boundary-file';
export { planZoneImport, describeImportPlan, type ZoneImportPlan } from './import/import-zones';
export { diffZoneSets, type ZoneSetDiff } from './import/zone-set-diff';
export { importZoneFile, type ZoneImportResult, type ZoneImportStore } from './import/import-zone-file';
