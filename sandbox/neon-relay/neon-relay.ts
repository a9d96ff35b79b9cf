/**
 * Stands in for Neon's WebSocket proxy, the front door of the serverless Postgres production
 * uses (`DATABASE_DRIVER=neon`), in front of a local PostgreSQL. The subset it speaks: the one
 * endpoint `@neondatabase/serverless` opens, a WebSocket to `/v1?address=host:port` carrying
 * the ordinary PostgreSQL wire protocol in binary frames, with no TLS, no password pipelining
 * and loopback addresses only; the relay pipes those bytes to a TCP socket and back. Neon's
 * HTTP `/sql` endpoint is not served. The product opens a Neon URL exactly as in production;
 * only `neonConfig` points it here (`useNeonRelay`, or neon-preload.ts for a Bun process).
 */
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { neonConfig } from '@neondatabase/serverless';
import WebSocket, { WebSocketServer } from 'ws';

export interface NeonRelay {
  /** `ws://127.0.0.1:<port>/v1`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Starts the relay on a free loopback port. It only dials loopback addresses. */
export async function startNeonRelay(): Promise<NeonRelay> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/v1' });
  server.on('connection', (ws, req) => {
    const address = new URL(req.url ?? '', 'http://relay').searchParams.get('address') ?? '';
    const at = address.lastIndexOf(':');
    const host = address.slice(0, at).replace(/^\[|\]$/g, '');
    const port = Number(address.slice(at + 1));
    if (!LOOPBACK.has(host) || !Number.isInteger(port) || port <= 0) {
      ws.close(1008, `refusing to relay to "${address}"`);
      return;
    }
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    // Bytes the client sends before the TCP connection is up are queued by the socket itself.
    ws.on('message', (data: Buffer) => socket.write(data));
    socket.on('data', (chunk) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(chunk, { binary: true });
    });
    ws.on('close', () => socket.end());
    ws.on('error', () => socket.destroy());
    socket.on('close', () => ws.close());
    socket.on('error', () => ws.terminate());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/v1`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of server.clients) ws.terminate();
        server.close(() => resolve());
      }),
  };
}

/**
 * Points `@neondatabase/serverless` (a module-global `neonConfig`) at a relay on `relayPort`:
 * plain ws, no TLS inside or outside, no pipelined start-up (that needs a password to send
 * blind). Every Pool/Client created afterwards in this process uses it.
 */
export function useNeonRelay(relayPort: number): void {
  neonConfig.webSocketConstructor = WebSocket;
  neonConfig.wsProxy = (host, port) => `127.0.0.1:${relayPort}/v1?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  neonConfig.forceDisablePgSSL = true;
  // Coalescing waits a tick to batch writes: pure latency on loopback.
  neonConfig.coalesceWrites = false;
}
