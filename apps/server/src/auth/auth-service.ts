import { createHash, randomBytes } from 'node:crypto';
import { VesselWatchError } from '@vesselwatch/domain';
import type { Store, UserAccount } from '@vesselwatch/store';
import type { ZoneSetCache } from '../api/zone-set-cache';
import { SESSION_COOKIE, type ServerSettings } from '../settings';
import { cookieValue } from '../http/cookies';
import { Access, grantedPermissions, PROVINCE_SCOPE_PREFIX } from './access';
import { LoginLimiter } from './login-limiter';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password';

/** A logged-in user for one request or socket.io connection. */
export interface AuthContext {
  user: UserAccount;
  access: Access;
  /** SHA-256 (hex) of the session token: what the database stores. */
  sessionSha256: string;
  expiresAtMs: number;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The user as the API shows it: `{ id, displayName, roles, permissions, mustChangePassword }`. */
export function publicUser(user: UserAccount) {
  return {
    id: user.id,
    displayName: user.displayName,
    roles: user.roles,
    permissions: grantedPermissions(user.roles),
    mustChangePassword: user.mustChangePassword,
  };
}

/**
 * Logins, sessions and password changes. A session token is 32 random bytes (base64url) in the httpOnly
 * `vw_session` cookie; the database keeps only its SHA-256, so a leaked table cannot be replayed.
 */
export class AuthService {
  readonly limiter: LoginLimiter;
  /** Told the session hash of every logout (the live hub disconnects that session's sockets). */
  readonly logoutListeners: Array<(sessionSha256: string) => void> = [];

  constructor(
    private readonly store: Store,
    private readonly settings: ServerSettings,
    private readonly zoneSets: ZoneSetCache,
    private readonly now: () => number,
  ) {
    this.limiter = new LoginLimiter(settings.loginMaxFailures, settings.loginWindowMs);
  }

  /**
   * Checks the password (rate limited per user name and address) and opens a session. Wrong name and wrong
   * password answer alike, in about the same time.
   */
  async login(
    username: string,
    password: string,
    address: string,
  ): Promise<{ token: string; context: AuthContext }> {
    const key = LoginLimiter.key(username, address);
    const waitMs = this.limiter.retryAfterMs(key, this.now());
    if (waitMs > 0) {
      const retryAfterS = Math.ceil(waitMs / 1000);
      throw new VesselWatchError('VW_ERR_RATE_LIMITED', {
        detail: `too many failed logins for "${username}" from this address; try again in ${retryAfterS} s`,
        details: { retryAfterS },
      });
    }
    const found = await this.store.userCredentials(username.trim().toLowerCase());
    const ok =
      found !== null && found.passwordHash !== null && !found.user.disabled
        ? await verifyPassword(password, found.passwordHash)
        : await verifyPassword(password, await decoyPasswordHash()).then(() => false);
    if (!ok || found === null) {
      this.limiter.recordFailure(key, this.now());
      throw new VesselWatchError('VW_ERR_AUTH_FAILED');
    }
    this.limiter.recordSuccess(key);
    const token = randomBytes(32).toString('base64url');
    const createdAtMs = this.now();
    const expiresAtMs = createdAtMs + this.settings.sessionTtlMs;
    const sessionSha256 = sha256Hex(token);
    await this.store.createSession({
      tokenSha256: sessionSha256,
      userId: found.user.id,
      createdAtMs,
      expiresAtMs,
    });
    return {
      token,
      context: { user: found.user, access: await this.accessOf(found.user), sessionSha256, expiresAtMs },
    };
  }

  /** The session of a Cookie header, or null (no cookie, unknown or expired session, disabled user). */
  async authenticate(cookieHeader: string | undefined): Promise<AuthContext | null> {
    const token = cookieValue(cookieHeader, SESSION_COOKIE);
    if (token === null) return null;
    return this.authenticateSha256(sha256Hex(token));
  }

  async authenticateSha256(sessionSha256: string): Promise<AuthContext | null> {
    const found = await this.store.sessionUser(sessionSha256, this.now());
    if (!found) return null;
    return {
      user: found.user,
      access: await this.accessOf(found.user),
      sessionSha256,
      expiresAtMs: found.expiresAtMs,
    };
  }

  async logout(sessionSha256: string): Promise<void> {
    await this.store.deleteSession(sessionSha256);
    for (const listener of this.logoutListeners) listener(sessionSha256);
  }

  /** Replaces the password after checking the current one; the user's other sessions end. */
  async changePassword(context: AuthContext, currentPassword: string, newPassword: string): Promise<void> {
    const found = await this.store.userCredentials(context.user.id);
    if (!found?.passwordHash || !(await verifyPassword(currentPassword, found.passwordHash)))
      throw new VesselWatchError('VW_ERR_AUTH_FAILED', { detail: 'the current password is wrong' });
    if (currentPassword === newPassword)
      throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
        detail: 'the new password must differ from the current one',
        details: { problems: [{ path: 'newPassword', problem: 'must differ from the current password' }] },
      });
    await this.store.setPassword(context.user.id, await hashPassword(newPassword), context.sessionSha256);
  }

  private async accessOf(user: UserAccount): Promise<Access> {
    const needsProvinces = user.roles.some(({ scope }) => scope.startsWith(PROVINCE_SCOPE_PREFIX));
    const set = needsProvinces ? await this.zoneSets.current() : null;
    return new Access(user, (province) => set?.portsByProvince.get(province.trim().toLowerCase()) ?? []);
  }
}
