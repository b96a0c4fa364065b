import { io, type Socket } from 'socket.io-client';
import type { AlertFrame, PositionsFrame } from '../api/types';

export interface Viewport {
  west: number;
  south: number;
  east: number;
  north: number;
  zoom: number;
}

export interface LiveHandlers {
  positions(frame: PositionsFrame): void;
  alert(frame: AlertFrame): void;
  /** Connected (again): the app reloads a snapshot, since frames missed while away are gone. */
  connected(): void;
  disconnected(): void;
}

/**
 * The socket.io connection (path /socket.io, same session cookie as the REST API). The server sends
 * `positions` at most once a second with the latest item per vessel inside the last `viewport` we sent,
 * and `alert` for every alert transition.
 */
export class LiveConnection {
  private socket: Socket | null = null;
  private viewport: Viewport | null = null;

  constructor(private readonly handlers: LiveHandlers) {}

  connect(): void {
    if (this.socket) return;
    const socket = io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
    socket.on('connect', () => {
      if (this.viewport) socket.emit('viewport', this.viewport);
      this.handlers.connected();
    });
    socket.on('disconnect', () => this.handlers.disconnected());
    socket.on('connect_error', () => this.handlers.disconnected());
    socket.on('positions', (frame: PositionsFrame) => this.handlers.positions(frame));
    socket.on('alert', (frame: AlertFrame) => this.handlers.alert(frame));
    this.socket = socket;
  }

  setViewport(viewport: Viewport): void {
    this.viewport = viewport;
    if (this.socket?.connected) this.socket.emit('viewport', viewport);
  }

  close(): void {
    this.socket?.close();
    this.socket = null;
  }
}
