import type { SqlExecutor } from '../driver/sql-driver';
import { epochMsToTimestamptz } from './sql-arrays';
import { invalid } from './queries';

/** The roles of migration 0002's `roles` table. */
export const USER_ROLES = ['admin', 'port_officer', 'inspector', 'owner', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** One role of a user and what it is limited to: a port id, `province:<name>`, a vessel id; '' = everything. */
export interface UserRoleGrant {
  role: UserRole;
  scope: string;
}

/** A user as the server sees it; never carries the password hash. */
export interface UserAccount {
  /** The login name; also the id audit entries and acknowledgements name. */
  id: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  disabled: boolean;
  /** True for a one-time password (the first-start admin): it must be changed before anything else. */
  mustChangePassword: boolean;
  roles: UserRoleGrant[];
  createdAtMs: number;
}

export interface NewUser {
  id: string;
  displayName: string;
  email?: string | null;
  phone?: string | null;
  /** A hash from the server's password hashing (never a plain password). */
  passwordHash: string;
  mustChangePassword: boolean;
  roles: readonly UserRoleGrant[];
}

interface UserRow {
  id: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  disabled: boolean;
  must_change_password: boolean;
  created_at: Date;
  roles: UserRoleGrant[] | null;
}

const USER_SELECT = `SELECT u.id, u.display_name, u.email, u.phone, u.disabled, u.must_change_password, u.created_at,
  (SELECT jsonb_agg(jsonb_build_object('role', r.role, 'scope', r.scope) ORDER BY r.role, r.scope)
     FROM user_roles r WHERE r.user_id = u.id) AS roles
FROM users u`;

function toUser(row: UserRow): UserAccount {
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    disabled: row.disabled,
    mustChangePassword: row.must_change_password,
    roles: row.roles ?? [],
    createdAtMs: row.created_at.getTime(),
  };
}

/**
 * Creates a user with its roles, in the caller's transaction. Returns false (and writes nothing) when the id
 * is taken, or, with `onlyIfNoUsers`, when any user exists at all: two processes starting together on a
 * fresh database create one first admin between them.
 */
export async function createUserIn(
  tx: SqlExecutor,
  user: NewUser,
  options: { onlyIfNoUsers?: boolean } = {},
): Promise<boolean> {
  if (user.roles.length === 0) throw invalid('a user needs at least one role', { id: user.id });
  if (options.onlyIfNoUsers) await tx.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
  const inserted = await tx.query(
    `INSERT INTO users (id, display_name, email, phone, password_hash, must_change_password, password_changed_at)
     SELECT $1, $2, $3, $4, $5, $6, now()
     WHERE NOT $7::boolean OR NOT EXISTS (SELECT 1 FROM users)
     ON CONFLICT (id) DO NOTHING`,
    [
      user.id,
      user.displayName,
      user.email ?? null,
      user.phone ?? null,
      user.passwordHash,
      user.mustChangePassword,
      options.onlyIfNoUsers ?? false,
    ],
  );
  if (inserted.rowCount === 0) return false;
  await tx.query(
    `INSERT INTO user_roles (user_id, role, scope)
     SELECT $1, r.role, r.scope FROM jsonb_to_recordset($2::jsonb) AS r(role text, scope text)
     ON CONFLICT DO NOTHING`,
    [user.id, JSON.stringify(user.roles)],
  );
  return true;
}

export async function getUser(executor: SqlExecutor, id: string): Promise<UserAccount | null> {
  const { rows } = await executor.query<UserRow>(`${USER_SELECT} WHERE u.id = $1`, [id]);
  return rows[0] ? toUser(rows[0]) : null;
}

/** Every user, by id. */
export async function listUsers(executor: SqlExecutor): Promise<UserAccount[]> {
  const { rows } = await executor.query<UserRow>(`${USER_SELECT} ORDER BY u.id`);
  return rows.map(toUser);
}

export async function countUsers(executor: SqlExecutor): Promise<number> {
  const { rows } = await executor.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return rows[0]?.n ?? 0;
}

/** A user and its stored password hash, for checking a login; null when there is no such user. */
export async function userCredentials(
  executor: SqlExecutor,
  id: string,
): Promise<{ user: UserAccount; passwordHash: string | null } | null> {
  const { rows } = await executor.query<UserRow & { password_hash: string | null }>(
    `${USER_SELECT.replace('u.created_at,', 'u.created_at, u.password_hash,')} WHERE u.id = $1`,
    [id],
  );
  const row = rows[0];
  return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
}

/**
 * Replaces a user's password hash, clears must_change_password and ends every session of the user except
 * `keepSessionSha256` (the one that changed it). Returns false when there is no such user.
 */
export async function setPasswordIn(
  tx: SqlExecutor,
  userId: string,
  passwordHash: string,
  keepSessionSha256: string | null,
): Promise<boolean> {
  const updated = await tx.query(
    `UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = now()
     WHERE id = $1`,
    [userId, passwordHash],
  );
  if (updated.rowCount === 0) return false;
  await tx.query('DELETE FROM user_sessions WHERE user_id = $1 AND token_sha256 IS DISTINCT FROM $2', [
    userId,
    keepSessionSha256,
  ]);
  return true;
}

// ---------------------------------------------------------------- sessions

export async function createSession(
  executor: SqlExecutor,
  session: { tokenSha256: string; userId: string; createdAtMs: number; expiresAtMs: number },
): Promise<void> {
  await executor.query(
    `INSERT INTO user_sessions (token_sha256, user_id, created_at, expires_at)
     VALUES ($1, $2, ${epochMsToTimestamptz('$3::int8')}, ${epochMsToTimestamptz('$4::int8')})`,
    [session.tokenSha256, session.userId, session.createdAtMs, session.expiresAtMs],
  );
}

/** The user of a session that has not expired at `nowMs`, unless the user is disabled; null otherwise. */
export async function sessionUser(
  executor: SqlExecutor,
  tokenSha256: string,
  nowMs: number,
): Promise<{ user: UserAccount; expiresAtMs: number } | null> {
  const { rows } = await executor.query<UserRow & { expires_at: Date }>(
    `${USER_SELECT.replace('u.created_at,', 'u.created_at, s.expires_at,')}
     JOIN user_sessions s ON s.user_id = u.id
     WHERE s.token_sha256 = $1 AND s.expires_at > ${epochMsToTimestamptz('$2::int8')} AND NOT u.disabled`,
    [tokenSha256, nowMs],
  );
  const row = rows[0];
  return row ? { user: toUser(row), expiresAtMs: row.expires_at.getTime() } : null;
}

export async function deleteSession(executor: SqlExecutor, tokenSha256: string): Promise<void> {
  await executor.query('DELETE FROM user_sessions WHERE token_sha256 = $1', [tokenSha256]);
}

/** Deletes sessions that expired before `nowMs`; returns how many. */
export async function deleteExpiredSessions(executor: SqlExecutor, nowMs: number): Promise<number> {
  const deleted = await executor.query(
    `DELETE FROM user_sessions WHERE expires_at <= ${epochMsToTimestamptz('$1::int8')}`,
    [nowMs],
  );
  return deleted.rowCount;
}
