import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoHandle, startDemo } from './demo.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));

let demo: DemoHandle | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  // The same servers `pnpm demo --serve` starts, started here so the test owns their lifetime.
  demo = await startDemo();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

describe('the authorization server login page in a real browser', () => {
  it('logs alice in through the real form and lands on the redirect with a code', async () => {
    const page = await browser!.newPage();
    await page.goto(demo!.urls.aliceLogin);
    await page.locator('form[data-step="login"]').waitFor({ timeout: 10_000 });
    await page.fill('input[name="username"]', 'alice');
    await page.fill('input[name="password"]', 'alice-password');
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: `${RESULTS}login-page-form.png` });
    await page.click('form[data-step="login"] button[type="submit"]');
    await page.locator('form[data-step="consent"]').waitFor({ timeout: 10_000 });
    await page.click('form[data-step="consent"] button[type="submit"]');
    await page.waitForURL((url) => url.href.startsWith(demo!.urls.redirectUri), {
      timeout: 10_000,
    });
    const landed = new URL(page.url());
    expect(landed.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
    expect(landed.searchParams.get('iss')).toBe(demo!.urls.issuers['zoom']);
    await expect(page.textContent('body')).resolves.toContain('Authorization received');
    await page.screenshot({ path: `${RESULTS}login-page-redirect.png` });
  });

  it('refuses a wrong password on the same form', async () => {
    const page = await browser!.newPage();
    await page.goto(demo!.urls.aliceLogin);
    await page.fill('input[name="username"]', 'alice');
    await page.fill('input[name="password"]', 'not-her-password');
    await page.click('form[data-step="login"] button[type="submit"]');
    await page.locator('form[data-step="login"]').waitFor({ timeout: 10_000 });
    expect(page.url().startsWith(demo!.urls.redirectUri)).toBe(false);
    await page.screenshot({ path: `${RESULTS}login-page-refused.png` });
  });
});
