import type { UserAccount, UserRole, VisibilityScope } from '@vesselwatch/store';

/**
 * What a user may do, worked out once per request (or socket.io connection) from its roles:
 *
 * | permission       | admin | port_officer | inspector | owner | viewer |
 * |------------------|-------|--------------|-----------|-------|--------|
 * | read             | all   | scope        | all       | scope | scope  |
 * | contacts         | all   | scope        | all       | scope | -      |
 * | vessels.write    | all   | scope        | -         | -     | -      |
 * | alerts.act       | all   | scope        | -         | -     | -      |
 * | evidence         | all   | scope        | all       | -     | -      |
 * | fleet (counts)   | all   | scope        | all       | -     | scope  |
 * | storm warnings   | yes   | yes          | -         | -     | -      |
 * | zones.import     | yes   | -            | -         | -     | -      |
 * | users            | yes   | -            | -         | -     | -      |
 *
 * A role's scope is '' (everything), a port id or `province:<name>` (port officers, viewers: vessels whose
 * home port is that port, or any port of the province), or a vessel id (owners). A user with several roles
 * gets the union. Vessels not in the registry (unregistered terminals) are seen only with an unlimited scope.
 */
export type ScopedPermission = 'read' | 'contacts' | 'vessels.write' | 'alerts.act' | 'evidence' | 'fleet';
export type GlobalPermission = 'storm.publish' | 'zones.import' | 'users.manage';
export type Permission = ScopedPermission | GlobalPermission;

const SCOPED: Record<ScopedPermission, readonly UserRole[]> = {
  read: ['admin', 'port_officer', 'inspector', 'owner', 'viewer'],
  contacts: ['admin', 'port_officer', 'inspector', 'owner'],
  'vessels.write': ['admin', 'port_officer'],
  'alerts.act': ['admin', 'port_officer'],
  evidence: ['admin', 'port_officer', 'inspector'],
  fleet: ['admin', 'port_officer', 'inspector', 'viewer'],
};

const GLOBAL: Record<GlobalPermission, readonly UserRole[]> = {
  'storm.publish': ['admin', 'port_officer'],
  'zones.import': ['admin'],
  'users.manage': ['admin'],
};

/** Roles whose scope is always everything, whatever scope string they carry. */
const UNLIMITED_ROLES: readonly UserRole[] = ['admin', 'inspector'];
/** Roles scoped by vessel id; the others by port or province. */
const VESSEL_SCOPED_ROLES: readonly UserRole[] = ['owner'];

export const PROVINCE_SCOPE_PREFIX = 'province:';

/** Every permission name, in the order of the table above. */
export const PERMISSIONS: readonly Permission[] = [
  ...(Object.keys(SCOPED) as ScopedPermission[]),
  ...(Object.keys(GLOBAL) as GlobalPermission[]),
];

/**
 * The permissions some role of the user grants, whatever their scopes: what a client may offer (the
 * dashboard shows only the panels a user can use). Each request is still checked by Access.
 */
export function grantedPermissions(roles: ReadonlyArray<{ role: UserRole }>): Permission[] {
  const granted = (allowed: readonly UserRole[]) => roles.some(({ role }) => allowed.includes(role));
  return PERMISSIONS.filter((permission) =>
    granted(
      permission in SCOPED ? SCOPED[permission as ScopedPermission] : GLOBAL[permission as GlobalPermission],
    ),
  );
}

/** Ports of a province, from the active zone set's port zones (`properties.province`). */
export type ProvincePorts = (province: string) => readonly string[];

interface ScopeSet {
  all: boolean;
  homePortIds: Set<string>;
  vesselIds: Set<string>;
}

/** The registry facts that decide visibility: null for a vessel not in the registry. */
export interface VesselRef {
  id: string;
  homePortId: string;
}

export class Access {
  private readonly scopes = new Map<ScopedPermission, ScopeSet>();
  private readonly globals = new Set<GlobalPermission>();

  constructor(
    readonly user: UserAccount,
    provincePorts: ProvincePorts,
  ) {
    for (const permission of Object.keys(SCOPED) as ScopedPermission[]) {
      const set: ScopeSet = { all: false, homePortIds: new Set(), vesselIds: new Set() };
      for (const { role, scope } of user.roles) {
        if (!SCOPED[permission].includes(role)) continue;
        if (UNLIMITED_ROLES.includes(role) || scope === '') set.all = true;
        else if (VESSEL_SCOPED_ROLES.includes(role)) set.vesselIds.add(scope);
        else if (scope.startsWith(PROVINCE_SCOPE_PREFIX))
          for (const port of provincePorts(scope.slice(PROVINCE_SCOPE_PREFIX.length)))
            set.homePortIds.add(port);
        else set.homePortIds.add(scope);
      }
      this.scopes.set(permission, set);
    }
    for (const permission of Object.keys(GLOBAL) as GlobalPermission[]) {
      if (user.roles.some(({ role }) => GLOBAL[permission].includes(role))) this.globals.add(permission);
    }
  }

  /** True when the permission applies to at least some vessels (or is a global permission the user has). */
  has(permission: ScopedPermission | GlobalPermission): boolean {
    if (this.globals.has(permission as GlobalPermission)) return true;
    const set = this.scopes.get(permission as ScopedPermission);
    return set !== undefined && (set.all || set.homePortIds.size > 0 || set.vesselIds.size > 0);
  }

  /** The store's visibility scope for a permission: undefined = every vessel. */
  scope(permission: ScopedPermission): VisibilityScope | undefined {
    const set = this.scopes.get(permission)!;
    if (set.all) return undefined;
    return { homePortIds: [...set.homePortIds].sort(), vesselIds: [...set.vesselIds].sort() };
  }

  /** Whether the permission covers this vessel (null: a vessel id the registry does not know). */
  allows(permission: ScopedPermission, vessel: VesselRef | null): boolean {
    const set = this.scopes.get(permission)!;
    if (set.all) return true;
    if (vessel === null) return false;
    return set.vesselIds.has(vessel.id) || set.homePortIds.has(vessel.homePortId);
  }

  /** Whether the permission covers every vessel of a home port (writes of vessels registered there). */
  allowsPort(permission: ScopedPermission, homePortId: string): boolean {
    const set = this.scopes.get(permission)!;
    return set.all || set.homePortIds.has(homePortId);
  }
}
