import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { isVesselWatchError, VesselWatchError, type Zone, type ZoneKind } from '@vesselwatch/domain';
import { ZoneIndex } from '@vesselwatch/geo';
import { mapFeatures, type ImportMapping, type MappingProblem } from './import-mapping';
import { readBoundaryFile, type BoundaryFile } from './read-boundary-file';
import { canonical, diffZoneSets, type ZoneSetDiff } from './zone-set-diff';

export interface ZoneImportPlan {
  file: string;
  format: BoundaryFile['format'];
  /** The zone-set version the import creates (`import-<content hash>`); versions are never overwritten. */
  version: string;
  /** The version the plan started from (null: no active set). */
  baseVersion: string | null;
  /** The whole new set: the base set with the imported zones' kinds and jurisdictions replaced by the file's. */
  zones: Zone[];
  /** The [kind, jurisdiction] pairs the file replaces. */
  scope: [ZoneKind, string][];
  diff: ZoneSetDiff;
}

/**
 * Plans the import of an official boundary file (GeoJSON, KML, zipped Shapefile) against the base set:
 * maps attributes to zones, validates every field and every geometry, and works out the new set and
 * what is added, changed and removed. The file's zones replace every base zone of the same kind and
 * jurisdiction (an official EEZ file for VNM replaces the approximate VNM EEZ, and nothing else).
 * Throws VW_ERR_ZONE_FILE_INVALID naming each bad feature and its problem; it never writes anything.
 */
export async function planZoneImport(
  path: string,
  base: { version: string | null; zones: readonly Zone[] },
  mapping: ImportMapping,
): Promise<ZoneImportPlan> {
  const file = await readBoundaryFile(path);
  const problems: MappingProblem[] = file.problems.map((problem) => ({ feature: basename(path), problem }));
  if (file.features.length === 0 && problems.length === 0)
    problems.push({ feature: basename(path), problem: 'holds no features' });
  const stem = basename(path, extname(path)).replace(/[^A-Za-z0-9._-]+/g, '-');
  const mapped = mapFeatures(file.features, mapping, stem);
  problems.push(...mapped.problems);
  if (mapped.zones.length > 0) {
    try {
      ZoneIndex.build(mapped.zones);
    } catch (error) {
      if (!isVesselWatchError(error)) throw error;
      const labelOf = new Map(mapped.zones.map((z, i) => [z.id, file.features[i]?.label ?? z.id]));
      const found = (error.details['problems'] as { problem: string }[] | undefined) ?? [
        { problem: error.message },
      ];
      for (const { problem } of found) {
        const id = /zone "([^"]+)"/.exec(problem)?.[1];
        problems.push({ feature: (id && labelOf.get(id)) || basename(path), problem });
      }
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).map((p) => `${p.feature}: ${p.problem}`);
    throw new VesselWatchError('VW_ERR_ZONE_FILE_INVALID', {
      detail: `${basename(path)}: ${problems.length} problem(s): ${shown.join('; ')}${problems.length > 10 ? '; ...' : ''}`,
      details: { file: path, problems },
    });
  }
  const scopeKeys = new Set(mapped.zones.map((z) => `${z.kind}|${z.jurisdiction}`));
  const imported = new Set(mapped.zones.map((z) => z.id));
  const kept = base.zones.filter((z) => !scopeKeys.has(`${z.kind}|${z.jurisdiction}`) && !imported.has(z.id));
  const zones = [...kept, ...mapped.zones];
  const hash = createHash('sha256').update(canonical(zones)).digest('hex').slice(0, 12);
  return {
    file: path,
    format: file.format,
    version: `import-${hash}`,
    baseVersion: base.version,
    zones,
    scope: [...scopeKeys].map((k) => k.split('|') as [ZoneKind, string]),
    diff: diffZoneSets(base.zones, zones),
  };
}

/** A plan as lines of text for the CLI (and logs): scope, then added / changed / removed zones. */
export function describeImportPlan(plan: ZoneImportPlan, dryRun: boolean): string {
  const line = (z: { id: string; kind: string; jurisdiction: string; name: string }) =>
    `  ${z.id} (${z.kind}, ${z.jurisdiction}) ${z.name}`;
  const { added, changed, removed, unchanged } = plan.diff;
  return [
    `${dryRun ? 'Dry run: would create' : 'Created and activated'} zone-set version ${plan.version} from ${plan.file} (${plan.format}), based on ${plan.baseVersion ?? 'no active set'}`,
    `Replaces kind/jurisdiction: ${plan.scope.map(([k, j]) => `${k}/${j}`).join(', ')}`,
    `Added ${added.length}:`,
    ...added.map(line),
    `Changed ${changed.length}:`,
    ...changed.map(line),
    `Removed ${removed.length}:`,
    ...removed.map(line),
    `Unchanged ${unchanged}.`,
  ].join('\n');
}
