import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket as ClientSocket } from 'socket.io-client';
import { createBus, type Bus, type Producer } from '@vesselwatch/bus';
import { encodeAlertEvent, encodeLiveUpdate } from '@vesselwatch/codecs';
import { TOPICS, type AlertEvent, type LiveVesselUpdate } from '@vesselwatch/domain';
import type { Store } from '@vesselwatch/store';
import type { PositionsFrame } from '../live/live-hub';
import {
  LIVE_TOPICS,
  connectLive,
  createTestUser,
  eventually,
  loginAs,
  openTestStore,
  startTestServer,
  storePositions,
  testAlert,
  testFix,
  testVessel,
  type TestServer,
} from '../test-support/server-harness';

/**
 * What each role sees, through REST and socket.io, on a real database and bus: above all, an owner never
 * sees another owner's vessel, track or alert, however it asks.
 */
const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);
const A1 = testVessel('A1', 'port-a', { name: 'Minh Phat 01' });
const A2 = testVessel('A2', 'port-a', { name: 'Hoa Binh 02' });
const B1 = testVessel('B1', 'port-b', { name: 'Binh Minh 03' });
const WORLD = { west: -180, south: -90, east: 180, north: 90, zoom: 3 };

function liveUpdate(vesselId: string, reportedAtMs: number, lon: number): LiveVesselUpdate {
  return {
    vesselId,
    fix: testFix(vesselId, reportedAtMs, lon, 12),
    status: 'normal',
    portId: null,
    nearestForeignNm: 40,
    openAlertTypes: [],
    maxSeverity: null,
    updatedAtMs: reportedAtMs + 5_000,
  };
}

describe('role isolation through REST and socket.io', () => {
  let store: Store;
  let bus: Bus;
  let producer: Producer;
  let server: TestServer;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    store = await openTestStore();
    bus = createBus({ kind: 'in-process' });
    await bus.ensureTopics(LIVE_TOPICS);
    producer = await bus.producer();
    await store.upsertVessels([A1, A2, B1]);
    await storePositions(
      store,
      [testFix('A1', T0, 109.1, 12.1), testFix('A2', T0, 109.2, 12.2), testFix('B1', T0, 109.3, 12.3)],
      [
        testAlert('A1', 'border.approach', T0),
        testAlert('A2', 'border.approach', T0),
        testAlert('B1', 'signal.lost', T0),
      ],
    );
    await store.writeBatch({
      portCalls: ['A1', 'A2', 'B1'].map((vesselId) => ({
        vesselId,
        portId: 'port-a',
        arrivedAtMs: T0 - 3_600_000,
        departedAtMs: T0 - 600_000,
        arrivalPosition: null,
      })),
    });
    await createTestUser(store, 'minh', [{ role: 'owner', scope: 'A1' }]);
    await createTestUser(store, 'hoa', [{ role: 'owner', scope: 'A2' }]);
    await createTestUser(store, 'lan', [{ role: 'port_officer', scope: 'port-a' }]);
    await createTestUser(store, 'thu', [{ role: 'inspector', scope: '' }]);
    await createTestUser(store, 'vy', [{ role: 'viewer', scope: 'port-b' }]);
    server = await startTestServer({ store, bus, now: () => T0 + 3_600_000 });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
    await bus?.close();
    await store?.close();
  });

  it('an owner reads only its own vessel, track, positions, alerts and port calls through REST', async () => {
    const { agent } = await loginAs(server.url, 'minh');
    const vessels = await agent.get('/api/vessels').expect(200);
    expect(vessels.body.items.map((v: { id: string }) => v.id)).toEqual(['A1']);
    expect(vessels.body.items[0].owner.phone).toBe('+84912345678');
    expect((await agent.get('/api/vessels?q=hoa').expect(200)).body.items).toEqual([]);
    expect((await agent.get('/api/vessels?portId=port-a').expect(200)).body.items).toHaveLength(1);
    await agent.get('/api/vessels/A1').expect(200);
    for (const path of [
      '/api/vessels/A2',
      '/api/vessels/B1',
      '/api/vessels/A2/track',
      `/api/vessels/A2/track?from=${T0 - 1}&to=${T0 + 1}`,
      '/api/vessels/unregistered:sim:X/track',
      `/api/alerts/${encodeURIComponent(testAlert('A2', 'border.approach', T0).id)}`,
      `/api/alerts/${encodeURIComponent(testAlert('A2', 'border.approach', T0).id)}/deliveries`,
      '/api/port-calls?vesselId=A2',
    ]) {
      const res = await agent.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe('VW_ERR_NOT_FOUND');
    }
    const track = await agent.get(`/api/vessels/A1/track?from=${T0 - 1}&to=${T0 + 1}`).expect(200);
    expect(track.body.points).toHaveLength(1);
    const positions = await agent.get('/api/positions?bbox=100,0,120,20').expect(200);
    expect(positions.body.vessels.map((v: { vesselId: string }) => v.vesselId)).toEqual(['A1']);
    const alerts = await agent.get('/api/alerts').expect(200);
    expect(alerts.body.items.map((a: { vesselId: string }) => a.vesselId)).toEqual(['A1']);
    expect((await agent.get('/api/alerts?vesselId=A2').expect(200)).body.items).toEqual([]);
    const calls = await agent.get('/api/port-calls?portId=port-a').expect(200);
    expect(calls.body.items.map((c: { vesselId: string }) => c.vesselId)).toEqual(['A1']);
    // Reading is all an owner may do.
    const ownAlert = encodeURIComponent(testAlert('A1', 'border.approach', T0).id);
    const ack = await agent.post(`/api/alerts/${ownAlert}/acknowledge`).send({ comment: 'seen' }).expect(403);
    expect(ack.body.error.code).toBe('VW_ERR_FORBIDDEN');
    await agent.get(`/api/vessels/A1/evidence?from=${T0 - 1}&to=${T0 + 1}`).expect(403);
    await agent.get('/api/fleet/counts').expect(403);
    await agent.put('/api/vessels/A1').send(A1).expect(403);
    await agent.post('/api/storm-warnings').send({}).expect(403);
  });

  it('a port officer reads and acts on its port, an inspector reads everything, a viewer reads without contacts', async () => {
    const { agent: lan } = await loginAs(server.url, 'lan');
    expect(
      (await lan.get('/api/vessels').expect(200)).body.items.map((v: { id: string }) => v.id).sort(),
    ).toEqual(['A1', 'A2']);
    await lan.get('/api/vessels/B1').expect(404);
    const b1Alert = encodeURIComponent(testAlert('B1', 'signal.lost', T0).id);
    await lan.post(`/api/alerts/${b1Alert}/acknowledge`).send({ comment: 'x' }).expect(404);
    const a2Alert = encodeURIComponent(testAlert('A2', 'border.approach', T0).id);
    const acked = await lan
      .post(`/api/alerts/${a2Alert}/acknowledge`)
      .send({ comment: 'called the owner' })
      .expect(200);
    expect(acked.body.alert.acknowledgement).toMatchObject({ byUserId: 'lan', comment: 'called the owner' });
    expect(acked.body.audit.map((e: { action: string }) => e.action)).toEqual(['acknowledged']);
    const counts = await lan.get('/api/fleet/counts').expect(200);
    expect(counts.body.ports.map((p: { portId: string }) => p.portId)).toEqual(['port-a']);

    const { agent: thu } = await loginAs(server.url, 'thu');
    expect((await thu.get('/api/vessels').expect(200)).body.items).toHaveLength(3);
    await thu.post(`/api/alerts/${a2Alert}/resolve`).send({ comment: 'x' }).expect(403);
    await thu.get(`/api/vessels/B1/evidence?from=${T0 - 1}&to=${T0 + 1}`).expect(200);

    const { agent: vy } = await loginAs(server.url, 'vy');
    const seen = (await vy.get('/api/vessels').expect(200)).body.items;
    expect(seen.map((v: { id: string }) => v.id)).toEqual(['B1']);
    expect(seen[0].owner).toEqual({ name: 'Chủ B1', role: 'owner', language: 'vi' });
    expect(seen[0].contacts).toEqual([]);
  });

  it('socket.io refuses connections without a valid session', async () => {
    await expect(connectLive(server.url, null)).rejects.toMatchObject({
      data: { error: { code: 'VW_ERR_AUTH_REQUIRED' } },
    });
    await expect(connectLive(server.url, 'vw_session=made-up')).rejects.toMatchObject({
      data: { error: { code: 'VW_ERR_AUTH_REQUIRED' } },
    });
  });

  it('an owner never receives another vessel in a live frame or an alert event; frames are merged per vessel', async () => {
    const clients = await Promise.all(
      ['minh', 'hoa', 'lan', 'thu'].map(async (user) => {
        const { cookie } = await loginAs(server.url, user);
        const socket = await connectLive(server.url, cookie);
        sockets.push(socket);
        const frames: PositionsFrame[] = [];
        const alerts: AlertEvent[] = [];
        const problems: unknown[] = [];
        socket.on('positions', (frame: PositionsFrame) => frames.push(frame));
        socket.on('alert', (event: AlertEvent) => alerts.push(event));
        socket.on('problem', (problem: unknown) => problems.push(problem));
        socket.emit('viewport', WORLD);
        return { user, socket, frames, alerts, problems };
      }),
    );
    const [minh, hoa, lan, thu] = clients as [
      (typeof clients)[0],
      (typeof clients)[0],
      (typeof clients)[0],
      (typeof clients)[0],
    ];
    // Let the viewports arrive before the updates.
    await eventually(() => expect(server.live!.hub.statistics().clients).toBe(4));
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Ten fixes of each vessel in quick succession: far more than one per frame interval.
    const t = T0 + 60_000;
    for (let i = 0; i < 10; i++) {
      await producer.send(
        TOPICS.live,
        ['A1', 'A2', 'B1'].map((id) => ({
          key: id,
          value: encodeLiveUpdate(liveUpdate(id, t + i * 1_000, 109 + i / 100)),
        })),
      );
    }
    const events = ['A1', 'A2', 'B1'].map((id) => ({
      transition: 'opened' as const,
      alert: testAlert(id, 'border.crossed', t, { severity: 'danger' }),
    }));
    await producer.send(
      TOPICS.alerts,
      events.map((event) => ({ key: event.alert.vesselId, value: encodeAlertEvent(event) })),
    );
    // A redelivered event reaches nobody twice.
    await producer.send(TOPICS.alerts, [{ key: 'A1', value: encodeAlertEvent(events[0]!) }]);

    const vesselsIn = (frames: PositionsFrame[]) =>
      new Set(frames.flatMap((f) => f.updates.map((u) => u.vesselId)));
    await eventually(() => {
      expect(vesselsIn(thu.frames)).toEqual(new Set(['A1', 'A2', 'B1']));
      expect(thu.alerts).toHaveLength(3);
      expect(vesselsIn(lan.frames)).toEqual(new Set(['A1', 'A2']));
      expect(lan.alerts).toHaveLength(2);
      expect(vesselsIn(minh.frames)).toEqual(new Set(['A1']));
      expect(vesselsIn(hoa.frames)).toEqual(new Set(['A2']));
    });
    // Wait for one more interval: nothing else may trickle in.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(vesselsIn(minh.frames)).toEqual(new Set(['A1']));
    expect(minh.alerts.map((e) => e.alert.vesselId)).toEqual(['A1']);
    expect(vesselsIn(hoa.frames)).toEqual(new Set(['A2']));
    expect(hoa.alerts.map((e) => e.alert.vesselId)).toEqual(['A2']);
    expect(thu.alerts).toHaveLength(3);

    // Merged: at most one entry per vessel per frame, fewer frames than fixes, and the newest fix last.
    for (const frame of thu.frames) {
      const ids = frame.updates.map((u) => u.vesselId);
      expect(new Set(ids).size).toBe(ids.length);
    }
    const a1Updates = thu.frames.flatMap((f) => f.updates.filter((u) => u.vesselId === 'A1'));
    expect(a1Updates.length).toBeLessThan(10);
    expect(a1Updates.at(-1)!.fix.reportedAtMs).toBe(t + 9_000);
    expect(a1Updates.at(-1)).toMatchObject({
      registrationNumber: A1.registrationNumber,
      name: 'Minh Phat 01',
    });
    expect(minh.problems).toEqual([]);
  });

  it('frames only what is inside the viewport, and answers a bad viewport with a problem event', async () => {
    const { cookie } = await loginAs(server.url, 'thu');
    const socket = await connectLive(server.url, cookie);
    sockets.push(socket);
    const frames: PositionsFrame[] = [];
    const problems: Array<{ error: { code: string } }> = [];
    socket.on('positions', (frame: PositionsFrame) => frames.push(frame));
    socket.on('problem', (problem: { error: { code: string } }) => problems.push(problem));
    socket.emit('viewport', { west: 'x' });
    await eventually(() => expect(problems[0]?.error.code).toBe('VW_ERR_INPUT_INVALID'));
    socket.emit('viewport', { west: 108.9, south: 11, east: 109.05, north: 13, zoom: 9 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const t = T0 + 120_000;
    await producer.send(TOPICS.live, [
      { key: 'A1', value: encodeLiveUpdate(liveUpdate('A1', t, 109.0)) },
      { key: 'A2', value: encodeLiveUpdate(liveUpdate('A2', t, 109.5)) },
    ]);
    await eventually(() => expect(frames.length).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(frames.flatMap((f) => f.updates.map((u) => u.vesselId))).toEqual(['A1']);
  });

  it('disconnects a socket when its session logs out', async () => {
    const { agent, cookie } = await loginAs(server.url, 'hoa');
    const socket = await connectLive(server.url, cookie);
    sockets.push(socket);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await agent.post('/api/auth/logout').expect(204);
    expect(await disconnected).toBe('io server disconnect');
  });
});
