/**
 * Both interactive API references in a real browser (Debian's Chromium via playwright-core):
 * the origin's `/docs` over `/openapi.json` and the edge's `/api/docs` over `/api/openapi.json`,
 * each served by the running stack. Each page must render every operation of its document, with
 * its CSP in force and not one violation of it, no error in the console, and not one request
 * that leaves the app's own host (any such request is aborted and counted).
 * `npm run test:browser`; needs `chromium`.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_CSP } from '../../contract/api-reference';
import { type Stack, startStack } from '../../scripts/lib/stack.mjs';
import { launchChromium } from './chromium';

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startStack({ seedProducts: 0, log: Boolean(process.env.E2E_LOG) }),
    launchChromium(),
  ]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

interface Document {
  paths: Record<string, Record<string, unknown>>;
}

/** `METHOD /path` of every operation the document at `url` holds. */
async function documentedOperations(url: string): Promise<string[]> {
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  expect(res.status).toBe(200);
  const doc = (await res.json()) as Document;
  return Object.entries(doc.paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

/**
 * Opens the reference at `base + pagePath` and returns the operations it rendered, the CSP it
 * came with, and everything that went wrong: CSP violations (reported by the page itself),
 * console errors, failed requests and requests to any other host.
 */
async function openReference(base: string, pagePath: string) {
  const context = await browser.newContext();
  const outside: string[] = [];
  // Every request leaves through here: one to another host is aborted, so none leaves the machine.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${base}/`) || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  // The page reports each violation of its CSP itself (this runs before any of its scripts).
  await context.addInitScript(`
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || '(inline)')));
  `);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });

  const response = await page.goto(`${base}${pagePath}`);
  const csp = (await response?.allHeaders())?.['content-security-policy'];
  await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  const rendered = await page.$$eval('.opblock', (blocks) =>
    blocks.map((block) => {
      const method = block.querySelector('.opblock-summary-method')?.textContent?.trim() ?? '?';
      const path = block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '?';
      return `${method.toUpperCase()} ${path}`;
    }),
  );
  const violations = (await page.evaluate('window.cspViolations')) as string[];
  await context.close();
  return { rendered: [...new Set(rendered)].sort(), csp, violations, problems, outside };
}

describe('the interactive API references in a browser', () => {
  it('the origin’s /docs renders every operation of /openapi.json, within its CSP, all from the origin', async () => {
    const documented = await documentedOperations(`${stack.originUrl}/openapi.json`);
    const seen = await openReference(stack.originUrl, '/docs');
    expect(seen.csp).toBe(REFERENCE_CSP);
    expect(documented.length).toBeGreaterThan(40);
    expect(seen.rendered).toEqual(documented);
    expect(seen.violations).toEqual([]);
    expect(seen.problems).toEqual([]);
    expect(seen.outside).toEqual([]);
  });

  it('the edge’s /api/docs renders every operation of /api/openapi.json, within its CSP, all from the edge', async () => {
    const documented = await documentedOperations(`${stack.edgeUrl}/api/openapi.json`);
    const seen = await openReference(stack.edgeUrl, '/api/docs');
    expect(seen.csp).toBe(REFERENCE_CSP);
    expect(documented.length).toBeGreaterThan(30);
    expect(seen.rendered).toEqual(documented);
    expect(seen.violations).toEqual([]);
    expect(seen.problems).toEqual([]);
    expect(seen.outside).toEqual([]);
  });
});
