import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInChild, FIXTURES, generatedProject } from '../test/project.js';
import { type StaticSite, serveStatic } from './serve.js';
import { findDocsPackages } from './sync-generated.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../test-results', import.meta.url));
const BASE = '/team-docs/';
const SCOPES: Record<string, string[]> = {
  acme_listTickets: ['tickets:read'],
  acme_closeTicket: ['tickets:read', 'tickets:write'],
};

let project: string;
let outDir: string;
let site: StaticSite;
let browser: Browser;
const pageErrors: string[] = [];

async function open(pathname: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(`${pathname}: ${error.message}`));
  const response = await page.goto(site.url + pathname, { waitUntil: 'load' });
  expect(response?.status(), `GET ${pathname}`).toBe(200);
  // The theme hydrates after load; clicks work only once it has.
  await page.waitForFunction(
    () => (document.querySelector('#app') as { __vue_app__?: unknown } | null)?.__vue_app__,
  );
  return page;
}

describe("a team's docs site (generated project in a temp folder, built site on 127.0.0.1, Debian chromium headless)", () => {
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    const { dir, config } = await generatedProject();
    project = dir;
    outDir = path.join(dir, 'site');
    const hostile = await findDocsPackages([path.join(FIXTURES, 'hostile')]);
    await buildInChild({
      title: config.docs.title,
      ...(config.docs.description === undefined ? {} : { description: config.docs.description }),
      base: config.docs.base,
      ...(config.docs.logo === undefined ? {} : { logo: config.docs.logo }),
      docsPackages: [...(await findDocsPackages([config.out])), ...hostile],
      guides: config.docs.guides.map((file) => ({ file })),
      outDir,
    });
    site = await serveStatic(outDir, { base: BASE });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('writes index.html and one page per tool that names its authorization', async () => {
    expect(await readdir(outDir)).toContain('index.html');
    const tools = JSON.parse(
      await readFile(path.join(project, 'generated/acme-docs/tools.json'), 'utf8'),
    ) as { tools: { name: string }[] };
    const names = tools.tools.map((t) => t.name).sort();
    expect(names).toEqual([
      'acme_closeTicket',
      'acme_listTickets',
      'acme_status',
      'acme_weeklyReport',
    ]);
    for (const name of names) {
      const html = await readFile(path.join(outDir, `toolsets/acme/tools/${name}.html`), 'utf8');
      expect(html, name).toContain(name);
      for (const scope of SCOPES[name] ?? [])
        expect(html, `${name} names ${scope}`).toContain(scope);
    }
    const report = await readFile(
      path.join(outDir, 'toolsets/acme/tools/acme_weeklyReport.html'),
      'utf8',
    );
    expect(report).toContain('apiKey');
  });

  it('opens a tool page and shows its scopes', async () => {
    const page = await open('/toolsets/acme/tools/acme_closeTicket.html');
    await expect(page.locator('.vp-doc h1').textContent()).resolves.toContain('acme_closeTicket');
    const text = (await page.locator('.vp-doc').textContent()) ?? '';
    expect(text).toContain('oauth2');
    expect(text).toContain('tickets:read');
    expect(text).toContain('tickets:write');
    await page.screenshot({ path: path.join(ARTIFACTS, 'team-tool.png'), fullPage: true });
    await page.close();
  });

  it("is branded from the config and carries the team's guide, not toolscope's", async () => {
    const page = await open('/');
    await expect(page.locator('.VPHero .name').textContent()).resolves.toContain('Acme tools');
    await expect(page.locator('.VPHero .tagline').textContent()).resolves.toContain(
      "Acme's ticket desk",
    );
    await expect(page.locator('.VPNavBarTitle img').getAttribute('src')).resolves.toBe(
      `${BASE}logo.svg`,
    );
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((links) => links.map((l) => l.getAttribute('href') ?? ''));
    expect(hrefs.filter((h) => h.startsWith('/') && !h.startsWith(BASE))).toEqual([]);
    expect(hrefs).toContain(`${BASE}guide/onboarding.html`);
    expect(hrefs.some((h) => /getting-started|wire-protocol/.test(h))).toBe(false);
    await page.close();
    const guide = await open('/guide/onboarding.html');
    await expect(guide.locator('.vp-doc h1').textContent()).resolves.toContain('Onboarding');
    await guide.close();
  });

  it('renders hostile manifest text as text: no interpolation, no script, no live markup', async () => {
    const page = await open('/toolsets/hostile/');
    const body = (await page.locator('.vp-doc').textContent()) ?? '';
    expect(body).toContain('{{ 1 + 1 }}');
    expect(body).toContain('After an unbalanced closing tag: {{ 2 + 2 }}');
    expect(body).toContain("<script>window.__pwned = 'script'</script>");
    await expect(page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).resolves.toBe(
      undefined,
    );
    await expect(
      page.locator('.vp-doc img, .vp-doc script, [onclick], .hostile-attr').count(),
    ).resolves.toBe(0);
    await expect(page.locator('.VPHero').count()).resolves.toBe(0);
    await page.close();
  });

  it('raised no error in any page it opened', () => {
    expect(pageErrors).toEqual([]);
  });
});
