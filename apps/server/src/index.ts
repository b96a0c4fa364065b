export { createServerApp, type ServerAppOptions } from './app';
export {
  runReadinessChecks,
  READINESS_CHECK_TIMEOUT_MS,
  type CheckResult,
  type ReadinessCheck,
} from './readiness';
export { renderStatusPage, type SystemDescription } from './status-page';
export { dashboardStatic, type DashboardMountOptions } from './dashboard-static';
