/**
 * The storefront in a real browser (Debian's Chromium driven by playwright-core): a shopper
 * clicks from the home page to a placed order, then asks for help in the live chat and gets an
 * agent's answer from the admin API on the page, with the page's CSP in force (nothing inline
 * may run) and no error in the browser's console. `npm run test:browser`; needs `chromium`.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOAD_TEST_LIMITS, type Stack, startStack } from '../../scripts/lib/stack.mjs';
import { adminApi } from '../../test/support/http';
import { launchChromium } from './chromium';

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startStack({ edgeVars: LOAD_TEST_LIMITS, seedProducts: 12, log: Boolean(process.env.E2E_LOG) }),
    launchChromium(),
  ]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

/** A fresh page that records console errors and failed requests. */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  const ours = (url: string) => url.startsWith(stack.edgeUrl);
  // Product images live on the merchants' hosts, which this offline machine cannot reach:
  // only the shop's own requests count.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('requestfailed', (r) => {
    if (ours(r.url())) problems.push(`${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (ours(r.url()) && r.status() >= 400) problems.push(`${r.url()}: ${r.status()}`);
  });
  return { page, problems };
}

describe('the storefront in a browser', () => {
  it('buys a product by clicking through: home, product, cart, checkout, order', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${stack.edgeUrl}/`);
    await page.locator('.card a.title').first().click();
    await page.waitForURL(/\/products\//);
    const title = (await page.locator('h1').textContent()) ?? '';
    await page.fill('input[name=quantity]', '2');
    await page.click('text=Add to cart');
    await page.waitForURL(/\/cart$/);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody').textContent()).toContain(title);

    await page.click('text=Check out');
    await page.waitForURL(/\/checkout$/);
    await page.fill('input[name=email]', 'ada@example.com');
    await page.fill('input[name=name]', 'Ada Lovelace');
    await page.fill('input[name=line1]', '1 Loop Rd');
    await page.fill('input[name=city]', 'Springfield');
    await page.fill('input[name=postalCode]', '12345');
    await page.click('text=Place order');
    await page.waitForURL(/\/orders\/ord_/);
    expect(await page.locator('.notice.ok').textContent()).toContain('Your order is placed');
    expect(await page.locator('main').textContent()).toContain('Confirmed');
    // the cart is spent: a fresh one next time
    await page.goto(`${stack.edgeUrl}/cart`);
    expect(await page.locator('main').textContent()).toContain('Your cart is empty');
    expect(problems).toEqual([]);
  });

  it('opens a live chat and shows the agent’s answer as it is sent', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${stack.edgeUrl}/support`);
    await page.fill('#chat-start input[name=name]', 'Ada');
    await page.fill('#chat-start input[name=message]', 'Can I change my address?');
    await page.click('text=Start chat');
    await page.locator('.msg.shopper').first().waitFor();
    await page.locator('#chat-send').waitFor();
    const id = await page.evaluate(() => localStorage.getItem('conversationId'));
    expect(id).toMatch(/^conv_[0-9a-f]{64}$/);

    const admin = adminApi(stack.originUrl, stack.adminToken);
    // A status the route does not document (404 before the sync): read as any number.
    const answerChat = async (): Promise<number> =>
      (
        await admin.admin.conversations[':id'].messages.$post({
          param: { id: id as string },
          json: { body: 'Yes, until it ships.' },
        })
      ).status;
    // the inbox learns of the conversation when the object syncs it: retry until it does
    let status = await answerChat();
    for (let i = 0; status === 404 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = await answerChat();
    }
    expect(status).toBe(201);
    await page.locator('.msg.agent', { hasText: 'Yes, until it ships.' }).waitFor({ timeout: 10_000 });

    await page.fill('#chat-send input', 'Thanks!');
    await page.click('#chat-send button');
    await page.locator('.msg.shopper', { hasText: 'Thanks!' }).waitFor();
    expect(problems).toEqual([]);
  });
});
