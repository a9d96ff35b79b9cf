// Fails loudly, before any test starts, when PostgreSQL or Redis is not reachable.
import net from 'node:net';

function probe(name, url, fallbackPort) {
  const u = new URL(url);
  const port = Number(u.port || fallbackPort);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: u.hostname, port, timeout: 3000 });
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    const fail = (err) => {
      socket.destroy();
      reject(new Error(`${name} is not reachable at ${u.hostname}:${port} (${err?.message ?? 'timeout'})`));
    };
    socket.once('error', fail);
    socket.once('timeout', fail);
  });
}

try {
  await probe('PostgreSQL', process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 5432);
  await probe('Redis', process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 6379);
} catch (err) {
  console.error(`\nnpm run test:services: ${err.message}\n`);
  process.exit(1);
}
