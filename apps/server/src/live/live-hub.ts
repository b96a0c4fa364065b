import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import {
  VesselWatchError,
  alertEventKey,
  describeIssues,
  type AlertEvent,
  type LiveVesselUpdate,
} from '@vesselwatch/domain';
import type { AuthContext, AuthService } from '../auth/auth-service';
import { errorBody } from '../http/api-error';
import { viewOfUpdate, type LiveVesselView } from '../api/live-view';
import type { ServerLogger, ServerSettings } from '../settings';
import { FrameBuffer, RecentKeys, inViewport, type Viewport } from './frame-buffer';
import type { VesselDirectory } from './vessel-directory';

export const LIVE_PATH = '/socket.io';

export const ViewportSchema = z
  .object({
    west: z.number().min(-180).max(180),
    south: z.number().min(-90).max(90),
    east: z.number().min(-180).max(180),
    north: z.number().min(-90).max(90),
    zoom: z.number().min(0).max(24),
  })
  .refine((v) => v.south <= v.north, { message: 'south must not be above north', path: ['north'] });

/** A `positions` frame: the newest update of every vessel in the viewport since the previous frame. */
export interface PositionsFrame {
  atMs: number;
  updates: LiveVesselView[];
}

interface ClientState {
  auth: AuthContext;
  viewport: Viewport | null;
}

export interface LiveHubStats {
  clients: number;
  framesSent: number;
  updatesReceived: number;
  alertsSent: number;
}

/**
 * socket.io on /socket.io for the live map. A connection is accepted only with a valid `vw_session` cookie
 * (the same session as the REST API; a one-time password must be changed first). The client sends
 * `viewport` { west, south, east, north, zoom }; every `liveFrameIntervalMs` the hub sends each client one
 * `positions` frame with the newest update of each vessel inside its viewport that its roles let it read,
 * merged since the previous frame (never one message per fix; no frame when nothing changed). `alert`
 * (AlertEvent) goes to every client whose roles let it read the vessel, wherever it is. Sessions are
 * checked again every `liveSessionCheckMs`: a logged-out, expired or disabled session is disconnected.
 * Bad input is answered with a `problem` event ({ error: { code, message, details } }).
 */
export class LiveHub {
  readonly io: Server;
  private readonly clients = new Map<string, { socket: Socket; state: ClientState }>();
  private readonly buffer = new FrameBuffer();
  private readonly recentAlerts = new RecentKeys();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly stats: LiveHubStats = { clients: 0, framesSent: 0, updatesReceived: 0, alertsSent: 0 };

  constructor(
    httpServer: HttpServer,
    private readonly auth: AuthService,
    private readonly directory: VesselDirectory,
    private readonly settings: ServerSettings,
    private readonly log: ServerLogger,
    private readonly now: () => number,
  ) {
    this.io = new Server(httpServer, { path: LIVE_PATH, serveClient: false });
    this.io.use((socket, next) => {
      this.authenticate(socket.request.headers.cookie)
        .then((auth) => {
          socket.data['auth'] = auth;
          next();
        })
        .catch((error: unknown) => {
          if (!(error instanceof VesselWatchError)) {
            this.log.error({ err: error }, 'socket.io authentication failed with a bug');
            error = new VesselWatchError('VW_ERR_INTERNAL');
          }
          const known = error as VesselWatchError;
          next(Object.assign(new Error(known.message), { data: errorBody(known) }));
        });
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
    this.timers.push(setInterval(() => this.sendFrames(), settings.liveFrameIntervalMs));
    this.timers.push(setInterval(() => void this.recheckSessions(), settings.liveSessionCheckMs));
    for (const timer of this.timers) timer.unref();
  }

  private async authenticate(cookieHeader: string | undefined): Promise<AuthContext> {
    const auth = await this.auth.authenticate(cookieHeader);
    if (!auth) throw new VesselWatchError('VW_ERR_AUTH_REQUIRED');
    if (auth.user.mustChangePassword) throw new VesselWatchError('VW_ERR_PASSWORD_CHANGE_REQUIRED');
    return auth;
  }

  private onConnection(socket: Socket): void {
    const state: ClientState = { auth: socket.data['auth'] as AuthContext, viewport: null };
    this.clients.set(socket.id, { socket, state });
    this.stats.clients = this.clients.size;
    socket.on('viewport', (raw: unknown) => {
      const parsed = ViewportSchema.safeParse(raw);
      if (!parsed.success) {
        const problems = describeIssues(parsed.error);
        const error = new VesselWatchError('VW_ERR_INPUT_INVALID', {
          detail: `invalid viewport: ${problems.map((p) => `${p.path}: ${p.problem}`).join('; ')}`,
          details: { problems },
        });
        socket.emit('problem', errorBody(error));
        return;
      }
      state.viewport = parsed.data;
    });
    socket.on('disconnect', () => {
      this.clients.delete(socket.id);
      this.stats.clients = this.clients.size;
    });
  }

  /** A vms.live message: merged into the next frame. */
  acceptLiveUpdate(update: LiveVesselUpdate): void {
    this.stats.updatesReceived += 1;
    this.buffer.add(update);
  }

  /** A vms.alerts message: sent at once to every client that may read the vessel (repeats dropped). */
  acceptAlertEvent(event: AlertEvent): void {
    if (!this.recentAlerts.firstTime(alertEventKey(event))) return;
    const vessel = this.directory.get(event.alert.vesselId);
    for (const { socket, state } of this.clients.values()) {
      if (!state.auth.access.allows('read', vessel)) continue;
      socket.emit('alert', event);
      this.stats.alertsSent += 1;
    }
  }

  /** Sends each client its frame; called by the interval timer (and by tests). */
  sendFrames(): void {
    if (this.buffer.size === 0) return;
    const updates = this.buffer.take();
    const atMs = this.now();
    if (updates.some((update) => this.directory.get(update.vesselId) === null))
      this.directory.refreshSoon(atMs, (error) =>
        this.log.warn({ err: error }, 'refreshing the vessel directory failed; tried again later'),
      );
    const views = new Map<string, LiveVesselView>();
    for (const { socket, state } of this.clients.values()) {
      const { viewport, auth } = state;
      if (viewport === null) continue;
      const frame: LiveVesselView[] = [];
      for (const update of updates) {
        if (!inViewport(viewport, update.fix.position)) continue;
        const vessel = this.directory.get(update.vesselId);
        if (!auth.access.allows('read', vessel)) continue;
        let view = views.get(update.vesselId);
        if (!view) {
          view = viewOfUpdate(update, vessel);
          views.set(update.vesselId, view);
        }
        frame.push(view);
      }
      if (frame.length === 0) continue;
      socket.emit('positions', { atMs, updates: frame } satisfies PositionsFrame);
      this.stats.framesSent += 1;
    }
  }

  /** Disconnects clients whose session ended (logout, expiry, password change elsewhere, disabled user). */
  async recheckSessions(): Promise<void> {
    for (const { socket, state } of [...this.clients.values()]) {
      try {
        const current =
          this.now() >= state.auth.expiresAtMs
            ? null
            : await this.auth.authenticateSha256(state.auth.sessionSha256);
        if (current === null) {
          socket.emit('problem', errorBody(new VesselWatchError('VW_ERR_AUTH_REQUIRED')));
          socket.disconnect(true);
        } else {
          state.auth = current;
        }
      } catch (error) {
        this.log.warn(
          { err: error, socket: socket.id },
          'checking a live client session failed; kept for now',
        );
      }
    }
  }

  /** Disconnects this instance's clients of one session (after its logout here). */
  endSession(sessionSha256: string): void {
    for (const { socket, state } of [...this.clients.values()]) {
      if (state.auth.sessionSha256 !== sessionSha256) continue;
      socket.emit('problem', errorBody(new VesselWatchError('VW_ERR_AUTH_REQUIRED')));
      socket.disconnect(true);
    }
  }

  statistics(): LiveHubStats {
    return { ...this.stats };
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.io.disconnectSockets(true);
    // io.close() would also close the HTTP server, which belongs to the caller.
    this.io.engine.close();
  }
}
