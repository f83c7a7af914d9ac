import { describe, expect, it } from 'vitest';
import * as docsSite from './index.js';

describe('@toolscope/docs-site public API', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(docsSite).sort()).toEqual([
      'DocsSiteError',
      'SITE_MARKER',
      'TOOLSCOPE_GUIDES',
      'UNTRUSTED_PREFIXES',
      'buildSite',
      'claimOutDir',
      'createSiteConfig',
      'describeSync',
      'devSite',
      'disarmDirectives',
      'escapeHtml',
      'escapeMarkdown',
      'findDocsPackages',
      'isUntrustedPage',
      'normalizeBase',
      'pageTitle',
      'plainAttribute',
      'publishedAssets',
      'rewriteAssetLinks',
      'safeFrontmatter',
      'serveStatic',
      'stageSite',
      'syncGenerated',
      'toolscopeGuides',
      'untrustedMarkdown',
      'untrustedSnippetGuard',
    ]);
  });
});
