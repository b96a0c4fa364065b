import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '@vesselwatch/store';
import { verifyPassword } from '@vesselwatch/server';
import { loadConfig } from '../config';
import { parseUsersAddArgs, runUsersAdd } from './users-add';

const config = loadConfig({});
const stdin = (text: string) => Readable.from([Buffer.from(text)]);

describe('vesselwatch users add', () => {
  it('parses roles with their scopes and refuses what is missing or unknown', () => {
    expect(
      parseUsersAddArgs([
        '--username',
        'lan',
        '--display-name',
        'Lan',
        '--role',
        'port_officer',
        '--scope',
        'vn-nha-trang',
        '--role',
        'viewer',
        '--password-stdin',
      ]),
    ).toEqual({
      username: 'lan',
      displayName: 'Lan',
      roles: [
        { role: 'port_officer', scope: 'vn-nha-trang' },
        { role: 'viewer', scope: '' },
      ],
      passwordStdin: true,
      keepPassword: false,
    });
    expect(() => parseUsersAddArgs(['--username', 'x', '--role', 'admin'])).toThrow(/--password-stdin/);
    expect(() => parseUsersAddArgs(['--password-stdin'])).toThrow(/at least one --role/);
    expect(() => parseUsersAddArgs(['--scope', 'p', '--password-stdin'])).toThrow(/must follow the --role/);
    expect(() => parseUsersAddArgs(['--password', 'x'])).toThrow(/unknown argument --password/);
  });

  it('refuses a weak password or an unknown role before opening the database', async () => {
    const neverOpen = async (): Promise<Store> => {
      throw new Error('the database must not be opened');
    };
    const args = ['--username', 'lan', '--display-name', 'Lan', '--role', 'admin', '--password-stdin'];
    await expect(
      runUsersAdd(config, args, { input: stdin('short\n'), write: () => {} }, neverOpen),
    ).rejects.toThrow(/VW_ERR_CONFIG_INVALID.*password/);
    const badRole = ['--username', 'lan', '--display-name', 'Lan', '--role', 'captain', '--password-stdin'];
    await expect(
      runUsersAdd(config, badRole, { input: stdin('long enough password\n'), write: () => {} }, neverOpen),
    ).rejects.toThrow(/roles\.0\.role/);
  });

  it('adds the user with a hashed password read from stdin, and refuses the same name again', async () => {
    const store = await openStore({ embedded: {} });
    // runUsersAdd closes what it opens: hand it the shared in-memory store without letting it close it.
    const keepOpen = async () => ({ ...store, close: async () => {} }) as Store;
    try {
      const out: string[] = [];
      const args = [
        '--username',
        'Admin2',
        '--display-name',
        'Second admin',
        '--role',
        'admin',
        '--password-stdin',
      ];
      expect(
        await runUsersAdd(
          config,
          args,
          { input: stdin('a long admin password\nignored'), write: (t) => out.push(t) },
          keepOpen,
        ),
      ).toBe(0);
      expect(out.join('')).toBe(
        'Added user admin2 (Second admin): admin; a new password is required at first login.\n',
      );
      const stored = await store.userCredentials('admin2');
      expect(stored?.user.roles).toEqual([{ role: 'admin', scope: '' }]);
      expect(stored?.passwordHash).toMatch(/^scrypt\$/);
      expect(await verifyPassword('a long admin password', stored!.passwordHash!)).toBe(true);
      await expect(
        runUsersAdd(config, args, { input: stdin('another long password\n'), write: () => {} }, keepOpen),
      ).rejects.toThrow(/VW_ERR_CONFLICT/);
    } finally {
      await store.close();
    }
  });
});
