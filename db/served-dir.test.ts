import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { serveDatabase } from './local-server';
import { announce, claim, servedAt, serverFileFor } from './served-dir';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'edgeshop-served-'));
  dirs.push(dir);
  return join(dir, 'pglite');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('served PGlite directories', () => {
  it('reaches an announced directory through its server instead of opening it a second time', async () => {
    const dir = tempDir();
    const owner = await openDatabase(`pglite://${dir}`, { embedded: true });
    const server = await serveDatabase(owner.pglite as NonNullable<typeof owner.pglite>);
    const withdraw = announce(dir, server.url);
    try {
      await owner.db.execute(sql`create table marker (v text)`);
      await owner.db.execute(sql`insert into marker values ('written by the owner')`);
      const other = await openDatabase(`pglite://${dir}`);
      try {
        expect(other.kind).toBe('postgres');
        expect(other.pglite).toBeUndefined();
        expect(other.description).toBe(`pglite:${dir} (served at ${server.url})`);
        const { rows } = (await other.db.execute(sql`select v from marker`)) as unknown as { rows: { v: string }[] };
        expect(rows).toEqual([{ v: 'written by the owner' }]);
      } finally {
        await other.close();
      }
    } finally {
      withdraw();
      await server.close();
      await owner.close();
    }
    expect(existsSync(serverFileFor(dir))).toBe(false);
  });

  it('ignores and removes an announcement whose process is gone or whose port does not answer', async () => {
    const dir = tempDir();
    const file = serverFileFor(dir);
    // a pid that cannot be alive (above the kernel's maximum)
    writeFileSync(file, JSON.stringify({ pid: 2 ** 30, url: 'postgres://postgres@127.0.0.1:1/postgres' }));
    expect(await servedAt(dir)).toBeNull();
    expect(existsSync(file)).toBe(false);
    // a live pid (this process) but nothing listening: a reboot or a reused pid
    writeFileSync(file, JSON.stringify({ pid: process.pid, url: 'postgres://postgres@127.0.0.1:1/postgres' }));
    expect(await servedAt(dir)).toBeNull();
    expect(existsSync(file)).toBe(false);
    // so the directory opens embedded again
    const handle = await openDatabase(`pglite://${dir}`);
    expect(handle.kind).toBe('pglite');
    await handle.close();
  });

  it('withdraws only its own announcement', () => {
    const dir = tempDir();
    const withdraw = announce(dir, 'postgres://postgres@127.0.0.1:5433/postgres');
    writeFileSync(serverFileFor(dir), JSON.stringify({ pid: process.pid + 1, url: 'postgres://x@127.0.0.1:5434/y' }));
    withdraw();
    expect(existsSync(serverFileFor(dir))).toBe(true);
  });

  it('lets one process claim a directory; a second claim fails while the first lives', () => {
    const dir = tempDir();
    const first = claim(dir);
    expect(() => claim(dir)).toThrow(/already served/);
    first.withdraw();
    claim(dir).withdraw(); // free again
    // a claim left by a process that is gone is taken over
    writeFileSync(serverFileFor(dir), JSON.stringify({ pid: 2 ** 30, url: null }));
    claim(dir).withdraw();
  });

  it('waits for a claimed directory that is still starting to be served', async () => {
    const dir = tempDir();
    const claimed = claim(dir);
    const own = await openDatabase(`pglite://${dir}`, { embedded: true });
    const server = await serveDatabase(own.pglite as NonNullable<typeof own.pglite>);
    try {
      const found = servedAt(dir);
      setTimeout(() => claimed.announce(server.url), 200);
      expect(await found).toEqual({ pid: process.pid, url: server.url });
    } finally {
      claimed.withdraw();
      await server.close();
      await own.close();
    }
  });
});
