/**
 * The start-up decision as an operator meets it: `bun origin/server.ts` with a given
 * environment refuses to start (exit code 1, never listening) and says why on stderr.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUN = join(ROOT, 'node_modules', '.bin', 'bun');

/** Runs the server with exactly `env` (plus PATH and HOME) until it exits. */
function runServer(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(BUN, ['origin/server.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bun origin/server.ts', () => {
  it('refuses to start without NODE_ENV and secrets, naming every missing setting', async () => {
    const run = await runServer({});
    expect(run.code).toBe(1);
    for (const name of ['INTERNAL_SECRET', 'ORDER_TOKEN_SECRET', 'AUTH_TOKEN_KEYS', 'DATABASE_URL']) {
      expect(run.stderr, name).toContain(`  ${name}: `);
    }
    expect(run.stderr).toContain('NODE_ENV is unset, so production rules apply');
    expect(run.stdout).not.toContain('listening');
  });

  it('refuses development defaults on a non-loopback address', async () => {
    const run = await runServer({ NODE_ENV: 'development', HOST: '0.0.0.0' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HOST: NODE_ENV=development uses development defaults.*not 0\.0\.0\.0/);
    expect(run.stdout).not.toContain('listening');
  });
});
