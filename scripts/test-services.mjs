#!/usr/bin/env node
// `npm run test:services`: the origin suite against the real servers, twice — PostgreSQL through
// the plain `pg` driver, then through the Neon serverless driver (WebSocket relay) — with Redis
// behind the Upstash REST bridge, the QStash stand-in and a hot standby in both (the stand-ins in
// sandbox/neon-relay, sandbox/upstash-redis and sandbox/qstash; the hot standby in test/support).
//   1. fails loudly when PostgreSQL or Redis is unreachable (scripts/require-services.mjs);
//   2. runs both passes even when the first fails, forwarding extra vitest arguments;
//   3. with `--outputFile=<f>` (vitest's JSON reporter), writes each pass to `<f>.<pass>.json`
//      and their sum to `<f>`, so CI reads one report.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const PASSES = ['postgres', 'neon'];
const args = process.argv.slice(2);

const check = spawnSync(process.execPath, ['scripts/require-services.mjs'], { stdio: 'inherit' });
if (check.status !== 0) process.exit(check.status ?? 1);

const outIndex = args.findIndex((a) => a.startsWith('--outputFile'));
const output = outIndex < 0 ? null : args[outIndex].includes('=') ? args[outIndex].split('=')[1] : args[outIndex + 1];
const passArgs = (pass) => {
  if (!output) return args;
  const rest = args.filter((_arg, i) => i !== outIndex && !(i === outIndex + 1 && !args[outIndex].includes('=')));
  return [...rest, `--outputFile=${output}.${pass}.json`];
};

let failed = false;
for (const pass of PASSES) {
  console.log(`\n==> test:services, ${pass} pass (TEST_DATABASE=${pass})`);
  const run = spawnSync('vitest', ['run', '--project', 'origin', ...passArgs(pass)], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DATABASE: pass },
  });
  if (run.status !== 0) failed = true;
}

if (output) {
  const sum = { numPassedTests: 0, numFailedTests: 0, numTotalTests: 0, numFailedTestSuites: 0, passes: {} };
  for (const pass of PASSES) {
    try {
      const r = JSON.parse(readFileSync(`${output}.${pass}.json`, 'utf8'));
      for (const key of ['numPassedTests', 'numFailedTests', 'numTotalTests', 'numFailedTestSuites'])
        sum[key] += r[key] ?? 0;
      sum.passes[pass] = { passed: r.numPassedTests, failed: r.numFailedTests, total: r.numTotalTests };
    } catch {
      console.error(`test:services: no JSON report from the ${pass} pass`);
      sum.numFailedTestSuites += 1;
      failed = true;
    }
  }
  writeFileSync(output, JSON.stringify(sum, null, 2));
  console.log(`test:services: ${JSON.stringify(sum.passes)}`);
}
process.exit(failed ? 1 : 0);
