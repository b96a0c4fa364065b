import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_HEADLESS_ARGS, requireChromium } from '@vesselwatch/testkit';
import { ensureDashboardBuilt } from '@vesselwatch/dashboard';
import { startVesselWatch, type VesselWatchProcess } from './vesselwatch-process';

/*
 * The dashboard in real Debian Chromium against the real all-in-one system (server, processor on the
 * in-process bus, embedded database, simulated fleet): a port officer's day in a few steps. Screenshots
 * go to test-output/browser/ (kept by CI as artefacts, git-ignored).
 */
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/browser/', import.meta.url));
const NEW_PASSWORD = 'cang-ca-Nha-Trang-2026';
/** Generous: the 2-core machine runs other test files beside this one (every step takes seconds alone). */
const TEST_TIMEOUT_MS = 300_000;
const chromiumPath = requireChromium();

interface LiveItem {
  vesselId: string;
  registrationNumber: string | null;
  status: string;
  fix: { reportedAtMs: number; position: [number, number] };
}

/** What the page exposes as window.vesselwatch (read-only use by tests and the benchmark). */
interface DashboardWindow {
  vesselwatch?: {
    stats: { frames: number };
    context: {
      live: { size: number; all(): Iterable<LiveItem>; get(id: string): LiveItem | undefined };
      zones: { names: Set<string> };
      map: {
        project(lonLat: [number, number]): { x: number; y: number };
        getCanvas(): { getBoundingClientRect(): { left: number; top: number } };
        jumpTo(options: { center: [number, number]; zoom: number }): void;
        isSourceLoaded(id: string): boolean;
      };
    };
  };
}

async function liveVessels(page: Page): Promise<LiveItem[]> {
  return page.evaluate(() => [
    ...((globalThis as unknown as DashboardWindow).vesselwatch?.context.live.all() ?? []),
  ]);
}

/** The number in a registration such as KH-92981-TS: what an officer types into the search. */
function registrationDigits(registration: string): string {
  return /\d{3,}/.exec(registration)?.[0] ?? registration;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

/** Centres the map on a position (as a user's pan and zoom would) and waits for it to settle. */
async function centreOn(page: Page, position: [number, number], zoom: number): Promise<void> {
  await page.evaluate(
    ({ position, zoom }) =>
      (globalThis as unknown as DashboardWindow).vesselwatch?.context.map.jumpTo({ center: position, zoom }),
    { position, zoom },
  );
  await page.waitForTimeout(700);
}

/** Screen coordinates of a position on the map canvas. */
async function screenPoint(page: Page, position: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((position) => {
    const map = (globalThis as unknown as DashboardWindow).vesselwatch!.context.map;
    const point = map.project(position);
    const rect = map.getCanvas().getBoundingClientRect();
    return { x: rect.left + point.x, y: rect.top + point.y };
  }, position);
}

describe.skipIf(!chromiumPath)('dashboard in Chromium', () => {
  let system: VesselWatchProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const failedResponses: string[] = [];

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    await ensureDashboardBuilt();
    system = await startVesselWatch(
      {
        LOG_LEVEL: 'info',
        VW_SIM_VESSELS: '40',
        VW_SIM_HISTORY_H: '12',
        VW_SIM_SPEED: '1000000',
        VW_SIM_REPORT_INTERVAL_S: '15',
        VW_PROCESSOR_ZONE_POLL_S: '2',
      },
      180_000,
    );
    browser = await chromium.launch({
      executablePath: chromiumPath!,
      args: CHROMIUM_HEADLESS_ARGS,
      headless: true,
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    // The browser logs every 4xx as a console error; responses are checked by URL below instead.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        consoleErrors.push(message.text());
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400)
        failedResponses.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  }, 60_000);

  it(
    'logs in with the one-time admin password from the log and sets a new one',
    async () => {
      await page.goto(system.baseUrl);
      await page.getByTestId('login-form').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('vi');
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', system.adminPassword);
      await page.click('[data-testid=login-form] button[type=submit]');
      await page.getByTestId('password-form').waitFor();
      await page.fill('input[name=currentPassword]', system.adminPassword);
      await page.fill('input[name=newPassword]', NEW_PASSWORD);
      await page.fill('input[name=repeatPassword]', NEW_PASSWORD);
      await page.click('[data-testid=password-form] button[type=submit]');
      await page.waitForSelector('#root[data-ready=true]', { timeout: 30_000 });
      await expect
        .poll(async () => Number(await page.locator('#root').getAttribute('data-vessels')), {
          timeout: 30_000,
        })
        .toBeGreaterThan(0);
      // The zone set (several MB of GeoJSON) and the land arrive after the first paint.
      await expect
        .poll(() => page.locator('#root').getAttribute('data-zone-set-version'), { timeout: 60_000 })
        .toBeTruthy();
      await page.waitForFunction(
        () => (globalThis as unknown as DashboardWindow).vesselwatch!.context.map.isSourceLoaded('zones'),
        null,
        { timeout: 60_000 },
      );
      await page.waitForTimeout(1_000);
      await shot(page, '01-fleet-overview');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'shows the simulated vessels moving, from live socket frames',
    async () => {
      const before = new Map((await liveVessels(page)).map((v) => [v.vesselId, v.fix.reportedAtMs]));
      expect(before.size).toBeGreaterThanOrEqual(20);
      await page.waitForFunction(
        () => (globalThis as unknown as DashboardWindow).vesselwatch!.stats.frames >= 2,
        null,
        {
          timeout: 60_000,
        },
      );
      await page.waitForTimeout(1_500);
      const after = await liveVessels(page);
      const moved = after.filter((v) => (before.get(v.vesselId) ?? Infinity) < v.fix.reportedAtMs);
      expect(moved.length).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('live-badge').textContent()).toBe('Trực tuyến');
      await shot(page, '02-live');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'opens a vessel by clicking it on the map, and another from the search',
    async () => {
      const atSea = (await liveVessels(page)).filter((v) => v.status !== 'in_port' && v.registrationNumber);
      const target = atSea[0];
      expect(target).toBeDefined();
      await centreOn(page, target!.fix.position, 11);
      const now = (await liveVessels(page)).find((v) => v.vesselId === target!.vesselId)!;
      const point = await screenPoint(page, now.fix.position);
      await page.mouse.click(point.x, point.y);
      await page.waitForSelector('#panel[data-panel=vessel]');
      await expect
        .poll(() => page.getByTestId('vessel-title').textContent())
        .toContain(target!.registrationNumber!);
      await page.waitForSelector('[data-field=owner]');
      await page.waitForSelector('[data-field=last-fix]');
      await page.waitForSelector('[data-field=speed-course]');
      await page.getByTestId('track-count').waitFor();
      await shot(page, '03-vessel-panel');

      const other = atSea[1]!;
      await page.fill('input[name=q]', registrationDigits(other.registrationNumber!));
      await page.click(`.search-results button[data-vessel-id="${other.vesselId}"]`);
      await expect
        .poll(() => page.getByTestId('vessel-title').textContent())
        .toContain(other.registrationNumber!);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'publishes a storm warning drawn on the map: the processor opens alerts, the alarm sounds, one is acknowledged',
    async () => {
      const atSea = (await liveVessels(page)).filter((v) => v.status !== 'in_port');
      const [lon, lat] = atSea[0]!.fix.position;
      await centreOn(page, [lon, lat], 7);
      await page.click('button[data-nav=storm]');
      await page.waitForSelector('#panel[data-panel=storm]');
      await page.fill('input[name=name]', 'Bão thử nghiệm');
      for (const [dx, dy] of [
        [-0.6, -0.6],
        [0.6, -0.6],
        [0.6, 0.6],
        [-0.6, 0.6],
      ] as const) {
        const corner = await screenPoint(page, [lon + dx, lat + dy]);
        await page.mouse.click(corner.x, corner.y);
      }
      await expect.poll(() => page.getByTestId('storm-draw-help').textContent()).toMatch(/4/);
      const alarmsBefore = Number((await page.locator('body').getAttribute('data-alarm-count')) ?? 0);
      await page.click('.storm-form button[type=submit]');
      const toast = page.locator('.toast').first();
      await toast.waitFor({ timeout: 120_000 });
      expect(await toast.getAttribute('class'), (await toast.textContent()) ?? '').not.toContain('error');
      await page.waitForFunction(
        (name) => (globalThis as unknown as DashboardWindow).vesselwatch!.context.zones.names.has(name),
        'Bão thử nghiệm',
        { timeout: 120_000 },
      );
      await shot(page, '04-storm-warning');

      await expect
        .poll(async () => Number((await page.locator('body').getAttribute('data-alarm-count')) ?? 0), {
          timeout: 60_000,
        })
        .toBeGreaterThan(alarmsBefore);
      await page.click('button[data-nav=alerts]');
      await page.selectOption('select[name=type]', 'weather.warning');
      const card = page
        .locator('.alert-card[data-severity=danger]')
        .filter({ has: page.locator('.ack-button') })
        .first();
      await card.waitFor({ timeout: 30_000 });
      const alertId = await card.getAttribute('data-alert-id');
      await card.locator('.ack-button').click();
      await page.fill('.ack-form textarea', 'Đã gọi chủ tàu, tàu đang về cảng tránh bão');
      await page.click('.ack-form button[type=submit]');
      await page.waitForSelector(`.alert-card[data-alert-id="${alertId}"] .ack`);
      const stored = await page.request.get(`${system.baseUrl}/api/alerts/${encodeURIComponent(alertId!)}`);
      expect(stored.ok()).toBe(true);
      const body = (await stored.json()) as { alert: { acknowledgement: { comment: string } | null } };
      expect(body.alert.acknowledgement?.comment).toBe('Đã gọi chủ tàu, tàu đang về cảng tránh bão');
      await shot(page, '05-alert-acknowledged');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'replays a vessel track with the time slider and speed control',
    async () => {
      const atSea = (await liveVessels(page)).filter((v) => v.status !== 'in_port');
      await page.fill('input[name=q]', registrationDigits(atSea[0]!.registrationNumber!));
      await page.click(`.search-results button[data-vessel-id="${atSea[0]!.vesselId}"]`);
      await page.waitForSelector('[data-testid=replay-button]:not([disabled])', { timeout: 30_000 });
      await page.click('[data-testid=replay-button]');
      await page.getByTestId('replay-bar').waitFor();
      const start = Number(await page.getByTestId('replay-time').getAttribute('data-at-ms'));
      await page.selectOption('select[name=speed]', '3600');
      await page.click('[data-testid=replay-play]');
      await expect
        .poll(async () => Number(await page.getByTestId('replay-time').getAttribute('data-at-ms')), {
          timeout: 10_000,
        })
        .toBeGreaterThan(start + 3_600_000);
      await page.click('[data-testid=replay-play]');
      const slider = page.getByTestId('replay-slider');
      const max = Number(await slider.getAttribute('max'));
      await slider.fill(String(max));
      await expect
        .poll(async () => Number(await page.getByTestId('replay-time').getAttribute('data-at-ms')))
        .toBe(max);
      await shot(page, '06-track-replay');
      await page.getByTestId('replay-close').click();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'adds a port officer from the users panel',
    async () => {
      await page.click('button[data-nav=users]');
      await page.waitForSelector('#panel[data-panel=users] [data-user-id=admin]');
      await page.fill('input[name=newUsername]', 'lan');
      await page.fill('input[name=displayName]', 'Nguyễn Thị Lan');
      await page.fill('input[name=initialPassword]', 'mat-khau-ban-dau-1');
      await page.selectOption('select[name=role]', 'port_officer');
      await page.fill('input[name=scope]', 'vn-nha-trang');
      await page.click('.user-form button[type=submit]');
      await page.waitForSelector('[data-user-id=lan]');
      expect(await page.locator('[data-user-id=lan]').textContent()).toContain('port_officer: vn-nha-trang');
    },
    TEST_TIMEOUT_MS,
  );

  it('switches to English and keeps it', async () => {
    await page.getByTestId('language').click();
    await page.waitForSelector('#root[data-ready=true]', { timeout: 30_000 });
    expect(await page.locator('button[data-nav=alerts]').textContent()).toContain('Alerts');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.setViewportSize({ width: 390, height: 800 });
    await page.waitForTimeout(500);
    await shot(page, '07-english-phone');
    expect(consoleErrors).toEqual([]);
    // Only the visit before signing in asks who is logged in and hears 401.
    expect(failedResponses).toEqual(['401 /api/auth/me']);
  });
});
