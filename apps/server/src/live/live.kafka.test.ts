import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket as ClientSocket } from 'socket.io-client';
import { KafkaBus, type Producer } from '@vesselwatch/bus';
import { encodeAlertEvent, encodeLiveUpdate } from '@vesselwatch/codecs';
import type { AlertEvent, LiveVesselUpdate } from '@vesselwatch/domain';
import type { Store } from '@vesselwatch/store';
import { requireService } from '@vesselwatch/testkit';
import type { PositionsFrame } from './live-hub';
import {
  connectLive,
  createServerDatabase,
  createTestUser,
  eventually,
  loginAs,
  openTestStore,
  startTestServer,
  testAlert,
  testFix,
  testVessel,
  type TestServer,
} from '../test-support/server-harness';

/**
 * Two server instances behind an imaginary load balancer, on the real Kafka broker and PostgreSQL server:
 * each consumes vms.live and vms.alerts with its own consumer group, so a client on either instance gets
 * every update its role allows, and the owner on either instance still sees only its own vessel.
 * Missing services fail this suite under CI=true (requireService).
 */
const kafka = await requireService('kafka');
const postgres = await requireService('postgres');

const T0 = Date.UTC(2026, 10, 21, 0, 0, 0);
const WORLD = { west: -180, south: -90, east: 180, north: 90, zoom: 2 };

function update(vesselId: string, reportedAtMs: number): LiveVesselUpdate {
  return {
    vesselId,
    fix: testFix(vesselId, reportedAtMs, 109.4, 12.4),
    status: 'near_border',
    portId: null,
    nearestForeignNm: 4.2,
    openAlertTypes: ['border.approach'],
    maxSeverity: 'warning',
    updatedAtMs: reportedAtMs,
  };
}

describe.skipIf(!kafka || !postgres)('live map on Kafka and PostgreSQL, two server instances', () => {
  const prefix = `vw-server-test-${randomBytes(4).toString('hex')}`;
  const topics = { live: `${prefix}.live`, alerts: `${prefix}.alerts` };
  let database: Awaited<ReturnType<typeof createServerDatabase>>;
  let store: Store;
  let busA: KafkaBus;
  let busB: KafkaBus;
  let producer: Producer;
  let servers: TestServer[] = [];
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    database = await createServerDatabase(postgres!.address);
    store = await openTestStore({ url: database.url });
    await store.upsertVessels([testVessel('K1', 'port-k'), testVessel('K2', 'port-k')]);
    await createTestUser(store, 'owner1', [{ role: 'owner', scope: 'K1' }]);
    await createTestUser(store, 'inspector', [{ role: 'inspector', scope: '' }]);
    const kafkaBus = () =>
      new KafkaBus({
        brokers: kafka!.address.split(','),
        clientId: 'vesselwatch-server-test',
        logLevel: 'error',
        consumerTuning: {
          sessionTimeoutMs: 6_000,
          heartbeatIntervalMs: 500,
          rebalanceTimeoutMs: 6_000,
          maxWaitTimeMs: 100,
        },
      });
    busA = kafkaBus();
    busB = kafkaBus();
    await busA.ensureTopics([
      { topic: topics.live, partitions: 3 },
      { topic: topics.alerts, partitions: 3 },
    ]);
    producer = await busA.producer();
    servers = [
      await startTestServer({ store, bus: busA, topics, settings: { instanceId: `${prefix}-a` } }),
      await startTestServer({ store, bus: busB, topics, settings: { instanceId: `${prefix}-b` } }),
    ];
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const server of servers) await server.close().catch(() => undefined);
    await busA?.close();
    await busB?.close();
    await store?.close();
    await database?.drop();
  });

  it('serves every client from either instance, each filtered by role', async () => {
    const clients: Array<{ user: string; frames: PositionsFrame[]; alerts: AlertEvent[] }> = [];
    for (const [user, server] of [
      ['owner1', servers[0]!],
      ['owner1', servers[1]!],
      ['inspector', servers[0]!],
      ['inspector', servers[1]!],
    ] as const) {
      // A session made on one instance is valid on the other: it lives in the shared database.
      const { cookie } = await loginAs(servers[0]!.url, user);
      const socket = await connectLive(server.url, cookie);
      sockets.push(socket);
      const frames: PositionsFrame[] = [];
      const alerts: AlertEvent[] = [];
      socket.on('positions', (frame: PositionsFrame) => frames.push(frame));
      socket.on('alert', (event: AlertEvent) => alerts.push(event));
      socket.emit('viewport', WORLD);
      clients.push({ user, frames, alerts });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Each instance's consumer group starts at the newest messages: publish until both have joined and seen some.
    let round = 0;
    await eventually(async () => {
      round += 1;
      await producer.send(topics.live, [
        { key: 'K1', value: encodeLiveUpdate(update('K1', T0 + round * 1_000)) },
        { key: 'K2', value: encodeLiveUpdate(update('K2', T0 + round * 1_000)) },
      ]);
      await producer.send(topics.alerts, [
        {
          key: 'K1',
          value: encodeAlertEvent({
            transition: 'opened',
            alert: testAlert('K1', 'border.approach', T0 + round),
          }),
        },
        {
          key: 'K2',
          value: encodeAlertEvent({
            transition: 'opened',
            alert: testAlert('K2', 'border.approach', T0 + round),
          }),
        },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const client of clients) {
        expect(client.frames.length).toBeGreaterThan(0);
        expect(client.alerts.length).toBeGreaterThan(0);
      }
      const inspectors = clients.filter((c) => c.user === 'inspector');
      for (const c of inspectors) {
        expect(new Set(c.frames.flatMap((f) => f.updates.map((u) => u.vesselId)))).toEqual(
          new Set(['K1', 'K2']),
        );
        expect(new Set(c.alerts.map((e) => e.alert.vesselId))).toEqual(new Set(['K1', 'K2']));
      }
    }, 60_000);
    for (const owner of clients.filter((c) => c.user === 'owner1')) {
      expect(new Set(owner.frames.flatMap((f) => f.updates.map((u) => u.vesselId)))).toEqual(new Set(['K1']));
      expect(new Set(owner.alerts.map((e) => e.alert.vesselId))).toEqual(new Set(['K1']));
    }
    for (const server of servers) expect(server.live!.feed.stats.undecodable).toBe(0);
  }, 120_000);
});
