import type { RequestHandler, Response } from 'express';
import { VesselWatchError } from '@vesselwatch/domain';
import type { AuthContext, AuthService } from './auth-service';
import type { GlobalPermission, ScopedPermission } from './access';

/** The logged-in user of a request that went through `requireAuth`. */
export function authOf(res: Response): AuthContext {
  const context = res.locals['auth'] as AuthContext | undefined;
  if (!context) throw new Error('authOf() on a route without requireAuth');
  return context;
}

/**
 * Lets the request through only with a valid session (401 VW_ERR_AUTH_REQUIRED otherwise). A user with a
 * one-time password gets 403 VW_ERR_PASSWORD_CHANGE_REQUIRED unless the route allows it (me, logout,
 * password).
 */
export function requireAuth(
  auth: AuthService,
  options: { allowPasswordChange?: boolean } = {},
): RequestHandler {
  return async (req, res, next) => {
    const context = await auth.authenticate(req.headers.cookie);
    if (!context) throw new VesselWatchError('VW_ERR_AUTH_REQUIRED');
    if (context.user.mustChangePassword && !options.allowPasswordChange)
      throw new VesselWatchError('VW_ERR_PASSWORD_CHANGE_REQUIRED');
    res.locals['auth'] = context;
    next();
  };
}

/** 403 VW_ERR_FORBIDDEN unless the user's roles grant the permission for at least some vessels. */
export function requirePermission(permission: ScopedPermission | GlobalPermission): RequestHandler {
  return (_req, res, next) => {
    if (!authOf(res).access.has(permission))
      throw new VesselWatchError('VW_ERR_FORBIDDEN', {
        detail: `your roles do not grant "${permission}"`,
        details: { permission },
      });
    next();
  };
}
