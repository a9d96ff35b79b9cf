/**
 * Serves the card sandbox on Bun: `bun sandbox/card/server.ts`. Configuration comes from the
 * environment with defaults that match the origin's development settings.
 */
import { createCardSandbox } from './card-sandbox';

const env = process.env;
const host = env.HOST ?? '127.0.0.1';
const port = integer('PORT', 8790);
const delayMs = integer('SANDBOX_CARD_DELAY_MS', 300);

const sandbox = createCardSandbox({
  secretKey: env.SANDBOX_CARD_SECRET_KEY ?? 'sk_test_sandbox',
  webhookSecret: env.SANDBOX_CARD_WEBHOOK_SECRET ?? 'whsec_sandbox_card',
  webhookUrl: env.SANDBOX_CARD_WEBHOOK_URL ?? 'http://127.0.0.1:8788/webhooks/payments/sandbox-card',
  publicUrl: env.SANDBOX_CARD_PUBLIC_URL ?? `http://${host}:${port}`,
  delayMs,
});

const server = Bun.serve({ hostname: host, port, fetch: sandbox.fetch });
console.log(`sandbox-card listening on http://${host}:${server.port}`);

function shutdown() {
  sandbox.close();
  void server.stop(true);
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

/** Fails fast on a malformed number rather than listening somewhere unexpected. */
function integer(name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`sandbox-card: ${name} must be a non-negative integer, got "${raw}"`);
    process.exit(1);
  }
  return value;
}
