// Open-loop load at a fixed rate, for latency: `rate` requests per second, evenly spaced, over at
// most `connections` keep-alive connections. Each request's latency is measured from the moment
// it was due, not from when a connection was free to send it, so a server that stalls is charged
// for every request that waited behind the stall (no "coordinated omission", as wrk2 and k6's
// constant-arrival-rate do it).
//
// autocannon's own rate options do not pace: each connection sends its whole per-second quota
// at the start of every second, so all connections burst together and the latency measured is
// that burst's queue. Closed-loop runs at full speed (what the throughput targets use) measure
// the runtime's queueing at saturation instead; this measures a busy edge that is not overloaded.
import http from 'node:http';

/**
 * @param {string} url
 * @param {{ rate: number, seconds: number, connections: number, headers?: Record<string, string> }} options
 */
export async function pacedLoad(url, { rate, seconds, connections, headers = {} }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const total = Math.max(1, Math.round(rate * seconds));
  const latencies = new Float64Array(total);
  const settled = new Uint8Array(total);
  let done = 0;
  let non2xx = 0;
  let errors = 0;
  let maxSendLagMs = 0;
  const start = performance.now() + 20;
  const dueAt = (i) => start + (i * 1000) / rate;

  let finish = () => {};
  const finished = new Promise((resolve) => {
    finish = resolve;
  });
  const settle = (i, ok) => {
    if (settled[i]) return;
    settled[i] = 1;
    latencies[i] = performance.now() - dueAt(i);
    if (!ok) errors++;
    if (++done === total) finish();
  };
  const send = (i) => {
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, headers, agent },
      (res) => {
        if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode > 299) non2xx++;
        res.on('data', () => {});
        res.on('end', () => settle(i, true));
        res.on('error', () => settle(i, false));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => settle(i, false));
    req.end();
  };

  let next = 0;
  const tick = () => {
    const now = performance.now();
    while (next < total && dueAt(next) <= now) {
      maxSendLagMs = Math.max(maxSendLagMs, now - dueAt(next));
      send(next++);
    }
    if (next < total) setTimeout(tick, Math.max(0, Math.min(1, dueAt(next) - performance.now())));
  };
  tick();
  await finished;
  agent.destroy();

  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (q) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1));
  return {
    rate,
    requests: total,
    latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: at(1) },
    non2xx,
    errors,
    /** How late this process itself sent a request: a large value means the load generator, not the server, lagged. */
    maxSendLagMs: Number(maxSendLagMs.toFixed(1)),
  };
}
