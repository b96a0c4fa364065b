import type { Zone } from '@vesselwatch/domain';

export interface ZoneRef {
  id: string;
  name: string;
  kind: string;
  jurisdiction: string;
}

export interface ZoneSetDiff {
  added: ZoneRef[];
  changed: ZoneRef[];
  removed: ZoneRef[];
  unchanged: number;
}

const ref = (z: Zone): ZoneRef => ({ id: z.id, name: z.name, kind: z.kind, jurisdiction: z.jurisdiction });

/** What changes from `before` to `after`, zone by zone (by id; "changed" compares every field). */
export function diffZoneSets(before: readonly Zone[], after: readonly Zone[]): ZoneSetDiff {
  const old = new Map(before.map((z) => [z.id, z]));
  const now = new Map(after.map((z) => [z.id, z]));
  const diff: ZoneSetDiff = { added: [], changed: [], removed: [], unchanged: 0 };
  for (const z of after) {
    const previous = old.get(z.id);
    if (!previous) diff.added.push(ref(z));
    else if (canonical(previous) !== canonical(z)) diff.changed.push(ref(z));
    else diff.unchanged++;
  }
  for (const z of before) if (!now.has(z.id)) diff.removed.push(ref(z));
  return diff;
}

/** JSON with object keys sorted, so that field order (database jsonb, file order) does not count. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
