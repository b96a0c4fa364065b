import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, openStore } from '@vesselwatch/store';
import { SCENARIO_ZONE_SET_VERSION, requireService, scenarioZones } from '@vesselwatch/testkit';

// `vesselwatch processor` as an operator runs it: the real command, on the real broker and database.
const cli = fileURLToPath(new URL('../../bin/vesselwatch.js', import.meta.url));
const kafka = await requireService('kafka');
const postgres = await requireService('postgres');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function run(env: Record<string, string>) {
  let output = '';
  const child = spawn(process.execPath, [cli, 'processor'], {
    env: { ...process.env, KAFKA_BROKERS: '', DATABASE_URL: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

async function freshDatabase(): Promise<string> {
  const scratch = await createScratchDatabase(postgres!.address, 'vw_cli_processor');
  drops.push(scratch.drop);
  return scratch.url;
}

describe('vesselwatch processor', () => {
  it('refuses to run on the embedded defaults, naming KAFKA_BROKERS and DATABASE_URL', async () => {
    const processor = run({});
    expect(await processor.exited).toBe(1);
    expect(processor.output()).toMatch(/VW_ERR_CONFIG_INVALID.*KAFKA_BROKERS and DATABASE_URL/);
  });

  describe.skipIf(!kafka || !postgres)('on the real services', () => {
    it('refuses a database without an active zone set', async () => {
      const processor = run({
        KAFKA_BROKERS: kafka!.address,
        DATABASE_URL: await freshDatabase(),
        VW_PROCESSOR_GROUP_ID: `vw-cli-test-${randomBytes(4).toString('hex')}`,
        VW_PROCESSOR_PORT: String(await freePort()),
      });
      expect(await processor.exited).toBe(1);
      expect(processor.output()).toContain('VW_ERR_PROCESSOR_NO_ZONE_SET');
    });

    it('serves /healthz, /readyz and /metrics on VW_PROCESSOR_PORT and exits 0 on SIGTERM', async () => {
      const databaseUrl = await freshDatabase();
      const store = await openStore({ url: databaseUrl });
      await store.saveZoneSet(SCENARIO_ZONE_SET_VERSION, scenarioZones(), { activate: true });
      await store.close();
      const port = await freePort();
      const processor = run({
        KAFKA_BROKERS: kafka!.address,
        DATABASE_URL: databaseUrl,
        // Its own group: it must never share committed offsets with a deployment that has another database.
        VW_PROCESSOR_GROUP_ID: `vw-cli-test-${randomBytes(4).toString('hex')}`,
        VW_PROCESSOR_PORT: String(port),
      });
      const base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 60_000;
      while (
        !(await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        if (processor.child.exitCode !== null) throw new Error(`exited early:\n${processor.output()}`);
        if (Date.now() > deadline) throw new Error(`no /healthz within 60 s:\n${processor.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/vesselwatch_processor_fixes_total\{verdict="accepted"\} \d+/);
      processor.child.kill('SIGTERM');
      expect(await processor.exited).toBe(0);
      expect(processor.output()).toContain('processor stopped');
    }, 90_000);
  });
});
