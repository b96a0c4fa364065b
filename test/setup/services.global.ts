import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureDashboardBuilt } from '@vesselwatch/dashboard';
import { isServiceReachable, serviceAddress, type ServiceName } from '@vesselwatch/testkit';

/**
 * Before the test run: if Kafka or PostgreSQL is not reachable, start the project's own dev service
 * (scripts/services/<name>.sh installs what is missing), so `npm test` alone sets everything up.
 * Services this setup started are stopped again at the end; services already running are left alone.
 * Set VW_TEST_SERVICES=external to never start anything (tests then use KAFKA_BROKERS / DATABASE_URL).
 */
const scripts: Record<ServiceName, string> = {
  kafka: fileURLToPath(new URL('../../scripts/services/kafka.sh', import.meta.url)),
  postgres: fileURLToPath(new URL('../../scripts/services/postgres.sh', import.meta.url)),
};

function runScript(name: ServiceName, subcommand: string): boolean {
  // stdout of the scripts is for machines (env lines); their progress goes to stderr, shown here.
  return (
    spawnSync('bash', [scripts[name], subcommand], { stdio: ['ignore', 'ignore', 'inherit'] }).status === 0
  );
}

/** The browser tests' Chromium: a binary, not a service; installed (Debian package) when missing. */
function ensureChromium(): void {
  const script = fileURLToPath(new URL('../../scripts/services/chromium.sh', import.meta.url));
  if (spawnSync('bash', [script, 'status'], { stdio: 'ignore' }).status === 0) return;
  console.log('[vesselwatch tests] Chromium is missing: installing it (scripts/services/chromium.sh)...');
  if (spawnSync('bash', [script, 'install'], { stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) {
    // The browser tests then fail under CI=true and skip elsewhere (see requireChromium).
    console.warn('[vesselwatch tests] could not install Chromium; the browser tests will say so');
  }
}

export default async function setup(): Promise<(() => void) | undefined> {
  // Once, before any test starts a server: built in parallel by several test processes it would cost
  // each of them the build's seconds (ensureDashboardBuilt is a no-op when dist/ is current).
  await ensureDashboardBuilt({ log: (message) => console.log(`[vesselwatch tests] ${message}`) });
  if (process.env.VW_TEST_SERVICES === 'external') return undefined;
  ensureChromium();
  const started: ServiceName[] = [];
  for (const name of ['postgres', 'kafka'] as const) {
    // Only the default local addresses can be started here; an explicit address is the operator's.
    if (name === 'kafka' && process.env.KAFKA_BROKERS) continue;
    if (name === 'postgres' && process.env.DATABASE_URL) continue;
    if (await isServiceReachable(serviceAddress(name))) continue;
    console.log(`[vesselwatch tests] ${name} is not running: starting the dev service...`);
    if (runScript(name, 'install') && runScript(name, 'start')) {
      started.push(name);
    } else {
      // The tests that need it then fail under CI=true and skip elsewhere (see requireService).
      console.warn(`[vesselwatch tests] could not start ${name}; tests that need it will say so`);
    }
  }
  if (started.length === 0) return undefined;
  return () => {
    for (const name of started) runScript(name, 'stop');
  };
}
