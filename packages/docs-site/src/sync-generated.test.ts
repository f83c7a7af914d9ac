import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { disarmDirectives, escapeHtml } from './escape.js';
import { pageTitle, rewriteAssetLinks } from './pages.js';
import { describeSync, findDocsPackages, syncGenerated } from './sync-generated.js';

const FIXTURES = path.resolve(import.meta.dirname, '../test/fixtures');
let site: string;

beforeEach(async () => {
  site = await mkdtemp(path.join(tmpdir(), 'toolscope-docs-sync-'));
});
afterEach(async () => {
  await rm(site, { recursive: true, force: true });
});

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

describe('sync-generated', () => {
  it('finds no docs package without failing, and says how to get some', async () => {
    const sources = [
      path.join(site, 'does-not-exist'),
      path.join(FIXTURES, 'hostile', 'hostile-docs'),
    ];
    const packages = await findDocsPackages(sources);
    expect(packages).toEqual([]);
    const { toolsets, sidebar, nav } = await syncGenerated(packages, site);
    expect(toolsets).toEqual([]);
    expect(describeSync(toolsets)).toContain('toolscope generate');
    const overview = await readFile(path.join(site, 'toolsets/index.md'), 'utf8');
    expect(overview).toContain('No generated docs packages were found');
    expect({ sidebar, nav }).toEqual({ sidebar: [], nav: [] });
  });

  it('copies pages and published files, and builds the sidebar from what it found', async () => {
    const { toolsets, sidebar } = await syncGenerated(
      await findDocsPackages([path.join(FIXTURES, 'generated')]),
      site,
    );
    expect(toolsets.map((t) => t.toolset)).toEqual(['zoom']);
    const overview = await readFile(path.join(site, 'toolsets/index.md'), 'utf8');
    expect(overview).toContain(
      '- [Zoom](/toolsets/zoom/): [llms\\.txt](/toolsets/zoom/llms.txt), [tools\\.json](/toolsets/zoom/tools.json)',
    );
    expect(await exists(path.join(site, 'toolsets/zoom/index.md'))).toBe(true);
    expect(await exists(path.join(site, 'toolsets/zoom/auth-matrix.md'))).toBe(true);
    expect(
      await exists(path.join(site, 'toolsets/zoom/tools/zoom_listPastMeetingParticipants.md')),
    ).toBe(true);
    // The package README is the package's, not a page of the site.
    expect(await exists(path.join(site, 'toolsets/zoom/README.md'))).toBe(false);
    expect(await exists(path.join(site, 'public/toolsets/zoom/tools.json'))).toBe(true);
    expect(await exists(path.join(site, 'public/toolsets/zoom/llms.txt'))).toBe(true);
    expect(await exists(path.join(site, 'public/toolsets/zoom/package.json'))).toBe(false);

    expect(sidebar).toEqual([
      {
        text: 'Zoom',
        link: '/toolsets/zoom/',
        collapsed: true,
        items: [
          { text: 'Zoom: authorization matrix', link: '/toolsets/zoom/auth-matrix' },
          {
            text: 'Tools',
            collapsed: false,
            items: [
              { text: 'zoom_getServiceStatus', link: '/toolsets/zoom/tools/zoom_getServiceStatus' },
              {
                text: 'zoom_listPastMeetingParticipants',
                link: '/toolsets/zoom/tools/zoom_listPastMeetingParticipants',
              },
            ],
          },
        ],
      },
    ]);
    const tool = await readFile(
      path.join(site, 'toolsets/zoom/tools/zoom_listPastMeetingParticipants.md'),
      'utf8',
    );
    expect(tool).toContain('](/toolsets/zoom/schemas/zoom_listPastMeetingParticipants.input.json)');
    expect(
      await exists(
        path.join(site, 'public/toolsets/zoom/schemas/zoom_listPastMeetingParticipants.input.json'),
      ),
    ).toBe(true);
  });

  it('removes pages of a toolset that is gone', async () => {
    await syncGenerated(await findDocsPackages([path.join(FIXTURES, 'generated')]), site);
    await syncGenerated([], site);
    expect(await exists(path.join(site, 'toolsets/zoom'))).toBe(false);
    expect(await exists(path.join(site, 'public/toolsets/zoom'))).toBe(false);
  });

  it('escapes titles for the sidebar, which the theme renders as HTML', async () => {
    const { sidebar, nav } = await syncGenerated(
      await findDocsPackages([path.join(FIXTURES, 'hostile')]),
      site,
    );
    expect(JSON.stringify({ sidebar, nav })).not.toMatch(/<img/);
    expect(sidebar[0]?.text).toBe(
      'Hostile strings &lt;img src=x onerror=&quot;window.__pwned=&#39;title&#39;&quot;&gt;',
    );
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  });

  it('refuses the same toolset from two sources, and a toolset name that is not a path', async () => {
    const packages = await findDocsPackages([
      path.join(FIXTURES, 'generated'),
      path.join(FIXTURES, 'generated'),
    ]);
    await expect(syncGenerated(packages, site)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/found twice/),
    });
    const dir = path.join(FIXTURES, 'generated', 'zoom-docs');
    await expect(syncGenerated([{ toolset: '../up', dir }], site)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      location: { file: dir },
    });
  });

  it('breaks VitePress include directives, which would read files at build time', () => {
    const out = disarmDirectives('a <!-- @include: ../../secret --> b <!--@include:x-->');
    expect(out).not.toMatch(/<!--\s*@include:/);
    expect(out.replaceAll('\u200b', '')).toBe(
      'a <!-- @include: ../../secret --> b <!--@include:x-->',
    );
  });

  it('takes the title from frontmatter, else the first heading, else the file name', () => {
    expect(pageTitle('---\ntitle: "Zoom: matrix"\n---\n# Other\n', 'f')).toBe('Zoom: matrix');
    expect(pageTitle('intro\n\n# Heading here\n', 'f')).toBe('Heading here');
    expect(pageTitle('no heading', 'file.md')).toBe('file.md');
    expect(pageTitle('---\ntitle: [unclosed\n---\n# H\n', 'f')).toBe('H');
  });

  it('points links that leave the pages folder at the published files', () => {
    const options = { page: 'docs/tools/t.md', pagesRoot: 'docs/', publicBase: '/toolsets/zoom/' };
    const md = [
      'Schema: [in](../../schemas/t.input.json) and [page](../index.md) [web](https://x.test/a)',
      '```md',
      '[kept](../../schemas/t.input.json)',
      '```',
      '[anchor](#errors) [deep](../../schemas/t.input.json#/properties)',
    ].join('\n');
    expect(rewriteAssetLinks(md, options).split('\n')).toEqual([
      'Schema: [in](/toolsets/zoom/schemas/t.input.json) and [page](../index.md) [web](https://x.test/a)',
      '```md',
      '[kept](../../schemas/t.input.json)',
      '```',
      '[anchor](#errors) [deep](/toolsets/zoom/schemas/t.input.json#/properties)',
    ]);
  });
});
