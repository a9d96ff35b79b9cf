/**
 * Production or development, decided once at start-up from `NODE_ENV` and `HOST`.
 *
 * The origin fails closed: development defaults (a known root token, known secrets, the dev
 * mailbox) apply only when they are asked for by name — `NODE_ENV=development` (`npm start`
 * sets it) or `NODE_ENV=test` (vitest sets it) — and only while the origin listens on a
 * loopback address, where no other machine can reach them. Anything else, unset `NODE_ENV`
 * included, gets production rules: missing or development secrets refuse the start-up.
 */

export type RuntimeMode = 'production' | 'development' | 'test';

const IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Whether `host` only accepts connections from this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = IPV4_LOOPBACK.exec(h.replace(/^::ffff:/, ''));
  return v4?.slice(1).every((part) => Number(part) <= 255) ?? false;
}

/** The mode `NODE_ENV` names; unset or empty is production (fail closed). */
export function runtimeMode(nodeEnv: 'production' | 'development' | 'test' | '' | undefined): RuntimeMode {
  return nodeEnv || 'production';
}

/**
 * Why development defaults may not be used on `host`, or null when they may. A development
 * origin bound to 0.0.0.0 would hand owner rights (`dev-admin-token`) and every mailed reset
 * link (`/dev/mailbox`) to its network.
 */
export function developmentHostRefusal(mode: RuntimeMode, host: string): string | null {
  if (mode === 'production' || isLoopbackHost(host)) return null;
  return (
    `NODE_ENV=${mode} uses development defaults (known secrets, the dev mailbox), so it listens on a ` +
    `loopback address only (127.0.0.1, ::1, localhost), not ${host}; serve other machines with ` +
    'NODE_ENV=production and real secrets'
  );
}

/** The hint appended to a refused start-up when `NODE_ENV` was not set at all. */
export const UNSET_NODE_ENV_HINT =
  'NODE_ENV is unset, so production rules apply (the origin fails closed). For a local run on ' +
  'a loopback HOST, set NODE_ENV=development (npm start does).';
