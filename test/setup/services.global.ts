import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isServiceReachable, serviceAddress } from '@vesselwatch/testkit';

/**
 * Before the test run: if Kafka or PostgreSQL is not reachable, start the project's own dev services
 * (scripts/services/services.sh installs what is missing), so `npm test` alone sets everything up.
 * Services this setup started are stopped again at the end; services that were already running are left.
 * Set VW_TEST_SERVICES=external to never start anything (tests then use KAFKA_BROKERS / DATABASE_URL).
 */
const servicesScript = fileURLToPath(new URL('../../scripts/services/services.sh', import.meta.url));

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.VW_TEST_SERVICES === 'external') return undefined;
  const missing = [];
  for (const name of ['kafka', 'postgres'] as const) {
    if (!(await isServiceReachable(serviceAddress(name)))) missing.push(name);
  }
  if (missing.length === 0) return undefined;
  // Only the default local addresses can be started here; an explicit remote address is the operator's.
  if (process.env.KAFKA_BROKERS || process.env.DATABASE_URL) return undefined;

  console.log(`[vesselwatch tests] starting dev services (${missing.join(', ')} not reachable)...`);
  const started = spawnSync('bash', [servicesScript, 'start', ...missing], { stdio: 'inherit' });
  if (started.status !== 0) {
    // The tests that need the service then fail under CI=true and skip elsewhere (see requireService).
    console.warn('[vesselwatch tests] could not start the dev services; tests that need them will say so');
    return undefined;
  }
  return () => {
    spawnSync('bash', [servicesScript, 'stop', ...missing], { stdio: 'inherit' });
  };
}
