import { Writable } from 'node:stream';
import { pino } from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { useAllInOne } from './test-support/all-in-one-for-tests';
import type { PositionsFrame } from '@vesselwatch/server';

/**
 * The server's part of the all-in-one system, end to end: the first start creates the admin with a one-time
 * password in the log; the newcomer logs in, must change it, then sees the simulated fleet through REST and
 * receives merged live frames over socket.io, fed by the real processor's vms.live on the in-process bus.
 */
describe('all-in-one server: first login and the live map', () => {
  const logLines: Array<Record<string, unknown>> = [];
  let socket: Socket | undefined;

  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  const running = useAllInOne(
    'server',
    {
      VW_SIM_VESSELS: '30',
      VW_SIM_HISTORY_H: '6',
      VW_SIM_SPEED: '3600',
      VW_SIM_REPORT_INTERVAL_S: '600',
      VW_LIVE_FRAME_INTERVAL_MS: '200',
    },
    pino({ level: 'warn' }, sink),
  );

  afterAll(() => {
    socket?.close();
  });

  it('prints a one-time admin password once; with it the newcomer logs in and must set a new one', async () => {
    const firstStart = logLines.filter((line) => String(line['msg']).startsWith('first start'));
    expect(firstStart).toHaveLength(1);
    const password = firstStart[0]!['oneTimePassword'] as string;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const login = await fetch(`${running().url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const blocked = await fetch(`${running().url}/api/positions?bbox=95,0,125,25`, { headers: { cookie } });
    expect(blocked.status).toBe(403);
    const changed = await fetch(`${running().url}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ currentPassword: password, newPassword: 'the newcomer chose this' }),
    });
    expect(changed.status).toBe(200);

    const zones = (await (await fetch(`${running().url}/api/zones`, { headers: { cookie } })).json()) as {
      version: string;
      attribution: string[];
    };
    expect(zones.version).toMatch(/^default-/);
    expect(zones.attribution).toEqual(
      expect.arrayContaining(['© OpenStreetMap contributors (ODbL 1.0)', 'Made with Natural Earth']),
    );
    const vessels = (await (
      await fetch(`${running().url}/api/vessels?limit=1000`, { headers: { cookie } })
    ).json()) as {
      items: unknown[];
    };
    expect(vessels.items).toHaveLength(30);

    // The live map: frames of the simulated fleet, from the processor through vms.live.
    socket = connectSocket(running().url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie },
    });
    const frames: PositionsFrame[] = [];
    socket.on('positions', (frame: PositionsFrame) => frames.push(frame));
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', resolve);
      socket!.once('connect_error', reject);
    });
    socket.emit('viewport', { west: 95, south: 0, east: 125, north: 25, zoom: 5 });
    const deadline = Date.now() + 60_000;
    while (frames.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(frames.length).toBeGreaterThanOrEqual(2);
    for (const frame of frames) {
      const ids = frame.updates.map((u) => u.vesselId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const u of frame.updates) expect(u.registrationNumber).toMatch(/-TS$/);
    }
    const positions = (await (
      await fetch(`${running().url}/api/positions?bbox=95,0,125,25`, { headers: { cookie } })
    ).json()) as { vessels: Array<{ vesselId: string; status: string }> };
    expect(positions.vessels.length).toBeGreaterThan(0);
  }, 120_000);
});
