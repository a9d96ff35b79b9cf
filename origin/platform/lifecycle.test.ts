/**
 * Readiness and the drain as the load balancer sees them: `/health/ready` is 200 while the
 * database, cache and queue answer, 503 naming what does not (or `draining`), and the drain
 * waits for the requests in flight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { Lifecycle } from './lifecycle';

describe('origin health and lifecycle', () => {
  let t: TestOrigin;
  beforeAll(async () => {
    t = await startTestOrigin();
  });
  afterAll(() => t?.close());

  it('is live and ready with database, cache and queue reachable', async () => {
    const live = await t.origin.app.request('/health/live');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await t.origin.app.request('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', cache: 'ok', queue: 'ok' } });
  });

  it('reports 503 not_ready naming the dependency that fails or hangs', async () => {
    const lifecycle = new Lifecycle(
      [
        { name: 'database', probe: async () => 1 },
        { name: 'cache', probe: () => Promise.reject(new Error('ECONNREFUSED')) },
        { name: 'queue', probe: () => new Promise(() => {}) },
      ],
      50,
    );
    const state = await lifecycle.readiness();
    expect(state).toEqual({
      ready: false,
      draining: false,
      checks: { database: 'ok', cache: 'failing', queue: 'timeout' },
    });
  });

  it('while draining: not ready, still serving, and idle only once the requests in flight are done', async () => {
    const lifecycle = new Lifecycle([{ name: 'database', probe: async () => 1 }]);
    expect((await lifecycle.readiness()).ready).toBe(true);
    let finish = () => {};
    const inFlight = lifecycle.track({} as never, () => new Promise<void>((resolve) => (finish = resolve)));
    expect(lifecycle.active).toBe(1);
    lifecycle.startDraining();
    expect(await lifecycle.readiness()).toEqual({ ready: false, draining: true, checks: { database: 'ok' } });
    let idle = false;
    const idled = lifecycle.whenIdle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    finish();
    await inFlight;
    await idled;
    expect(lifecycle.active).toBe(0);
  });

  it('answers 503 draining on /health/ready of a draining origin, with the error shape', async () => {
    const other = await startTestOrigin();
    try {
      other.origin.lifecycle.startDraining();
      const res = await other.origin.app.request('/health/ready');
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string }; status: string };
      expect(body.error.code).toBe('not_ready');
      expect(body.status).toBe('draining');
      // Still serving while the balancer takes it out of rotation.
      expect((await other.origin.app.request('/health/live')).status).toBe(200);
      expect((await other.origin.app.request('/openapi.json')).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
