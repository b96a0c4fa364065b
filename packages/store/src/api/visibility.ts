import type { SqlParam } from '../driver/sql-driver';

/**
 * Which vessels a reader may see, for queries run on behalf of a user with a limited role: vessels whose
 * home port is one of `homePortIds` (port officers) plus the vessels listed in `vesselIds` (owners).
 * Absent (undefined) means every vessel; an empty scope (both lists empty) means none.
 */
export interface VisibilityScope {
  homePortIds: readonly string[];
  vesselIds: readonly string[];
}

/**
 * SQL condition that is true when the vessel id in `vesselIdColumn` is inside the scope; null when the scope
 * is absent (no condition). Vessels not in the registry (unregistered terminals) are outside every scope.
 */
export function scopeCondition(
  scope: VisibilityScope | undefined,
  vesselIdColumn: string,
  param: (value: SqlParam) => string,
): string | null {
  if (scope === undefined) return null;
  return `(${vesselIdColumn} = ANY(${param([...scope.vesselIds])}::text[])
    OR ${vesselIdColumn} IN (SELECT sv.id FROM vessels sv WHERE sv.home_port_id = ANY(${param([...scope.homePortIds])}::text[])))`;
}
