import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../apps/cli/bin/vesselwatch.js', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export interface VesselWatchProcess {
  baseUrl: string;
  /** The first-start administrator's one-time password, read from the log as a newcomer would. */
  adminPassword: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The real all-in-one system as `npm start` runs it (a `vesselwatch start` process: embedded database,
 * in-process bus, processor, simulated fleet, server with the built dashboard), on a free port and a
 * fresh data directory. Resolves once /readyz answers and the one-time admin password was logged.
 */
export async function startVesselWatch(
  env: Record<string, string>,
  startupBudgetMs: number,
): Promise<VesselWatchProcess> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'vw-browser-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [cli, 'start'], {
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
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startupBudgetMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`vesselwatch exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline)
        throw new Error(`vesselwatch was not ready within ${startupBudgetMs} ms:\n${output}`);
      const ready = await fetch(`${baseUrl}/readyz`).then(
        (res) => res.ok,
        () => false,
      );
      const password = /"oneTimePassword":"([^"]+)"/.exec(output)?.[1];
      if (ready && password) return { baseUrl, adminPassword: password, output: () => output, stop };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}
