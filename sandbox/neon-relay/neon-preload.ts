/**
 * `bun --preload` for an origin process under `TEST_DATABASE=neon`: points the Neon driver at
 * the test run's relay (`NEON_RELAY_PORT`) before origin/server.ts opens its database.
 */
import { useNeonRelay } from './neon-relay';

const port = Number(process.env.NEON_RELAY_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('neon-preload needs NEON_RELAY_PORT');
useNeonRelay(port);
