import type { Alert, Vessel } from '@vesselwatch/domain';
import type { Track } from '@vesselwatch/store';

/**
 * An evidence package: a vessel's track and the alerts active in a period, with what an inspector needs to
 * build a case from it: the vessel's registry data, the period, when and by whom it was generated, the
 * zone-set versions the alerts were computed with and the one active at generation, and how the track was
 * read (every fix, or one point per bucket for a long period).
 */
export interface EvidencePackage {
  vessel: Pick<Vessel, 'id' | 'registrationNumber' | 'name' | 'flagState' | 'homePortId'> | { id: string };
  fromMs: number;
  toMs: number;
  generatedAtMs: number;
  generatedBy: string;
  activeZoneSetVersion: string | null;
  track: Track;
  alerts: Alert[];
}

export function zoneSetVersionsOf(evidence: EvidencePackage): string[] {
  const versions = new Set<string>();
  for (const alert of evidence.alerts) if (alert.zoneSetVersion) versions.add(alert.zoneSetVersion);
  return [...versions].sort();
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function evidenceFileName(evidence: EvidencePackage, extension: string): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const id = evidence.vessel.id.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `evidence-${id}-${day(evidence.fromMs)}-${day(evidence.toMs)}.${extension}`;
}

function metadata(evidence: EvidencePackage) {
  return {
    vessel: evidence.vessel,
    period: {
      fromMs: evidence.fromMs,
      toMs: evidence.toMs,
      from: iso(evidence.fromMs),
      to: iso(evidence.toMs),
    },
    generatedAtMs: evidence.generatedAtMs,
    generatedAt: iso(evidence.generatedAtMs),
    generatedBy: evidence.generatedBy,
    activeZoneSetVersion: evidence.activeZoneSetVersion,
    alertZoneSetVersions: zoneSetVersionsOf(evidence),
    track: {
      source: evidence.track.source,
      bucketMs: evidence.track.bucketMs,
      points: evidence.track.points.length,
    },
  };
}

/** GeoJSON FeatureCollection ([lon, lat]): the track as a LineString, each fix and each alert as a Point. */
export function evidenceGeoJson(evidence: EvidencePackage): string {
  const points = evidence.track.points;
  const features: unknown[] = [];
  if (points.length >= 2)
    features.push({
      type: 'Feature',
      properties: { kind: 'track', vesselId: evidence.vessel.id, source: evidence.track.source },
      geometry: { type: 'LineString', coordinates: points.map((p) => p.position) },
    });
  for (const p of points)
    features.push({
      type: 'Feature',
      properties: {
        kind: 'fix',
        reportedAtMs: p.reportedAtMs,
        reportedAt: iso(p.reportedAtMs),
        speedKnots: p.speedKnots,
        courseDeg: p.courseDeg,
      },
      geometry: { type: 'Point', coordinates: p.position },
    });
  for (const alert of evidence.alerts)
    features.push({
      type: 'Feature',
      id: alert.id,
      properties: {
        kind: 'alert',
        ...alert,
        openedAt: iso(alert.openedAtMs),
        resolvedAt: iso(alert.resolvedAtMs),
      },
      geometry: { type: 'Point', coordinates: alert.openingFix.position },
    });
  return JSON.stringify({ type: 'FeatureCollection', ...metadata(evidence), features }, null, 1);
}

/**
 * A text cell for CSV: quoted when needed, and a leading `=`, `+`, `-`, `@` or tab neutralised with an
 * apostrophe so that a vessel named "=HYPERLINK(...)" cannot run as a formula in a spreadsheet.
 */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvNumber = (value: number | null | undefined) =>
  value === null || value === undefined ? '' : String(value);

export const EVIDENCE_CSV_HEADER = [
  'record',
  'key',
  'time_utc',
  'time_ms',
  'lon',
  'lat',
  'speed_knots',
  'course_deg',
  'alert_id',
  'alert_type',
  'severity',
  'status',
  'resolved_at_utc',
  'zone_id',
  'zone_set_version',
  'value',
];

/**
 * One CSV table (UTF-8, header row): `meta` rows (key, value) first, then one `fix` row per track point and
 * one `alert` row per alert (its opening fix's time and position, evidence as JSON in `value`).
 */
export function evidenceCsv(evidence: EvidencePackage): string {
  const meta = metadata(evidence);
  const empty = (n: number) => Array.from({ length: n }, () => '');
  const rows: string[][] = [EVIDENCE_CSV_HEADER];
  const metaRow = (key: string, value: string) => rows.push(['meta', key, ...empty(13), csvText(value)]);
  metaRow('vessel_id', evidence.vessel.id);
  if ('registrationNumber' in evidence.vessel) {
    metaRow('registration_number', evidence.vessel.registrationNumber);
    metaRow('vessel_name', evidence.vessel.name);
    metaRow('flag_state', evidence.vessel.flagState);
    metaRow('home_port_id', evidence.vessel.homePortId);
  }
  metaRow('period_from_utc', meta.period.from ?? '');
  metaRow('period_to_utc', meta.period.to ?? '');
  metaRow('generated_at_utc', meta.generatedAt ?? '');
  metaRow('generated_by', evidence.generatedBy);
  metaRow('active_zone_set_version', evidence.activeZoneSetVersion ?? '');
  metaRow('alert_zone_set_versions', meta.alertZoneSetVersions.join(' '));
  metaRow('track_source', evidence.track.source);
  metaRow('track_bucket_ms', csvNumber(evidence.track.bucketMs));
  for (const p of evidence.track.points)
    rows.push([
      'fix',
      '',
      iso(p.reportedAtMs) ?? '',
      String(p.reportedAtMs),
      String(p.position[0]),
      String(p.position[1]),
      csvNumber(p.speedKnots),
      csvNumber(p.courseDeg),
      ...empty(8),
    ]);
  for (const a of evidence.alerts)
    rows.push([
      'alert',
      '',
      iso(a.openedAtMs) ?? '',
      String(a.openedAtMs),
      String(a.openingFix.position[0]),
      String(a.openingFix.position[1]),
      csvNumber(a.openingFix.speedKnots),
      csvNumber(a.openingFix.courseDeg),
      csvText(a.id),
      a.type,
      a.severity,
      a.status,
      iso(a.resolvedAtMs) ?? '',
      csvText(a.zoneId),
      csvText(a.zoneSetVersion),
      csvText(JSON.stringify({ evidence: a.evidence, acknowledgement: a.acknowledgement })),
    ]);
  return `${rows.map((row) => row.join(',')).join('\r\n')}\r\n`;
}

export function xmlText(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** KML 2.2: the track as a LineString placemark, each alert as a point placemark; metadata as ExtendedData. */
export function evidenceKml(evidence: EvidencePackage): string {
  const meta = metadata(evidence);
  const data = (name: string, value: string | number | null) =>
    `<Data name="${xmlText(name)}"><value>${xmlText(value === null ? '' : String(value))}</value></Data>`;
  const coordinates = (list: ReadonlyArray<readonly [number, number]>) =>
    list.map(([lon, lat]) => `${lon},${lat}`).join(' ');
  const title =
    'name' in evidence.vessel
      ? `${evidence.vessel.name} (${evidence.vessel.registrationNumber})`
      : evidence.vessel.id;
  const alerts = evidence.alerts
    .map(
      (a) => `<Placemark id="${xmlText(a.id)}"><name>${xmlText(`${a.type} (${a.severity})`)}</name>
<TimeStamp><when>${iso(a.openedAtMs)}</when></TimeStamp>
<ExtendedData>${data('alertId', a.id)}${data('status', a.status)}${data('zoneId', a.zoneId)}${data('resolvedAt', iso(a.resolvedAtMs))}${data('zoneSetVersion', a.zoneSetVersion)}${data('evidence', JSON.stringify(a.evidence))}</ExtendedData>
<Point><coordinates>${coordinates([a.openingFix.position])}</coordinates></Point></Placemark>`,
    )
    .join('\n');
  const track =
    evidence.track.points.length >= 2
      ? `<Placemark><name>Track</name><TimeSpan><begin>${iso(evidence.track.points[0]!.reportedAtMs)}</begin><end>${iso(evidence.track.points.at(-1)!.reportedAtMs)}</end></TimeSpan>
<LineString><tessellate>1</tessellate><coordinates>${coordinates(evidence.track.points.map((p) => p.position))}</coordinates></LineString></Placemark>`
      : '';
  const fixes = evidence.track.points
    .map(
      (p) =>
        `<Placemark><TimeStamp><when>${iso(p.reportedAtMs)}</when></TimeStamp><ExtendedData>${data('speedKnots', p.speedKnots)}${data('courseDeg', p.courseDeg)}</ExtendedData><Point><coordinates>${coordinates([p.position])}</coordinates></Point></Placemark>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<name>${xmlText(`Evidence: ${title}, ${meta.period.from} to ${meta.period.to}`)}</name>
<ExtendedData>${data('vesselId', evidence.vessel.id)}${data('periodFrom', meta.period.from)}${data('periodTo', meta.period.to)}${data('generatedAt', meta.generatedAt)}${data('generatedBy', evidence.generatedBy)}${data('activeZoneSetVersion', evidence.activeZoneSetVersion)}${data('alertZoneSetVersions', meta.alertZoneSetVersions.join(' '))}${data('trackSource', evidence.track.source)}${data('trackBucketMs', evidence.track.bucketMs)}</ExtendedData>
${track}
<Folder><name>Fixes</name>
${fixes}
</Folder>
<Folder><name>Alerts</name>
${alerts}
</Folder>
</Document></kml>
`;
}
