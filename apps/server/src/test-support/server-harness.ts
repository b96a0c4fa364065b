import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectSocket, type Socket as ClientSocket } from 'socket.io-client';
import request from 'supertest';
import {
  TOPICS,
  alertId,
  type Alert,
  type AlertType,
  type PositionFix,
  type Vessel,
} from '@vesselwatch/domain';
import type { Bus } from '@vesselwatch/bus';
import {
  createScratchDatabase,
  openStore,
  type ScratchDatabase,
  type Store,
  type StoreConfig,
  type UserRoleGrant,
} from '@vesselwatch/store';
import { createServerApp } from '../app';
import { hashPassword } from '../auth/password';
import { createServerContext, type ServerContext } from '../server-context';
import { serverSettings, type ServerLogger, type ServerSettings } from '../settings';
import { startLiveServer, type LiveServer } from '../live/start-live';

/** A logger that keeps what it was told, so tests can assert on it (and nothing is swallowed). */
export function recordingLogger(): ServerLogger & {
  lines: Array<{ level: string; fields: unknown; message: string }>;
} {
  const lines: Array<{ level: string; fields: unknown; message: string }> = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export interface TestServer {
  url: string;
  http: HttpServer;
  store: Store;
  context: ServerContext;
  live: LiveServer | null;
  log: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

/**
 * One real server instance: the express app on an ephemeral loopback port, the given store, and (with a
 * bus) socket.io fed by its own consumer group on vms.live / vms.alerts.
 */
export async function startTestServer(options: {
  store: Store;
  bus?: Bus;
  settings?: Partial<ServerSettings>;
  now?: () => number;
  topics?: { live: string; alerts: string };
}): Promise<TestServer> {
  const log = recordingLogger();
  const context = createServerContext({
    store: options.store,
    settings: serverSettings({ liveFrameIntervalMs: 100, ...options.settings }),
    log,
    ...(options.now ? { now: options.now } : {}),
  });
  const app = createServerApp({
    system: { version: 'test', bus: 'test', database: 'test', fixStorage: 'plain', startedAtMs: 0 },
    readinessChecks: [],
    api: context,
  });
  const http = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const live = options.bus
    ? await startLiveServer(http, options.bus, context, options.topics ? { topics: options.topics } : {})
    : null;
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    http,
    store: options.store,
    context,
    live,
    log,
    close: async () => {
      await live?.close();
      http.closeAllConnections();
      await new Promise<void>((resolve, reject) => http.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

/** A new, uniquely named database on a PostgreSQL server, dropped by `drop()`. */
export function createServerDatabase(serverUrl: string): Promise<ScratchDatabase> {
  return createScratchDatabase(serverUrl, 'vw_server_test');
}

export async function openTestStore(config: StoreConfig = { embedded: {} }): Promise<Store> {
  return openStore(config);
}

export const TEST_PASSWORD = 'correct horse battery';

export async function createTestUser(
  store: Store,
  id: string,
  roles: UserRoleGrant[],
  options: { mustChangePassword?: boolean; password?: string } = {},
): Promise<void> {
  const created = await store.createUser({
    id,
    displayName: id,
    passwordHash: await hashPassword(options.password ?? TEST_PASSWORD),
    mustChangePassword: options.mustChangePassword ?? false,
    roles,
  });
  if (!created) throw new Error(`test user ${id} exists`);
}

/** A supertest agent logged in as the user (it keeps the session cookie), and the cookie itself. */
export async function loginAs(url: string, username: string, password = TEST_PASSWORD) {
  const agent = request.agent(url);
  const res = await agent.post('/api/auth/login').send({ username, password });
  if (res.status !== 200)
    throw new Error(`login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = res.headers['set-cookie'] as unknown as string[];
  const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
  return { agent, cookie };
}

/** A socket.io client with the session cookie; resolves when connected, rejects with the server's refusal. */
export function connectLive(url: string, cookie: string | null): Promise<ClientSocket> {
  const socket = connectSocket(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: cookie ? { Cookie: cookie } : {},
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

let registration = 50_000;

export function testVessel(id: string, homePortId: string, overrides: Partial<Vessel> = {}): Vessel {
  registration += 1;
  return {
    id,
    registrationNumber: `KH-${registration}-TS`,
    name: `Tàu ${id}`,
    flagState: 'VNM',
    lengthOverallM: 16,
    gear: 'longline',
    homePortId,
    owner: { name: `Chủ ${id}`, role: 'owner', phone: '+84912345678', language: 'vi' },
    contacts: [{ name: 'Thuyền trưởng', role: 'captain', phone: '+84987654321', language: 'vi' }],
    terminalIds: [`T-${id}`],
    expectedReportIntervalMs: 2 * 3_600_000,
    ...overrides,
  };
}

export function testFix(vesselId: string, reportedAtMs: number, lon: number, lat: number): PositionFix {
  return {
    vesselId,
    terminalId: `T-${vesselId}`,
    reportedAtMs,
    receivedAtMs: reportedAtMs + 1_000,
    position: [lon, lat],
    speedKnots: 7,
    courseDeg: 45,
    source: 'sim',
  };
}

export function testAlert(
  vesselId: string,
  type: AlertType,
  openedAtMs: number,
  overrides: Partial<Alert> = {},
): Alert {
  return {
    id: alertId(vesselId, type, openedAtMs, null),
    type,
    severity: 'warning',
    status: 'open',
    vesselId,
    zoneId: null,
    openedAtMs,
    lastUpdatedAtMs: openedAtMs,
    resolvedAtMs: null,
    openingFix: testFix(vesselId, openedAtMs, 109.5, 12.25),
    evidence: { distanceNm: 3.1, speedKnots: 7, courseDeg: 45 },
    zoneSetVersion: 'zs-test',
    acknowledgement: null,
    ...overrides,
  };
}

/** Stores fixes as the processor would (fixes, vessel state) and alerts. */
export async function storePositions(
  store: Store,
  fixes: PositionFix[],
  alerts: Alert[] = [],
): Promise<void> {
  await store.writeBatch({
    fixes,
    vesselStates: fixes.map((fix) => ({ fix, portId: null })),
    alerts,
  });
}

export const LIVE_TOPICS = [
  { topic: TOPICS.live, partitions: 3 },
  { topic: TOPICS.alerts, partitions: 3 },
];

/** Waits until `check` passes (polling), or fails with its last error after `timeoutMs`. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
