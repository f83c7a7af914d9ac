// This repo's docs site, as a user of @toolscope/docs-site: the same builder
// `toolscope docs build` runs for a team, given toolscope's own home page and
// guides, and the manifest reference rendered from the manifest's JSON Schema.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolsetChangelogPages } from '@toolscope/contract';
import { findDocsPackages, toolscopeGuides } from '@toolscope/docs-site';
import { loadManifests } from '@toolscope/manifest';
import { DEFAULT_SCHEMA_PATH, manifestReferencePage } from './manifest-reference.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The docs app folder (apps/docs). */
export const SITE_DIR = path.resolve(here, '..');
/** Where the generator writes this repo's packages. */
export const DEFAULT_GENERATED_DIR = path.resolve(here, '../../../packages/generated');

/**
 * This repo's own guides, in sidebar order; the protocol guides after them
 * ship with @toolscope/docs-site, so that a team can publish them too.
 */
export const GUIDES = [
  { name: 'getting-started', text: 'Getting started' },
  { name: 'versioning', text: 'Versioning and breaking changes' },
  { name: 'security-testing', text: 'Security testing' },
];

/** The repository root, and the manifests whose git history makes the changelog pages. */
const REPO = path.resolve(here, '../../..');
const MANIFESTS = ['manifests'];

/** A changelog page per shipped toolset, from the manifests' git history (as `toolscope docs build` makes them). */
async function changelogPages() {
  const loaded = await loadManifests(MANIFESTS.map((m) => path.join(REPO, m)));
  if (loaded.ir === undefined) return [];
  const pages = await toolsetChangelogPages(loaded.ir, MANIFESTS, REPO);
  return pages.map(({ toolset, title, markdown }) => ({
    markdown,
    route: `changelog/${toolset}`,
    text: title,
    group: 'Changelog',
    untrusted: true,
  }));
}

/**
 * The builder's options for this site. `sources` are folders holding
 * `<toolset>-docs` packages; `schemaPath` the manifest JSON Schema.
 */
export async function toolscopeSiteOptions({
  sources = [DEFAULT_GENERATED_DIR],
  schemaPath = DEFAULT_SCHEMA_PATH,
} = {}) {
  const reference = await manifestReferencePage(schemaPath);
  const known = new Set(
    (await readdir(path.join(SITE_DIR, 'guide'))).map((f) => f.replace(/\.md$/, '')),
  );
  const missing = GUIDES.find(({ name }) => !known.has(name));
  if (missing) {
    throw new TypeError(`site-options: guide/${missing.name}.md is listed but does not exist`);
  }
  return {
    options: {
      title: 'toolscope',
      description:
        'Per-user, per-tool authorization for MCP tools: manifests, generated packages, runtime.',
      home: path.join(SITE_DIR, 'index.md'),
      docsPackages: await findDocsPackages(sources),
      guides: [
        ...GUIDES.map(({ name, text }) => ({
          file: path.join(SITE_DIR, 'guide', `${name}.md`),
          route: `guide/${name}`,
          text,
          group: 'Guide',
        })),
        ...toolscopeGuides('guide', 'Guide'),
        {
          markdown: reference.markdown,
          route: 'reference/manifest',
          text: 'Manifest reference',
          group: 'Reference',
          // Its text comes from the schema's descriptions, machine output like a toolset page.
          untrusted: true,
        },
        ...(await changelogPages()),
      ],
      footer: 'toolscope: MCP multi-user authorization, declared, passed and enforced.',
    },
    schemaFound: reference.schemaFound,
  };
}
