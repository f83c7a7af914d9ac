import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../test/project.js';
import { claimOutDir, SITE_MARKER } from './build.js';
import { toolscopeGuides } from './guides.js';
import { guideRoute, normalizeBase } from './options.js';
import { stageSite } from './stage.js';
import { findDocsPackages } from './sync-generated.js';

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'toolscope-docs-stage-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the output folder', () => {
  it('may be new, empty, or an earlier build', async () => {
    await expect(claimOutDir(path.join(scratch, 'new'))).resolves.toBeUndefined();
    await mkdir(path.join(scratch, 'empty'));
    await expect(claimOutDir(path.join(scratch, 'empty'))).resolves.toBeUndefined();
    await mkdir(path.join(scratch, 'earlier'));
    await writeFile(path.join(scratch, 'earlier', SITE_MARKER), 'x');
    await writeFile(path.join(scratch, 'earlier', 'index.html'), 'x');
    await expect(claimOutDir(path.join(scratch, 'earlier'))).resolves.toBeUndefined();
  });

  it('is refused when it holds files no build wrote, which VitePress would delete', async () => {
    await writeFile(path.join(scratch, 'notes.txt'), 'mine');
    await expect(claimOutDir(scratch)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('would delete them'),
      location: { file: scratch },
    });
    await expect(claimOutDir(path.join(scratch, 'notes.txt'))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      hint: 'pass a folder to --out',
    });
    await expect(readFile(path.join(scratch, 'notes.txt'), 'utf8')).resolves.toBe('mine');
  });
});

describe('site options', () => {
  it('normalizes the base and refuses one that is not a path', () => {
    expect(normalizeBase(undefined)).toBe('/');
    expect(normalizeBase('docs')).toBe('/docs/');
    expect(normalizeBase('/a/b')).toBe('/a/b/');
    expect(() => normalizeBase('https://x.test/')).toThrow(/not a URL path/);
    expect(() => normalizeBase('/a"><script>/')).toThrow(/not a URL path/);
  });

  it("routes guides under guide/ and keeps them off the site's own routes", () => {
    expect(guideRoute({ file: '/p/docs/Intro.md' }, 0)).toBe('guide/Intro');
    expect(guideRoute({ markdown: '# x', route: '/reference/x.md' }, 0)).toBe('reference/x');
    expect(() => guideRoute({ markdown: '# x', route: 'toolsets/zoom/index' }, 1)).toThrow(
      /site's own/,
    );
    expect(() => guideRoute({ markdown: '# x', route: 'a/../../etc' }, 1)).toThrow(/plain path/);
    expect(() => guideRoute({ markdown: '# x' }, 2)).toThrow(/neither a file nor a route/);
  });
});

describe('stageSite', () => {
  it('writes a home page, the guides and a config that hardens the untrusted pages', async () => {
    const docsPackages = await findDocsPackages([
      path.join(FIXTURES, 'generated'),
      path.join(FIXTURES, 'hostile'),
    ]);
    const guide = path.join(scratch, 'intro.md');
    await writeFile(guide, '# Intro <b>here</b>\n\nHello.\n');
    const site = path.join(scratch, 'site');
    const staged = await stageSite(
      {
        title: 'Team <img src=x onerror=alert(1)>',
        description: 'Our "tools"',
        docsPackages,
        guides: [
          { file: guide },
          { markdown: '# Made\n', route: 'reference/made', group: 'Reference', untrusted: true },
        ],
      },
      site,
      path.join(scratch, 'out'),
    );
    expect(staged.config.untrustedPrefixes).toEqual(['toolsets/', 'reference/made.md']);
    expect(staged.config.nav.map((n) => ('text' in n ? n.text : ''))).toEqual([
      'Guide',
      'Reference',
      'Toolsets',
    ]);
    expect(staged.config.sidebar['/guide/']).toEqual([
      { text: 'Guide', items: [{ text: 'Intro &lt;b&gt;here&lt;/b&gt;', link: '/guide/intro' }] },
      { text: 'Reference', items: [{ text: 'Made', link: '/reference/made' }] },
    ]);
    const home = await readFile(path.join(site, 'index.md'), 'utf8');
    expect(home).not.toContain('<img');
    expect(home).toContain('Team &lt;img src=x onerror=alert(1)&gt;');
    expect(home).toContain('Hostile strings &lt;img');
    await expect(readFile(path.join(site, 'guide/intro.md'), 'utf8')).resolves.toContain('Hello.');
    const config = await readFile(path.join(site, '.vitepress/config.mjs'), 'utf8');
    expect(config).toMatch(/^import \{ createSiteConfig \} from ".*vitepress-config\.js";/);
  });

  it('says which guide or logo it cannot read', async () => {
    const missing = path.join(scratch, 'nope.md');
    await expect(
      stageSite({ title: 't', docsPackages: [], guides: [{ file: missing }] }, scratch, scratch),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID', location: { file: missing } });
    await expect(
      stageSite(
        { title: 't', docsPackages: [], logo: path.join(scratch, 'l.exe') },
        scratch,
        scratch,
      ),
    ).rejects.toThrow(/not an image file/);
    await expect(
      stageSite(
        { title: 't', docsPackages: [], logo: path.join(scratch, 'l.svg') },
        scratch,
        scratch,
      ),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('ENOENT') });
  });
});

describe("toolscope's protocol guides", () => {
  it('ship with the package and stage as one closed group a team can add', async () => {
    const guides = toolscopeGuides();
    expect(guides.map((g) => g.route)).toEqual([
      'toolscope/wire-protocol',
      'toolscope/security',
      'toolscope/error-codes',
      'toolscope/canary-tests',
      'toolscope/middleware',
      'toolscope/http-tools',
      'toolscope/deployment',
      'toolscope/performance',
      'toolscope/plugins',
      'toolscope/openapi-import',
    ]);
    const staged = await stageSite({ title: 't', docsPackages: [], guides }, scratch, scratch);
    expect(staged.config.nav[0]).toEqual({
      text: 'toolscope',
      link: '/toolscope/wire-protocol',
      activeMatch: '^/toolscope/',
    });
    // They link to each other only, so a team site has no dead links from them.
    const routes = new Set(guides.map((g) => g.route?.split('/')[1]));
    for (const guide of staged.guides) {
      for (const [, target] of guide.markdown.matchAll(/\]\((\.\/[^)#\s]+)/g)) {
        expect(routes, `${guide.route} links ${target}`).toContain(target?.slice(2));
      }
      expect(guide.markdown, guide.route).not.toMatch(/\]\(\/(?!\/)/);
    }
  });
});
