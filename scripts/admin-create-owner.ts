/**
 * Creates the shop's first owner: `bun scripts/admin-create-owner.ts --email a@b.c [--name N] [--force]`
 * (`npm run admin:create-owner -- --email a@b.c`). The password comes from `OWNER_PASSWORD`,
 * or is asked for (not echoed) on a terminal; it is never printed. Opens `DATABASE_URL` like
 * the origin and applies migrations first, so it works before the origin ever started.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { createOwner } from '../origin/members/create-owner';
import { DEFAULT_PASSWORD_ITERATIONS } from '../origin/platform/credentials/password';

const USAGE = 'usage: bun scripts/admin-create-owner.ts --email <email> [--name <name>] [--force]';

/** Reads a line from the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stdout.write(question);
    output._writeToOutput = () => {};
    rl.question('', (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function readPassword(): Promise<string | null> {
  if (process.env.OWNER_PASSWORD) return process.env.OWNER_PASSWORD;
  if (!process.stdin.isTTY) return null;
  const first = await askHidden('Password for the owner (12+ characters): ');
  const again = await askHidden('Again: ');
  return first === again ? first : null;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  if (!values.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) {
    console.error(USAGE);
    return 2;
  }
  const password = await readPassword();
  if (!password) {
    console.error('Set OWNER_PASSWORD, or run on a terminal to be asked (both entries must match).');
    return 2;
  }
  const iterations = Number(process.env.STAFF_PASSWORD_ITERATIONS ?? DEFAULT_PASSWORD_ITERATIONS);
  if (!Number.isInteger(iterations) || iterations < 1000) {
    console.error('STAFF_PASSWORD_ITERATIONS must be an integer ≥ 1000');
    return 2;
  }
  const handle = await openDatabase(process.env.DATABASE_URL, { driver: process.env.DATABASE_DRIVER as never });
  try {
    await migrateDatabase(handle);
    const result = await createOwner(handle.db, {
      email: values.email,
      password,
      name: values.name,
      force: values.force,
      iterations,
    });
    if (!result.ok) {
      console.error(`${result.code}: ${result.message}`);
      return 1;
    }
    const { staff, action } = result.value;
    console.log(`owner ${action}: ${staff.id} ${staff.email} in ${handle.description}`);
    console.log('Log in with POST /admin/auth/login { email, password }.');
    return 0;
  } finally {
    await handle.close();
  }
}

process.exit(await main());
