import type { Migration } from './migration';

/*
 * Never edit this SQL after release: applied databases keep its checksum. The same on TimescaleDB and on
 * plain PostgreSQL.
 *
 * What the server (apps/server) needs beside the users, roles and user_roles tables of 0002:
 * - users.must_change_password: a one-time password (the first-start admin) must be replaced at first login;
 *   password_changed_at for the audit trail;
 * - user_sessions: login sessions. Only the SHA-256 of the session token is stored, so a copy of the table
 *   cannot be used to log in; a session expires at expires_at (absolute) and is deleted at logout;
 * - an index for the registry's vessel search by name (registration_number is already unique-indexed).
 */
const SQL = `
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN password_changed_at timestamptz;

CREATE TABLE user_sessions (
  token_sha256 text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX user_sessions_user_idx ON user_sessions (user_id);
CREATE INDEX user_sessions_expires_idx ON user_sessions (expires_at);
COMMENT ON TABLE user_sessions IS 'Login sessions: SHA-256 (hex) of the cookie token, never the token itself.';

CREATE INDEX vessels_name_lower_idx ON vessels (lower(name));
`;

export const migration0006UsersSessions: Migration = {
  id: '0006_users_sessions',
  description: 'users.must_change_password and password_changed_at, user_sessions, vessel name index',
  up: () => SQL,
};
