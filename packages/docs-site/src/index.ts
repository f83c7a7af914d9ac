/**
 * Builds a toolscope docs site: the generated docs packages of a project's
 * toolsets, its own guides and branding, on VitePress's default theme, with
 * every page that holds manifest text rendered inert.
 */
export {
  type BuildReport,
  buildSite,
  claimOutDir,
  type DevSite,
  devSite,
  SITE_MARKER,
} from './build.js';
export { DocsSiteError, type DocsSiteErrorCode } from './errors.js';
export { disarmDirectives, escapeHtml, escapeMarkdown } from './escape.js';
export { TOOLSCOPE_GUIDES, toolscopeGuides } from './guides.js';
export { type GuidePage, normalizeBase, type SiteOptions } from './options.js';
export { pageTitle, publishedAssets, rewriteAssetLinks } from './pages.js';
export { type StaticSite, serveStatic } from './serve.js';
export { type StagedSite, stageSite } from './stage.js';
export {
  type DocsPackage,
  describeSync,
  findDocsPackages,
  type SidebarItem,
  type SyncedToolset,
  type SyncResult,
  syncGenerated,
} from './sync-generated.js';
export {
  isUntrustedPage,
  plainAttribute,
  safeFrontmatter,
  UNTRUSTED_PREFIXES,
  untrustedMarkdown,
  untrustedSnippetGuard,
} from './untrusted-markdown.js';
export { createSiteConfig, type StagedSiteConfig } from './vitepress-config.js';
