import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'origin',
          environment: 'node',
          include: [
            'origin/**/*.test.ts',
            'contract/**/*.test.ts',
            'db/**/*.test.ts',
            'test/**/*.test.ts',
            'sandbox/**/*.test.ts',
          ],
          // Process-level cluster fault tests: their own project (npm run test:cluster).
          exclude: ['test/cluster/**', '**/node_modules/**'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                INTERNAL_SECRET: 'test-internal-secret',
                AUTH_TOKEN_KEYS:
                  'test-2:edge-test-access-token-key-two-xxxxxxxx,test-1:edge-test-access-token-key-one-xxxxxxxx',
                ORIGIN_URL: 'http://origin.test',
                // The fake origin is plain http: the edge runs as in development.
                ENVIRONMENT: 'development',
              },
            },
          }),
        ],
        test: {
          name: 'edge',
          include: ['edge/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.test.ts'],
          exclude: ['e2e/browser/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // HAProxy, 3 origin instances, the edge in workerd, the machine's PostgreSQL and Redis.
        test: {
          name: 'cluster',
          environment: 'node',
          include: ['test/cluster/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['e2e/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
