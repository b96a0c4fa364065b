import { VesselWatchError } from '@vesselwatch/domain';
import { USER_ROLES, type Store, type UserAccount } from '@vesselwatch/store';
import { z } from 'zod';
import { PasswordSchema, hashPassword, oneTimePassword } from './password';
import { PROVINCE_SCOPE_PREFIX } from './access';
import type { ServerLogger } from '../settings';

/** A login name: the user's id everywhere (sessions, audit entries, acknowledgements). */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, '2-64 characters: lower-case letters, digits, ".", "_", "-"');

export const RoleGrantSchema = z
  .object({
    role: z.enum(USER_ROLES),
    scope: z.string().trim().max(128).default(''),
  })
  .superRefine((grant, ctx) => {
    if (grant.role === 'owner' && grant.scope === '')
      ctx.addIssue({
        code: 'custom',
        path: ['scope'],
        message: 'an owner role needs the vessel id as its scope',
      });
    if (grant.role === 'owner' && grant.scope.startsWith(PROVINCE_SCOPE_PREFIX))
      ctx.addIssue({ code: 'custom', path: ['scope'], message: 'an owner role is scoped by a vessel id' });
    if (grant.scope.startsWith(PROVINCE_SCOPE_PREFIX) && grant.scope.length === PROVINCE_SCOPE_PREFIX.length)
      ctx.addIssue({ code: 'custom', path: ['scope'], message: 'name the province after "province:"' });
  });

export const NewUserSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().min(1).max(120),
  password: PasswordSchema,
  roles: z.array(RoleGrantSchema).min(1).max(50),
  email: z.email().nullable().optional(),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +84912345678')
    .nullable()
    .optional(),
  /** Make the user choose a new password at first login (default true: an administrator chose this one). */
  mustChangePassword: z.boolean().default(true),
});
export type NewUserInput = z.infer<typeof NewUserSchema>;

/** Creates a user; 409 VW_ERR_CONFLICT when the user name is taken. */
export async function addUser(store: Store, user: NewUserInput): Promise<UserAccount> {
  const created = await store.createUser({
    id: user.username,
    displayName: user.displayName,
    email: user.email ?? null,
    phone: user.phone ?? null,
    passwordHash: await hashPassword(user.password),
    mustChangePassword: user.mustChangePassword,
    roles: user.roles,
  });
  if (!created)
    throw new VesselWatchError('VW_ERR_CONFLICT', {
      detail: `the user name "${user.username}" is taken`,
      details: { username: user.username },
    });
  const stored = await store.user(user.username);
  if (!stored) throw new Error(`user ${user.username} was created but cannot be read back`);
  return stored;
}

export const FIRST_ADMIN_USERNAME = 'admin';

/**
 * On the very first start (no user at all), creates the administrator `admin` with a random one-time
 * password and logs it once: the newcomer logs in with it and must set a new one. Returns the password
 * when this call created the admin, null otherwise (users exist, or another process won the race).
 */
export async function ensureFirstAdmin(store: Store, log: ServerLogger): Promise<string | null> {
  if ((await store.countUsers()) > 0) return null;
  const password = oneTimePassword();
  const created = await store.createUser(
    {
      id: FIRST_ADMIN_USERNAME,
      displayName: 'Administrator',
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
      roles: [{ role: 'admin', scope: '' }],
    },
    { onlyIfNoUsers: true },
  );
  if (!created) return null;
  log.warn(
    { username: FIRST_ADMIN_USERNAME, oneTimePassword: password },
    `first start: created the administrator "${FIRST_ADMIN_USERNAME}" with the one-time password ${password}; log in and set your own (it is shown only this once)`,
  );
  return password;
}
