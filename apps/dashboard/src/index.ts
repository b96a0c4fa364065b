/**
 * The dashboard's Node side: where the built app lives and how to build it. The browser app itself is
 * under src/client (built by Vite into dist/, served by the server at /).
 */
export {
  BUILD_STAMP_FILE,
  buildDashboard,
  DASHBOARD_DIST_DIR,
  DASHBOARD_ROOT,
  dashboardSourceHash,
  ensureDashboardBuilt,
  type DashboardBuildResult,
} from './node/build';
