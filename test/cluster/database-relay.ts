/** The fault injector of the cluster tests: a TCP relay between the origins and PostgreSQL. */
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

/** A TCP relay in front of PostgreSQL: the fault injector of (c). `cut()` drops every connection and refuses new ones. */
export class DatabaseRelay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private open = true;
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}
  async start(): Promise<void> {
    this.server = createServer((client) => {
      if (!this.open) {
        client.destroy();
        return;
      }
      const upstream = tcpConnect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
  }
  cut(): void {
    this.open = false;
    for (const s of this.sockets) s.destroy();
  }
  restore(): void {
    this.open = true;
  }
  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
