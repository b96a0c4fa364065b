export {
  loadDefaultZoneSet,
  loadTreatyLines,
  osmMaritimeToZones,
  zoneSetToGeoJson,
  type ZoneSet,
  type ZoneSetSource,
} from './default-zone-set';
