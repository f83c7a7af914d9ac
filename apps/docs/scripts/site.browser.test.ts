import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type StaticSite, serveStatic } from '@toolscope/docs-site';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestSite, SITE_DIR, type TestBuild } from '../test/build-site.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(SITE_DIR, 'test-results');
const TOOLSET = 'zoom';
const TOOL = 'zoom_listPastMeetingParticipants';
const SCOPE = 'meeting:read:list_past_participants';

let build: TestBuild;
let site: StaticSite;
let browser: Browser;
const pageErrors: string[] = [];

async function open(pathname: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(`${pathname}: ${error.message}`));
  const response = await page.goto(site.url + pathname, { waitUntil: 'load' });
  expect(response?.status(), `GET ${pathname}`).toBe(200);
  // The theme hydrates after load; clicks and search work only once it has.
  await page.waitForFunction(
    () => (document.querySelector('#app') as { __vue_app__?: unknown } | null)?.__vue_app__,
  );
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

function findLink(items: TestBuild['sidebar'], text: string | RegExp): string | undefined {
  for (const item of items) {
    const matches = typeof text === 'string' ? item.text === text : text.test(item.text);
    if (matches && item.link) return item.link;
    const nested = findLink((item.items ?? []) as TestBuild['sidebar'], text);
    if (nested) return nested;
  }
  return undefined;
}

describe('docs site in a browser (built site on 127.0.0.1, Debian chromium headless)', () => {
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    build = await buildTestSite('site-browser-test');
    site = await serveStatic(build.distDir);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('opens the home page with its hero and links into the guide', async () => {
    const page = await open('/');
    await expect(page.locator('.VPHero .name').textContent()).resolves.toContain('toolscope');
    await expect(page.locator('.VPHero .text').textContent()).resolves.toContain(
      'Per-user authorization',
    );
    const start = page.getByRole('link', { name: 'Get started' });
    expect(await start.getAttribute('href')).toBe('/guide/getting-started.html');
    await screenshot(page, 'home');
    await start.click();
    await page.waitForURL('**/guide/getting-started.html');
    await expect(page.locator('.vp-doc h1').textContent()).resolves.toContain('Getting started');
    await page.close();
  });

  it('opens every guide page, and every in-site anchor they link to exists', async () => {
    const guides = [
      'getting-started',
      'versioning',
      'security-testing',
      'wire-protocol',
      'security',
      'error-codes',
      'canary-tests',
      'middleware',
      'http-tools',
      'deployment',
      'performance',
      'plugins',
      'openapi-import',
    ];
    const anchors = new Set<string>();
    for (const guide of guides) {
      const page = await open(`/guide/${guide}.html`);
      await expect(page.locator('.vp-doc h1').count()).resolves.toBe(1);
      const hrefs = await page
        .locator('.vp-doc a[href*="#"]:not(.header-anchor)')
        .evaluateAll((links) => links.map((l) => (l as HTMLAnchorElement).href));
      for (const href of hrefs) if (href.startsWith(site.url)) anchors.add(href);
      if (guide === 'security') await screenshot(page, 'guide-security');
      await page.close();
    }
    expect(anchors.size).toBeGreaterThan(3);
    for (const href of anchors) {
      const url = new URL(href);
      const page = await open(url.pathname);
      const id = decodeURIComponent(url.hash.slice(1));
      await expect(page.locator(`[id="${id}"]`).count(), href).resolves.toBe(1);
      await page.close();
    }
  });

  it('opens a toolset page with the authorization of every tool', async () => {
    const page = await open(`/toolsets/${TOOLSET}/`);
    const row = page.locator('.vp-doc table tr', { hasText: TOOL }).first();
    await expect(row.isVisible()).resolves.toBe(true);
    const cells = await row.locator('td').allTextContents();
    expect(cells.join(' ')).toContain('oauth2');
    expect(cells.join(' ')).toContain(SCOPE);
    await screenshot(page, 'toolset');
    await page.close();
  });

  it("publishes each toolset's tools.json, linked from the toolsets overview", async () => {
    const href = `/toolsets/${TOOLSET}/tools.json`;
    const page = await open('/toolsets/');
    await expect(page.locator(`.vp-doc a[href="${href}"]`).textContent()).resolves.toBe(
      'tools.json',
    );
    await page.close();
    const response = await fetch(`${site.url}${href}`);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as { tools: { name: string }[] };
    expect(body.tools.map((t) => t.name)).toContain(TOOL);
  });

  it('opens the auth matrix page: a tool × scope table with a ✓ where a scope is required', async () => {
    const link = findLink(build.sidebar, /^Zoom: auth(orization)? matrix/i);
    expect(link, 'the sidebar lists the auth matrix page').toBeDefined();
    const page = await open(`${link}.html`);
    await expect(page.locator('.vp-doc h1').textContent()).resolves.toMatch(/matrix/i);
    const matrix = page
      .locator('.vp-doc table')
      .filter({ has: page.locator('th', { hasText: SCOPE }) })
      .first();
    await expect(matrix.isVisible()).resolves.toBe(true);
    const headers = (await matrix.locator('th').allTextContents()).map((h) => h.trim());
    const row = (
      await matrix.locator('tr', { hasText: TOOL }).first().locator('td').allTextContents()
    ).map((c) => c.trim());
    expect(row[headers.indexOf(SCOPE)]).toBe('✓');
    expect(row.filter((c) => c === '✓').length).toBeGreaterThan(0);
    await screenshot(page, 'auth-matrix');
    await page.close();
  });

  it('opens a tool page with its example tools/call request', async () => {
    const link = findLink(build.sidebar, TOOL);
    expect(link, 'the sidebar lists the tool page').toBeDefined();
    const page = await open(`${link}.html`);
    await expect(page.locator('.vp-doc h1').textContent()).resolves.toContain(TOOL);
    const request = page
      .locator('.vp-doc div[class*="language-"]')
      .filter({ hasText: '"tools/call"' })
      .first();
    const code = (await request.textContent()) ?? '';
    expect(code).toContain('"_meta"');
    expect(code).toContain('"authorization"');
    expect(code).toContain('"method": "oauth2"');
    expect(code).toMatch(/"token": "<[^">]+>"/);
    await expect(request.isVisible()).resolves.toBe(true);
    await screenshot(page, 'tool');
    await page.close();
  });

  it('finds a tool by name with the local search', async () => {
    const page = await open('/');
    await page.locator('.VPNavBarSearch button').click();
    const input = page.locator('#localsearch-input');
    await input.fill(TOOL);
    const first = page.locator('#localsearch-list li').first();
    await expect(first.textContent()).resolves.toContain(TOOL);
    await screenshot(page, 'search');
    await first.click();
    await page.waitForURL(`**/toolsets/${TOOLSET}/**`);
    await page.close();
  });

  it('renders manifest strings as text: no interpolation, no script, no live markup', async () => {
    const page = await open('/toolsets/hostile/');
    const body = (await page.locator('.vp-doc').textContent()) ?? '';
    expect(body).toContain('{{ 1 + 1 }}');
    expect(body).toContain('{{ $site.title }}');
    expect(body).toContain('After an unbalanced closing tag: {{ 2 + 2 }}');
    expect(body).toContain("<script>window.__pwned = 'script'</script>");
    expect(body).not.toContain('Manifest strings that try');
    await expect(page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).resolves.toBe(
      undefined,
    );
    await expect(
      page.locator('.vp-doc img, .vp-doc script, [onclick], .hostile-attr').count(),
    ).resolves.toBe(0);
    // Frontmatter from a generated page cannot switch the layout or inject a hero.
    await expect(page.locator('.VPHero').count()).resolves.toBe(0);
    await screenshot(page, 'hostile');
    await page.close();
  });

  it('renders the manifest reference as tables of properties', async () => {
    const page = await open('/reference/manifest.html');
    await expect(page.locator('.vp-doc h2').first().textContent()).resolves.toMatch(/\w/);
    await expect(page.locator('.vp-doc table').count()).resolves.toBeGreaterThan(1);
    await expect(page.locator('.vp-doc th').first().textContent()).resolves.toBe('Property');
    await screenshot(page, 'manifest-reference');
    await page.close();
  });

  it('raised no error in any page it opened', () => {
    expect(pageErrors).toEqual([]);
  });
});
