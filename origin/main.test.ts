import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { startTestOrigin, type TestOrigin } from '../test/support/origin';
import { catalogReads } from './catalog/read-model';
import { createOrigin } from './main';
import { loadConfig } from './platform/config/config';
import { silentLogger } from './platform/logger';

describe('the reader (read/write separation)', () => {
  let t: TestOrigin;
  beforeAll(async () => {
    t = await startTestOrigin();
  });
  afterAll(() => t.close());

  it('is the primary itself when no replica is configured', () => {
    expect(t.origin.ctx.reader).toBe(t.origin.ctx.db);
    expect(catalogReads(t.origin.ctx).db).toBe(t.origin.ctx.db);
  });
});

describe('a replica for an embedded database', () => {
  it('is refused at start-up, before anything is opened, when DATABASE_REPLICA_URL is set', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: 'memory://',
      DATABASE_REPLICA_URL: 'postgres://u:secret@replica/shop',
    });
    await expect(createOrigin(config, { log: silentLogger })).rejects.toThrow(
      /DATABASE_REPLICA_URL needs a PostgreSQL or Neon primary.*PGlite has no replicas/,
    );
  });

  it('is refused when a test injects one next to a PGlite database', async () => {
    const fake = (kind: DatabaseHandle['kind']) =>
      ({ kind, description: kind, close: async () => {} }) as unknown as DatabaseHandle;
    await expect(
      createOrigin(loadConfig({ NODE_ENV: 'test' }), {
        database: fake('pglite'),
        replica: fake('postgres'),
        log: silentLogger,
      }),
    ).rejects.toThrow(/PGlite has no replicas/);
  });
});
