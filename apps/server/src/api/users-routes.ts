import type { Store, UserAccount } from '@vesselwatch/store';
import { requirePermission } from '../auth/require-auth';
import { NewUserSchema, addUser } from '../auth/users';
import { input } from '../http/validate';
import { DocumentedRouter, type RouteCatalogue } from '../http/documented-router';

/** A user as the users API lists it (never the password hash). */
export function userView(user: UserAccount) {
  return {
    id: user.id,
    displayName: user.displayName,
    email: user.email,
    phone: user.phone,
    roles: user.roles,
    disabled: user.disabled,
    mustChangePassword: user.mustChangePassword,
    createdAtMs: user.createdAtMs,
  };
}

/** GET/POST /api/users: administrators only. */
export function usersRoutes(store: Store, catalogue: RouteCatalogue): DocumentedRouter {
  const router = new DocumentedRouter(catalogue, '/api/users');
  const tag = 'users';
  const permission = 'admin';
  router.use(requirePermission('users.manage'));
  router.get(
    '/',
    {
      tag,
      permission,
      summary: 'Every user with roles',
      responses: { 200: { description: 'users', schema: 'UserList' } },
    },
    async (_req, res) => {
      res.json({ items: (await store.users()).map(userView) });
    },
  );
  router.post(
    '/',
    {
      tag,
      permission,
      summary: 'Create a user (mustChangePassword defaults to true)',
      body: { schema: NewUserSchema, contentType: 'application/json' },
      responses: {
        201: { description: 'created', schema: 'UserView' },
        409: { description: 'the user name is taken' },
      },
    },
    async (req, res) => {
      const user = await addUser(store, input(NewUserSchema, req.body, 'user'));
      res.status(201).json({ user: userView(user) });
    },
  );
  return router;
}
