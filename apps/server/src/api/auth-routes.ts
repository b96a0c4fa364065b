import type { Response } from 'express';
import { z } from 'zod';
import { type AuthService, publicUser } from '../auth/auth-service';
import { PasswordSchema } from '../auth/password';
import { authOf, requireAuth } from '../auth/require-auth';
import { input } from '../http/validate';
import { DocumentedRouter, type RouteCatalogue } from '../http/documented-router';
import { SESSION_COOKIE, type ServerSettings } from '../settings';

export const LoginSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const PasswordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: PasswordSchema,
});

/** POST /api/auth/login, /logout, /password; GET /api/auth/me. */
export function authRoutes(
  auth: AuthService,
  settings: ServerSettings,
  catalogue: RouteCatalogue,
): DocumentedRouter {
  const router = new DocumentedRouter(catalogue, '/api/auth');
  const tag = 'auth';
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: settings.secureCookies,
    path: '/',
  };
  const setCookie = (res: Response, token: string) =>
    res.cookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: settings.sessionTtlMs });

  router.post(
    '/login',
    {
      tag,
      session: false,
      summary: 'Log in: sets the httpOnly vw_session cookie',
      description:
        'Rate limited per user name and client address (429 VW_ERR_RATE_LIMITED with Retry-After).',
      body: { schema: LoginSchema, contentType: 'application/json' },
      responses: {
        200: { description: 'logged in', schema: 'UserEnvelope' },
        401: { description: 'wrong user name or password (VW_ERR_AUTH_FAILED)' },
        429: { description: 'too many failed logins' },
      },
    },
    async (req, res) => {
      const { username, password } = input(LoginSchema, req.body, 'login');
      const { token, context } = await auth.login(
        username,
        password,
        req.ip ?? req.socket.remoteAddress ?? '',
      );
      setCookie(res, token);
      res.json({ user: publicUser(context.user) });
    },
  );

  router.post(
    '/logout',
    {
      tag,
      session: false,
      summary: 'Log out: ends the session and clears the cookie',
      responses: { 204: { description: 'logged out (also when no session was there)' } },
    },
    async (req, res) => {
      const context = await auth.authenticate(req.headers.cookie);
      if (context) await auth.logout(context.sessionSha256);
      res.clearCookie(SESSION_COOKIE, cookieOptions);
      res.status(204).end();
    },
  );

  router.get(
    '/me',
    {
      tag,
      summary: 'The logged-in user (also with a one-time password)',
      responses: { 200: { description: 'the user', schema: 'UserEnvelope' } },
    },
    requireAuth(auth, { allowPasswordChange: true }),
    (_req, res) => {
      res.json({ user: publicUser(authOf(res).user) });
    },
  );

  router.post(
    '/password',
    {
      tag,
      summary: 'Change the password (required after a one-time password); ends the other sessions',
      body: { schema: PasswordChangeSchema, contentType: 'application/json' },
      responses: {
        200: { description: 'changed', schema: 'UserEnvelope' },
        401: { description: 'the current password is wrong' },
      },
    },
    requireAuth(auth, { allowPasswordChange: true }),
    async (req, res) => {
      const { currentPassword, newPassword } = input(PasswordChangeSchema, req.body, 'password change');
      const context = authOf(res);
      await auth.changePassword(context, currentPassword, newPassword);
      res.json({ user: publicUser({ ...context.user, mustChangePassword: false }) });
    },
  );
  return router;
}
