import { describe, expect, it } from 'vitest';
import type { UserAccount, UserRoleGrant } from '@vesselwatch/store';
import { cookieValue } from '../http/cookies';
import { Access } from './access';
import { LoginLimiter } from './login-limiter';
import { hashPassword, verifyPassword } from './password';

function user(roles: UserRoleGrant[]): UserAccount {
  return {
    id: 'u',
    displayName: 'U',
    email: null,
    phone: null,
    disabled: false,
    mustChangePassword: false,
    roles,
    createdAtMs: 0,
  };
}

const provinces = (name: string) =>
  name.toLowerCase() === 'khanh hoa' ? ['vn-nha-trang', 'vn-cam-ranh'] : [];
const vessel = (id: string, homePortId: string) => ({ id, homePortId });

describe('passwords', () => {
  it('verifies the right password only, with a salted, parameterised scrypt hash', async () => {
    const a = await hashPassword('Mật khẩu dài 123');
    const b = await hashPassword('Mật khẩu dài 123');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Mật khẩu dài 123', a)).toBe(true);
    // The same text in another Unicode normal form is the same password.
    expect(await verifyPassword('Mật khẩu dài 123'.normalize('NFD'), a)).toBe(true);
    expect(await verifyPassword('mật khẩu dài 123', a)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$0$8$1$AAAA$BBBB')).toBe(false);
  });
});

describe('login limiter', () => {
  it('blocks a name and address after the allowed failures until the window ends; success clears it', () => {
    const limiter = new LoginLimiter(3, 60_000);
    const key = LoginLimiter.key(' Lan ', '10.0.0.1');
    expect(key).toBe(LoginLimiter.key('lan', '10.0.0.1'));
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs(key, 1_000)).toBe(0);
      limiter.recordFailure(key, 1_000 + i);
    }
    expect(limiter.retryAfterMs(key, 2_000)).toBe(59_000);
    expect(limiter.retryAfterMs(LoginLimiter.key('lan', '10.0.0.2'), 2_000)).toBe(0);
    expect(limiter.retryAfterMs(key, 61_000)).toBe(0);
    limiter.recordFailure(key, 70_000);
    limiter.recordSuccess(key);
    expect(limiter.size).toBe(0);
  });

  it('stays bounded under many names', () => {
    const limiter = new LoginLimiter(3, 60_000, 100);
    for (let i = 0; i < 1_000; i++) limiter.recordFailure(`user${i}\u0000ip`, i);
    expect(limiter.size).toBeLessThanOrEqual(100);
  });
});

describe('access by role and scope', () => {
  it('admins and inspectors see everything; only admins manage users and import zones', () => {
    const admin = new Access(user([{ role: 'admin', scope: 'ignored' }]), provinces);
    const inspector = new Access(user([{ role: 'inspector', scope: '' }]), provinces);
    expect(admin.scope('read')).toBeUndefined();
    expect(admin.allows('alerts.act', null)).toBe(true);
    expect(admin.has('users.manage') && admin.has('zones.import')).toBe(true);
    expect(inspector.scope('read')).toBeUndefined();
    expect(inspector.allows('evidence', vessel('x', 'anywhere'))).toBe(true);
    expect(
      inspector.has('alerts.act') || inspector.has('vessels.write') || inspector.has('users.manage'),
    ).toBe(false);
  });

  it('an owner reads its vessels only, and nothing unregistered', () => {
    const owner = new Access(
      user([
        { role: 'owner', scope: 'V1' },
        { role: 'owner', scope: 'V2' },
      ]),
      provinces,
    );
    expect(owner.scope('read')).toEqual({ homePortIds: [], vesselIds: ['V1', 'V2'] });
    expect(owner.allows('read', vessel('V1', 'p'))).toBe(true);
    expect(owner.allows('read', vessel('V3', 'p'))).toBe(false);
    expect(owner.allows('read', null)).toBe(false);
    expect(owner.has('evidence') || owner.has('alerts.act') || owner.has('fleet')).toBe(false);
    expect(owner.allows('contacts', vessel('V1', 'p'))).toBe(true);
  });

  it("a port officer is scoped by port or by province; a user with two roles gets each role's rights", () => {
    const officer = new Access(user([{ role: 'port_officer', scope: 'province:Khanh Hoa' }]), provinces);
    expect(officer.scope('vessels.write')).toEqual({
      homePortIds: ['vn-cam-ranh', 'vn-nha-trang'],
      vesselIds: [],
    });
    expect(officer.allowsPort('vessels.write', 'vn-cam-ranh')).toBe(true);
    expect(officer.allowsPort('vessels.write', 'vn-quy-nhon')).toBe(false);
    expect(officer.has('storm.publish')).toBe(true);
    const mixed = new Access(
      user([
        { role: 'viewer', scope: '' },
        { role: 'port_officer', scope: 'vn-quy-nhon' },
      ]),
      provinces,
    );
    expect(mixed.scope('read')).toBeUndefined();
    expect(mixed.allows('alerts.act', vessel('a', 'vn-quy-nhon'))).toBe(true);
    expect(mixed.allows('alerts.act', vessel('b', 'vn-nha-trang'))).toBe(false);
    expect(mixed.allows('contacts', vessel('b', 'vn-nha-trang'))).toBe(false);
    const unknownProvince = new Access(
      user([{ role: 'port_officer', scope: 'province:Atlantis' }]),
      provinces,
    );
    expect(unknownProvince.scope('read')).toEqual({ homePortIds: [], vesselIds: [] });
    expect(unknownProvince.has('read')).toBe(false);
  });
});

describe('cookie header', () => {
  it('finds one cookie among others and tolerates junk', () => {
    expect(cookieValue('a=1; vw_session=abc_-; b=2', 'vw_session')).toBe('abc_-');
    expect(cookieValue('vw_session="quoted"', 'vw_session')).toBe('quoted');
    expect(cookieValue('vw_sessionx=1; junk', 'vw_session')).toBeNull();
    expect(cookieValue('vw_session=', 'vw_session')).toBeNull();
    expect(cookieValue(undefined, 'vw_session')).toBeNull();
  });
});
