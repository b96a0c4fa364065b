import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { requireService } from '@vesselwatch/testkit';

// The all-in-one system as a newcomer runs it: the real `vesselwatch start` process, over HTTP.
const cli = fileURLToPath(new URL('../../apps/cli/bin/vesselwatch.js', import.meta.url));
const STARTUP_BUDGET_MS = 30_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface Readiness {
  status: string;
  system: { bus: string; database: string; fixStorage: string };
}

interface Started {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

const children: ChildProcess[] = [];
const dirs: string[] = [];

async function startVesselWatch(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'vw-e2e-'));
  dirs.push(dataDir);
  let output = '';
  const child = spawn(process.execPath, [cli, 'start'], {
    env: {
      ...process.env,
      KAFKA_BROKERS: '',
      DATABASE_URL: '',
      PORT: String(port),
      VW_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + STARTUP_BUDGET_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vesselwatch exited with ${child.exitCode}:\n${output}`);
    const healthy = await fetch(`${baseUrl}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) return { child, baseUrl, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no /healthz within ${STARTUP_BUDGET_MS} ms:\n${output}`);
}

function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('vesselwatch start (all-in-one)', () => {
  it('answers /healthz within 30 s on the embedded defaults, is ready, and stops cleanly on SIGTERM', async () => {
    const { child, baseUrl, output } = await startVesselWatch({});

    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as Readiness;
    expect(body.system).toMatchObject({ bus: 'in-process', fixStorage: 'hypertable' });
    expect(body.system.database).toMatch(/pglite .*timescaledb/);

    // The status page moved to /status; / is the dashboard.
    const page = await (await fetch(`${baseUrl}/status`)).text();
    expect(page).toContain('in-process');
    expect(page).toContain('TimescaleDB hypertable');
    const dashboard = await fetch(baseUrl);
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('content-type')).toMatch(/text\/html/);

    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
    expect(output()).toContain('shutting down');
  });

  it('shuts down cleanly on a SIGTERM that arrives while it is still starting', async () => {
    // /healthz answers as soon as the server listens; the fleet is still being registered then.
    const { child, output } = await startVesselWatch({});
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
    expect(output()).toContain('shutting down');
  });

  it('refuses a bad configuration with a message naming the variable', async () => {
    const child = spawn(process.execPath, [cli, 'start'], {
      env: { ...process.env, PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    expect(await exitCode(child)).toBe(1);
    expect(stderr).toContain('VW_ERR_CONFIG_INVALID');
    expect(stderr).toContain('PORT');
  });
});

const kafka = await requireService('kafka');
const postgres = await requireService('postgres');

describe.skipIf(!kafka || !postgres)('vesselwatch start on Kafka and a PostgreSQL server', () => {
  it('runs the same code on the real services and says so', async () => {
    const { child, baseUrl } = await startVesselWatch({
      KAFKA_BROKERS: kafka?.address ?? '',
      DATABASE_URL: postgres?.address ?? '',
    });
    const body = (await (await fetch(`${baseUrl}/readyz`)).json()) as Readiness;
    expect(body.status).toBe('ready');
    expect(body.system.bus).toContain('kafka');
    expect(body.system.database).toContain('127.0.0.1');
    // The dev server is plain PostgreSQL: no TimescaleDB, so fixes live in a plain table.
    expect(body.system.fixStorage).toBe('plain');
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  });
});
