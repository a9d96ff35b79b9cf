import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type BulkheadLimits, Bulkheads, bulkhead, bulkheadLimits, type RouteClass } from './bulkhead';

const limits = (overrides: Partial<BulkheadLimits> = {}): BulkheadLimits => ({
  total: 4,
  auxiliary: 2,
  background: 1,
  saturationAt: 3,
  queue: 2,
  maxWaitMs: 200,
  ...overrides,
});

/** A request held open until released by the test. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** An app whose every route waits on the gate of its path, classified by the first segment. */
function appWith(bulkheads: Bulkheads) {
  const gates = new Map<string, ReturnType<typeof gate>>();
  const app = new Hono();
  app.use(
    '*',
    bulkhead(bulkheads, (_m, path) =>
      (path.split('/')[1] as RouteClass | 'free') === 'free' ? null : (path.split('/')[1] as RouteClass),
    ),
  );
  app.get('/:cls/:n', async (c) => {
    const g = gates.get(c.req.path) ?? gate();
    gates.set(c.req.path, g);
    await g.opened;
    return c.text('done');
  });
  const hold = (path: string) => {
    const g = gate();
    gates.set(path, g);
    return { response: app.request(path), release: g.open };
  };
  return { app, hold };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('bulkheads', () => {
  it('sheds auxiliary requests at once when the instance is saturated, while core requests still get in', async () => {
    const heads = new Bulkheads(limits());
    const { hold } = appWith(heads);
    const core = [hold('/core/1'), hold('/core/2'), hold('/core/3')];
    await settle();
    expect(heads.snapshot()).toMatchObject({ core: 3, inFlight: 3 });
    const shed = await hold('/auxiliary/1').response;
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('1');
    expect(await shed.json()).toMatchObject({ error: { code: 'overloaded' } });
    const fourth = hold('/core/4');
    await settle();
    expect(heads.snapshot().core).toBe(4);
    for (const r of [...core, fourth]) r.release();
    for (const r of [...core, fourth]) expect((await r.response).status).toBe(200);
    expect(heads.snapshot()).toMatchObject({ core: 0, auxiliary: 0, inFlight: 0 });
  });

  it('keeps auxiliary work to its share even when the instance is idle', async () => {
    const heads = new Bulkheads(limits({ queue: 0 }));
    const { hold } = appWith(heads);
    const held = [hold('/auxiliary/1'), hold('/auxiliary/2')];
    await settle();
    expect((await hold('/auxiliary/3').response).status).toBe(503);
    // Core still has the rest of the budget.
    const core = hold('/core/1');
    await settle();
    expect(heads.snapshot()).toMatchObject({ auxiliary: 2, core: 1 });
    for (const r of [...held, core]) r.release();
    await Promise.all([...held, core].map((r) => r.response));
  });

  it('queues a request over its limit briefly, lets waiting core in before auxiliary, and never queues without bound', async () => {
    const heads = new Bulkheads(limits({ total: 2, saturationAt: 2, auxiliary: 1, queue: 1, maxWaitMs: 5_000 }));
    const { hold } = appWith(heads);
    const first = hold('/core/1');
    const second = hold('/auxiliary/1');
    await settle();
    const waitingCore = hold('/core/2');
    await settle();
    expect(heads.snapshot()).toMatchObject({ inFlight: 2, waiting: 1 });
    // One more core request finds the queue of its class full.
    expect((await hold('/core/3').response).status).toBe(503);
    second.release();
    await settle();
    expect(heads.snapshot()).toMatchObject({ core: 2, auxiliary: 0, waiting: 0 });
    for (const r of [first, waitingCore]) r.release();
    expect((await waitingCore.response).status).toBe(200);
  });

  it('gives up on a request that waited too long, with 503', async () => {
    const heads = new Bulkheads(limits({ total: 1, saturationAt: 1, queue: 5, maxWaitMs: 30 }));
    const { hold } = appWith(heads);
    const first = hold('/core/1');
    await settle();
    const late = await hold('/core/2').response;
    expect(late.status).toBe(503);
    expect(heads.snapshot().waiting).toBe(0);
    first.release();
    await first.response;
  });

  it('limits queue pushes to their share and leaves unclassified requests alone', async () => {
    const heads = new Bulkheads(limits({ queue: 0 }));
    const { app, hold } = appWith(heads);
    const push = hold('/background/1');
    await settle();
    expect((await hold('/background/2').response).status).toBe(503);
    const free = hold('/free/1');
    await settle();
    expect(heads.snapshot().inFlight).toBe(1);
    free.release();
    expect((await free.response).status).toBe(200);
    push.release();
    await push.response;
    expect(app).toBeDefined();
  });

  it('frees a slot once however often it is released', async () => {
    const heads = new Bulkheads(limits());
    const release = await heads.acquire('core');
    release?.();
    release?.();
    expect(heads.snapshot()).toMatchObject({ core: 0, inFlight: 0 });
  });

  it('derives the limits from the total and the shares', () => {
    expect(bulkheadLimits(256, 0.25, 0.25)).toMatchObject({
      total: 256,
      auxiliary: 64,
      background: 64,
      saturationAt: 192,
    });
    expect(bulkheadLimits(4, 0.05, 0.05)).toMatchObject({ auxiliary: 1, background: 1, saturationAt: 3 });
  });
});
