/**
 * A TCP proxy in front of the origin that closes idle keep-alive connections aggressively, the
 * way a server with a very short idle timeout does, including the unlucky case: the close
 * crossing a request the client just sent on the idle connection it reused. A request that
 * arrives on a connection idle for at least `raceMs` is never forwarded: the connection is
 * dropped under it (the client sees "Network connection lost."). A connection idle for
 * `idleMs` is closed outright (FIN), as an idle timeout does. New connections always pass.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface ClosingProxy {
  url: string;
  /** Requests dropped on a reused idle connection, and idle connections closed. */
  counts: { dropped: number; closedIdle: number; connections: number };
  close(): Promise<void>;
}

export async function startClosingProxy(options: {
  port: number;
  targetPort: number;
  raceMs: number;
  idleMs: number;
}): Promise<ClosingProxy> {
  const counts = { dropped: 0, closedIdle: 0, connections: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    counts.connections++;
    const upstream = connect(options.targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    let lastActivity = Date.now();
    let used = false;
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    const idle = setInterval(() => {
      if (Date.now() - lastActivity < options.idleMs) return;
      counts.closedIdle++;
      clearInterval(idle);
      client.end();
      upstream.end();
    }, 5);
    client.on('data', (chunk) => {
      if (used && Date.now() - lastActivity >= options.raceMs) {
        counts.dropped++;
        drop();
        return;
      }
      used = true;
      lastActivity = Date.now();
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      lastActivity = Date.now();
      client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', drop);
      socket.on('close', () => {
        clearInterval(idle);
        sockets.delete(socket);
        drop();
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
