/**
 * The shop split into three independently deployed subsystems, two instances each, behind
 * HAProxy (path-based routing from origin/service-routes.json), sharing the machine's PostgreSQL
 * and Redis — and the whole money path end to end through the edge on it: card payments, 3-D
 * Secure, a decline paid again, refunds, shipments, cash on delivery, tracking, reviews and the
 * rating at the edge. Calls between the pools go through the proxy (SERVICES_URL): signed service
 * calls (/rpc) and forwarded events (/queue/s).
 *
 * `npm run test:cluster` (PostgreSQL at TEST_DATABASE_URL, Redis at REDIS_URL).
 */
import { moneyPath } from '../../e2e/support/money-path';
import { createScratchDatabase } from '../support/postgres';

/** The subsystems of each pool (ORIGIN_SERVICES); checkout, orders, inventory, payment and logistics share transactions. */
const SPLIT_LAYOUT = [
  { services: 'catalog,members,customers', instances: 2 },
  { services: 'checkout,orders,inventory,payment,logistics', instances: 2 },
  { services: 'rating,support', instances: 2 },
];

let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;

moneyPath(
  async () => {
    scratch = await createScratchDatabase();
    return {
      databaseUrl: scratch.url,
      layout: SPLIT_LAYOUT,
      edgeRunner: 'workerd',
      originEnv: { OUTBOX_POLL_MS: '100' },
    };
  },
  async () => {
    await scratch?.drop();
  },
);
