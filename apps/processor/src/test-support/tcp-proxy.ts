import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between a client under test and a real server (here: the processor and PostgreSQL), so a
 * test can cut the connection for a while without touching the shared server: `cut()` drops every
 * connection and refuses new ones, `restore()` accepts again on the same port. `delayMs` holds each
 * chunk from the client that long before forwarding it (a slow network), to widen the window in which a
 * process is in the middle of a database transaction.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private portNumber = 0;

  private constructor(
    private readonly target: { host: string; port: number },
    private readonly delayMs: number,
  ) {}

  static async start(
    target: { host: string; port: number },
    options: { delayMs?: number } = {},
  ): Promise<TcpProxy> {
    const proxy = new TcpProxy(target, options.delayMs ?? 0);
    await proxy.listen(0);
    return proxy;
  }

  get port(): number {
    return this.portNumber;
  }

  /** Drops every open connection (both ends see a reset) and stops accepting new ones. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Accepts connections again, on the same port. */
  async restore(): Promise<void> {
    if (!this.server) await this.listen(this.portNumber);
  }

  close(): Promise<void> {
    return this.cut();
  }

  private async listen(port: number): Promise<void> {
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP port');
    this.portNumber = address.port;
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.target);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('data', (chunk) => {
      if (this.delayMs === 0) upstream.write(chunk);
      else setTimeout(() => upstream.writable && upstream.write(chunk), this.delayMs);
    });
  }
}
