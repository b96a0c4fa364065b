import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dashboard app's folder (index.html, vite.config.ts, src/client). */
export const DASHBOARD_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where the built dashboard lives; the server serves it at /. */
export const DASHBOARD_DIST_DIR = join(DASHBOARD_ROOT, 'dist');
/** Written last into dist/: the hash of the sources it was built from. */
export const BUILD_STAMP_FILE = '.vesselwatch-build.json';

const SOURCE_ENTRIES = ['index.html', 'vite.config.ts', 'package.json', 'src/client'];

async function listFiles(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => null);
  if (!entries) return existsSync(path) ? [path] : [];
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (!entry.name.endsWith('.test.ts')) files.push(full);
  }
  return files;
}

/** SHA-256 over the dashboard's sources (paths and contents): a changed source means a stale dist/. */
export async function dashboardSourceHash(root = DASHBOARD_ROOT): Promise<string> {
  const hash = createHash('sha256');
  const files = (await Promise.all(SOURCE_ENTRIES.map((entry) => listFiles(join(root, entry)))))
    .flat()
    .sort();
  for (const file of files) {
    hash.update(relative(root, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

async function stampOf(distDir: string): Promise<string | null> {
  try {
    const stamp = JSON.parse(await readFile(join(distDir, BUILD_STAMP_FILE), 'utf8')) as {
      sourceHash?: string;
    };
    return stamp.sourceHash ?? null;
  } catch {
    return null;
  }
}

/**
 * Runs Vite's build of the dashboard into `outDir`; `page` picks another HTML entry of apps/dashboard
 * (the benchmark builds bench.html this way).
 */
export async function buildDashboard(options: { outDir: string; page?: string }): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: join(DASHBOARD_ROOT, 'vite.config.ts'),
    root: DASHBOARD_ROOT,
    logLevel: 'warn',
    build: {
      outDir: options.outDir,
      emptyOutDir: true,
      ...(options.page ? { rollupOptions: { input: join(DASHBOARD_ROOT, options.page) } } : {}),
    },
  });
}

export interface DashboardBuildResult {
  distDir: string;
  /** False when dist/ was already built from the current sources. */
  built: boolean;
  durationMs: number;
}

/**
 * Makes sure dist/ holds the dashboard built from the current sources: builds it with Vite when it is
 * missing or stale (about 3 s on a 2-core machine). Safe across concurrent callers and processes: each
 * builds into its own temporary folder and the finished build is swapped in with a rename, so a reader
 * never sees half a build.
 */
export async function ensureDashboardBuilt(
  options: { log?: (message: string) => void; distDir?: string } = {},
): Promise<DashboardBuildResult> {
  const distDir = options.distDir ?? DASHBOARD_DIST_DIR;
  const started = Date.now();
  const sourceHash = await dashboardSourceHash();
  if ((await stampOf(distDir)) === sourceHash)
    return { distDir, built: false, durationMs: Date.now() - started };
  options.log?.('building the dashboard (vite build)…');
  const temporary = `${distDir}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  try {
    await buildDashboard({ outDir: temporary });
    await writeFile(
      join(temporary, BUILD_STAMP_FILE),
      JSON.stringify({ sourceHash, builtAtMs: Date.now() }, null, 2),
    );
    // Another process may have finished first with the same sources: keep its build.
    if ((await stampOf(distDir)) !== sourceHash) {
      const old = `${temporary}-old`;
      try {
        if (existsSync(distDir)) await rename(distDir, old);
        await rename(temporary, distDir);
      } catch (error) {
        // Lost a race with another builder: fine when its build is of the same sources.
        if ((await stampOf(distDir)) !== sourceHash) throw error;
      } finally {
        await rm(old, { recursive: true, force: true });
      }
    }
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  const durationMs = Date.now() - started;
  options.log?.(`dashboard built in ${(durationMs / 1000).toFixed(1)} s`);
  return { distDir, built: true, durationMs };
}
