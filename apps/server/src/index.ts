export { createServerApp, STATUS_PAGE_PATH, type ServerAppOptions } from './app';
export {
  runReadinessChecks,
  READINESS_CHECK_TIMEOUT_MS,
  type CheckResult,
  type ReadinessCheck,
} from './readiness';
export { renderStatusPage, type SystemDescription } from './status-page';
export { createServerContext, type ServerContext, type ServerContextOptions } from './server-context';
export {
  SERVER_SETTINGS_DEFAULT,
  SESSION_COOKIE,
  newInstanceId,
  serverSettings,
  type ServerLogger,
  type ServerSettings,
} from './settings';
export { startLiveServer, type LiveServer } from './live/start-live';
export { LIVE_PATH, type PositionsFrame } from './live/live-hub';
export { liveGroupId } from './live/live-feed';
export { hashPassword, verifyPassword, PasswordSchema } from './auth/password';
export {
  FIRST_ADMIN_USERNAME,
  NewUserSchema,
  RoleGrantSchema,
  UsernameSchema,
  addUser,
  ensureFirstAdmin,
  type NewUserInput,
} from './auth/users';
export { buildOpenApiDocument } from './openapi/openapi';
export { dashboardStatic, type DashboardMountOptions } from './dashboard-static';
export { parseTrustProxy } from './http/trust-proxy';
