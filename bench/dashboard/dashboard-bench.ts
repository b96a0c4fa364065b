/**
 * npm run bench:dashboard — 30,000 live vessels updating every second in headless Chromium.
 *
 * Builds the benchmark page (apps/dashboard/bench.html: the dashboard's own basemap, LiveVessels and
 * VesselLayer modules, fed with a seeded synthetic fleet whose every vessel moves every second; each frame
 * is parsed from JSON as the socket would deliver it), serves it on loopback, and runs it in Debian
 * Chromium (software WebGL: SwiftShader) for two camera views — the whole fleet (clustered) and a busy
 * coast (every vessel its own symbol) — while the camera pans, so the map renders every frame.
 *
 * First the basemap alone (no vessels: what this browser and machine can render at all while panning), then
 * two ways of handing the frames to MapLibre, measured in the same run:
 *   diff — ours: GeoJSONSource.updateData with only the vessels that changed (here: all of them);
 *   full — the naive baseline: one GeoJSONSource.setData of every vessel per update.
 *
 * Prints the machine, then per mode and view: frames per second, main-thread time per update (JSON parse +
 * merge + hand-over to the worker; p50 and p95) and long-task time; the last line is our approach's figure
 * in its worse view:
 *   dashboard-bench vessels=30000 fps=<n> update_ms_p95=<n>
 *
 * Settings (environment): VW_BENCH_VESSELS (30000), VW_BENCH_SECONDS (10 per run), CHROMIUM_PATH.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_HEADLESS_ARGS, chromiumPath, isChromiumUsable } from '@vesselwatch/testkit';
import { buildDashboard } from '@vesselwatch/dashboard';

const VESSELS = Number(process.env.VW_BENCH_VESSELS ?? 30_000);
const SECONDS = Number(process.env.VW_BENCH_SECONDS ?? 10);
const OUT_DIR = fileURLToPath(new URL('../../test-output/dashboard-bench-build/', import.meta.url));
const MODES = ['none', 'diff', 'full'] as const;
const VIEWS = ['overview', 'coast'] as const;
const DESCRIPTIONS: Record<(typeof MODES)[number], string> = {
  none: 'basemap alone, no vessels: the rendering ceiling',
  diff: 'ours: updateData of the changed vessels',
  full: 'baseline: setData of every vessel',
};

interface BenchResult {
  mode: string;
  view: string;
  vessels: number;
  seconds: number;
  fps: number;
  updates: number;
  updateMs: number[];
  longTaskMs: number;
  renderer: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(root, path === '/' ? 'bench.html' : path);
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        server,
        url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      });
    }),
  );
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const executablePath = chromiumPath();
  if (!isChromiumUsable(executablePath)) {
    throw new Error(
      `Chromium is not usable at ${executablePath}: run bash scripts/services/chromium.sh install`,
    );
  }
  await buildDashboard({ outDir: OUT_DIR, page: 'bench.html' });
  const { server, url } = await serve(OUT_DIR);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_HEADLESS_ARGS, headless: true });
  const cpu = cpus();
  console.log(
    `machine: ${cpu[0]?.model ?? 'cpu'} x ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} free), load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, node ${process.version}, Chromium ${browser.version()}`,
  );
  console.log(`vessels: ${VESSELS}, every one updated every second; ${SECONDS} s per run after 3 s warm-up`);
  const results: BenchResult[] = [];
  try {
    for (const view of VIEWS) {
      for (const mode of MODES) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(String(error)));
        await page.goto(`${url}/bench.html?mode=${mode}&view=${view}&vessels=${VESSELS}&seconds=${SECONDS}`);
        await page.waitForFunction('window.benchResult !== undefined', null, {
          timeout: (SECONDS + 120) * 1_000,
        });
        const result = (await page.evaluate('window.benchResult')) as BenchResult | { error: string };
        await page.close();
        if ('error' in result) throw new Error(`bench page failed (${mode}, ${view}): ${result.error}`);
        if (errors.length) throw new Error(`bench page errors (${mode}, ${view}): ${errors.join('; ')}`);
        results.push(result);
        if (results.length === 1) console.log(`WebGL renderer: ${result.renderer}`);
        console.log(
          `${mode.padEnd(8)} (${DESCRIPTIONS[mode]}) view=${view.padEnd(8)} ` +
            `fps=${result.fps.toFixed(1)} update_ms p50=${percentile(result.updateMs, 50).toFixed(1)} p95=${percentile(result.updateMs, 95).toFixed(1)} ` +
            `long_tasks=${(result.longTaskMs / result.seconds / 10).toFixed(1)}% of main thread (${result.updates} updates)`,
        );
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const ours = results.filter((r) => r.mode === 'diff');
  const worst = ours.reduce((a, b) => (a.fps <= b.fps ? a : b));
  const p95 = Math.max(...ours.map((r) => percentile(r.updateMs, 95)));
  console.log(
    `dashboard-bench vessels=${worst.vessels} fps=${worst.fps.toFixed(1)} update_ms_p95=${p95.toFixed(1)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
