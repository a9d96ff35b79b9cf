/**
 * Serves the sandbox carrier on Bun: `bun sandbox/carrier/server.ts`. Configuration from the
 * environment (defaults match the origin's development defaults); stops on SIGINT/SIGTERM.
 */
import { z } from 'zod';
import { createCarrierSandbox } from './carrier-sandbox';

const env = z
  .object({
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(1).max(65535).default(8791),
    SANDBOX_CARRIER_API_KEY: z.string().min(1).default('ck_test_sandbox'),
    SANDBOX_CARRIER_WEBHOOK_SECRET: z.string().min(1).default('whsec_sandbox_carrier'),
    SANDBOX_CARRIER_WEBHOOK_URL: z.url().default('http://127.0.0.1:8788/webhooks/carriers/sandbox-carrier'),
    SANDBOX_CARRIER_PUBLIC_URL: z.url().optional(),
    SANDBOX_CARRIER_STEP_MS: z.coerce.number().int().min(0).default(2000),
  })
  .safeParse(process.env);
if (!env.success) {
  const lines = env.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  console.error(`Invalid sandbox-carrier configuration:\n${lines.join('\n')}`);
  process.exit(1);
}
const e = env.data;
const publicUrl = e.SANDBOX_CARRIER_PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`;
const sandbox = createCarrierSandbox({
  apiKey: e.SANDBOX_CARRIER_API_KEY,
  webhookSecret: e.SANDBOX_CARRIER_WEBHOOK_SECRET,
  webhookUrl: e.SANDBOX_CARRIER_WEBHOOK_URL,
  publicUrl,
  stepMs: e.SANDBOX_CARRIER_STEP_MS,
});

const server = Bun.serve({ hostname: e.HOST, port: e.PORT, fetch: sandbox.fetch });
console.log(`sandbox-carrier listening on http://${e.HOST}:${server.port}`);
console.log(
  `  webhooks → ${e.SANDBOX_CARRIER_WEBHOOK_URL}, a step every ${e.SANDBOX_CARRIER_STEP_MS || '∞ (manual)'} ms`,
);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  sandbox.close();
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
