import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '@vesselwatch/store';
import { PERMISSIONS } from '../auth/access';
import { ensureFirstAdmin } from '../auth/users';
import {
  TEST_PASSWORD,
  createTestUser,
  loginAs,
  openTestStore,
  recordingLogger,
  startTestServer,
  type TestServer,
} from '../test-support/server-harness';

/** Logins, sessions, the first-start admin, users, rate limiting and security headers on a real database. */
describe('server auth', () => {
  let store: Store;
  let server: TestServer;

  beforeAll(async () => {
    store = await openTestStore();
    server = await startTestServer({ store, settings: { loginMaxFailures: 3 } });
  });

  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  beforeEach(async () => {
    await store.driver.exec('TRUNCATE users CASCADE');
  });

  it('creates the first admin once, with a one-time password it logs, which must be changed first', async () => {
    const log = recordingLogger();
    const password = await ensureFirstAdmin(store, log);
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await ensureFirstAdmin(store, log)).toBeNull();
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]!.message).toContain(password!);

    const { agent } = await loginAs(server.url, 'admin', password!);
    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body.user).toEqual({
      id: 'admin',
      displayName: 'Administrator',
      roles: [{ role: 'admin', scope: '' }],
      permissions: [...PERMISSIONS], // an admin may do everything
      mustChangePassword: true,
    });
    const blocked = await agent.get('/api/vessels').expect(403);
    expect(blocked.body.error.code).toBe('VW_ERR_PASSWORD_CHANGE_REQUIRED');

    const weak = await agent
      .post('/api/auth/password')
      .send({ currentPassword: password, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error).toMatchObject({ code: 'VW_ERR_INPUT_INVALID' });
    expect(weak.body.error.details.problems[0].path).toBe('newPassword');
    const wrong = await agent
      .post('/api/auth/password')
      .send({ currentPassword: 'not it at all', newPassword: 'a much better password' });
    expect(wrong.status).toBe(401);
    const changed = await agent
      .post('/api/auth/password')
      .send({ currentPassword: password, newPassword: 'a much better password' })
      .expect(200);
    expect(changed.body.user.mustChangePassword).toBe(false);
    await agent.get('/api/vessels').expect(200);
    // The one-time password no longer works.
    await request(server.url).post('/api/auth/login').send({ username: 'admin', password }).expect(401);
  });

  it('sets an httpOnly SameSite=Lax session cookie, and logout ends the session', async () => {
    await createTestUser(store, 'lan', [{ role: 'port_officer', scope: 'vn-nha-trang' }]);
    const res = await request(server.url)
      .post('/api/auth/login')
      .send({ username: 'LAN', password: TEST_PASSWORD })
      .expect(200);
    expect(res.body).toEqual({
      user: {
        id: 'lan',
        displayName: 'lan',
        roles: [{ role: 'port_officer', scope: 'vn-nha-trang' }],
        permissions: [
          'read',
          'contacts',
          'vessels.write',
          'alerts.act',
          'evidence',
          'fleet',
          'storm.publish',
        ],
        mustChangePassword: false,
      },
    });
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!;
    expect(cookie).toMatch(/^vw_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const session = cookie.split(';')[0]!;
    // Only the SHA-256 of the token is stored.
    const { rows } = await store.driver.query<{ token_sha256: string }>(
      'SELECT token_sha256 FROM user_sessions',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.token_sha256).not.toBe(session.split('=')[1]);

    await request(server.url).get('/api/auth/me').set('Cookie', session).expect(200);
    const out = await request(server.url).post('/api/auth/logout').set('Cookie', session).expect(204);
    expect((out.headers['set-cookie'] as unknown as string[])[0]).toMatch(/vw_session=;/);
    const after = await request(server.url).get('/api/auth/me').set('Cookie', session).expect(401);
    expect(after.body.error.code).toBe('VW_ERR_AUTH_REQUIRED');
  });

  it('answers 401 with a code without a session, and the same 401 for a wrong user or password', async () => {
    await createTestUser(store, 'an', [{ role: 'inspector', scope: '' }]);
    const none = await request(server.url).get('/api/alerts').expect(401);
    expect(none.body).toEqual({
      error: { code: 'VW_ERR_AUTH_REQUIRED', message: expect.stringContaining('log in'), details: {} },
    });
    const forged = await request(server.url)
      .get('/api/alerts')
      .set('Cookie', 'vw_session=forged')
      .expect(401);
    expect(forged.body.error.code).toBe('VW_ERR_AUTH_REQUIRED');
    const wrongPassword = await request(server.url)
      .post('/api/auth/login')
      .send({ username: 'an', password: 'wrong password' })
      .expect(401);
    const wrongUser = await request(server.url)
      .post('/api/auth/login')
      .send({ username: 'nobody', password: 'wrong password' })
      .expect(401);
    expect(wrongUser.body).toEqual(wrongPassword.body);
    expect(wrongUser.body.error.code).toBe('VW_ERR_AUTH_FAILED');
    const invalid = await request(server.url).post('/api/auth/login').send({ username: 'an' }).expect(400);
    expect(invalid.body.error.code).toBe('VW_ERR_INPUT_INVALID');
    const badJson = await request(server.url)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username":')
      .expect(400);
    expect(badJson.body.error.code).toBe('VW_ERR_INPUT_INVALID');
  });

  it('rate limits failed logins per user name and address, with Retry-After, leaving others alone', async () => {
    await createTestUser(store, 'binh', [{ role: 'viewer', scope: '' }]);
    await createTestUser(store, 'chi', [{ role: 'viewer', scope: '' }]);
    for (let i = 0; i < 3; i++)
      await request(server.url)
        .post('/api/auth/login')
        .send({ username: 'binh', password: 'guess' })
        .expect(401);
    const limited = await request(server.url)
      .post('/api/auth/login')
      .send({ username: 'binh', password: TEST_PASSWORD })
      .expect(429);
    expect(limited.body.error.code).toBe('VW_ERR_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await loginAs(server.url, 'chi');
  });

  it('believes X-Forwarded-For only from a trusted proxy (VW_TRUST_PROXY), so clients behind it are limited one by one', async () => {
    await createTestUser(store, 'dung', [{ role: 'viewer', scope: '' }]);
    const failFrom = async (url: string, forwardedFor: string) => {
      for (let i = 0; i < 3; i++)
        await request(url)
          .post('/api/auth/login')
          .set('X-Forwarded-For', forwardedFor)
          .send({ username: 'dung', password: 'guess' })
          .expect(401);
    };
    const loginFrom = (url: string, forwardedFor: string) =>
      request(url)
        .post('/api/auth/login')
        .set('X-Forwarded-For', forwardedFor)
        .send({ username: 'dung', password: TEST_PASSWORD });

    // Not trusted (the default): the header is ignored, every request is the same client.
    await failFrom(server.url, '203.0.113.7');
    expect((await loginFrom(server.url, '198.51.100.9')).status).toBe(429);

    // Behind a trusted proxy on loopback: each forwarded client has its own count.
    const proxied = await startTestServer({
      store,
      settings: { loginMaxFailures: 3, trustProxy: ['loopback'] },
    });
    try {
      await failFrom(proxied.url, '203.0.113.7');
      expect((await loginFrom(proxied.url, '203.0.113.7')).status).toBe(429);
      expect((await loginFrom(proxied.url, '198.51.100.9')).status).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('lets only admins list and create users, validating roles and scopes', async () => {
    await createTestUser(store, 'root', [{ role: 'admin', scope: '' }]);
    await createTestUser(store, 'viewer', [{ role: 'viewer', scope: '' }]);
    const { agent: admin } = await loginAs(server.url, 'root');
    const { agent: viewer } = await loginAs(server.url, 'viewer');
    const forbidden = await viewer.get('/api/users').expect(403);
    expect(forbidden.body.error.code).toBe('VW_ERR_FORBIDDEN');
    await viewer.post('/api/users').send({}).expect(403);

    const owner = {
      username: 'Owner.Minh',
      displayName: 'Minh',
      password: 'a long password 1',
      roles: [{ role: 'owner', scope: 'vessel-1' }],
    };
    const created = await admin.post('/api/users').send(owner).expect(201);
    expect(created.body.user).toMatchObject({ id: 'owner.minh', mustChangePassword: true, disabled: false });
    expect(JSON.stringify(created.body)).not.toContain('scrypt');
    const again = await admin.post('/api/users').send(owner).expect(409);
    expect(again.body.error.code).toBe('VW_ERR_CONFLICT');
    const noScope = await admin
      .post('/api/users')
      .send({ ...owner, username: 'x1', roles: [{ role: 'owner', scope: '' }] })
      .expect(400);
    expect(noScope.body.error.details.problems[0].path).toBe('roles.0.scope');
    await admin
      .post('/api/users')
      .send({ ...owner, username: 'x2', roles: [{ role: 'captain', scope: '' }] })
      .expect(400);
    const list = await admin.get('/api/users').expect(200);
    expect(list.body.items.map((u: { id: string }) => u.id)).toEqual(['owner.minh', 'root', 'viewer']);
    // The new user's one-time password works and must be changed.
    const { agent: minh } = await loginAs(server.url, 'owner.minh', 'a long password 1');
    expect((await minh.get('/api/vessels')).body.error.code).toBe('VW_ERR_PASSWORD_CHANGE_REQUIRED');
    // An owner is offered reading and contacts only: no fleet, storm, users, acknowledgement or evidence.
    expect((await minh.get('/api/auth/me').expect(200)).body.user.permissions).toEqual(['read', 'contacts']);
  });

  it('sends security headers with a CSP that allows the dashboard and MapLibre, and no framing', async () => {
    const res = await request(server.url).get('/healthz').expect(200);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("font-src 'self' data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    const missing = await request(server.url).get('/api/nothing-here').expect(401);
    // Unknown API routes answer with a code, but only after authentication (no route probing without a session).
    expect(missing.body.error.code).toBe('VW_ERR_AUTH_REQUIRED');
  });
});
