import path from 'node:path';
import { DocsSiteError } from './errors.js';
import type { DocsPackage } from './sync-generated.js';

/** An extra page of the site: a team's guide, or a page a build step wrote. */
export interface GuidePage {
  /** The Markdown file; or give `markdown` instead. */
  readonly file?: string;
  /** The page's Markdown, when it is not in a file. */
  readonly markdown?: string;
  /** Where the page is served, without `.md` (default `guide/<file name>`). */
  readonly route?: string;
  /** The sidebar text (default: the page's title). */
  readonly text?: string;
  /** The sidebar group and nav entry it belongs to (default `Guide`). */
  readonly group?: string;
  /** Machine-made text: rendered with the same hardening as toolset pages. */
  readonly untrusted?: boolean;
}

/** What a docs site is built from. */
export interface SiteOptions {
  /** The site's name: header, page titles, home page. */
  readonly title: string;
  /** One sentence under the title on the home page and in the meta description. */
  readonly description?: string;
  /** The URL path the site is served under, like `/docs/` (default `/`). */
  readonly base?: string;
  /** An image file shown in the header. */
  readonly logo?: string;
  /** The generated docs packages to publish. */
  readonly docsPackages: readonly DocsPackage[];
  /** Extra pages, in sidebar order. */
  readonly guides?: readonly GuidePage[];
  /** A Markdown file for the home page (default: one made from the title and the toolsets). */
  readonly home?: string;
  /** The footer line, as text. */
  readonly footer?: string;
}

/** A guide with its route settled and its source read. */
export interface ResolvedGuide {
  readonly route: string;
  readonly markdown: string;
  readonly text: string | undefined;
  readonly group: string;
  readonly untrusted: boolean;
  readonly source: string;
}

const ROUTE = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
const RESERVED = /^(toolsets(\/|$)|index$|public(\/|$)|\.vitepress(\/|$))/;
const LOGO = /\.(svg|png|jpe?g|webp|gif|ico|avif)$/i;

function invalid(message: string, hint: string, file?: string): DocsSiteError {
  return new DocsSiteError('CONFIG_INVALID', message, {
    hint,
    ...(file === undefined ? {} : { location: { file } }),
  });
}

/** `/`, `/docs/`: a base VitePress accepts, or a clear error. */
export function normalizeBase(base: string | undefined): string {
  if (base === undefined || base === '' || base === '/') return '/';
  const trimmed = base.trim();
  if (!/^\/?[A-Za-z0-9._~\-/]*\/?$/.test(trimmed) || trimmed.includes('//')) {
    throw invalid(`docs.base "${base}" is not a URL path`, 'write it like /docs/');
  }
  return `/${trimmed.replace(/^\/+|\/+$/g, '')}/`;
}

/** The route of a guide: given, or `guide/<file name>`; never one the site uses itself. */
export function guideRoute(guide: GuidePage, index: number): string {
  const fallback =
    guide.file === undefined ? undefined : `guide/${path.basename(guide.file, '.md')}`;
  const route = (guide.route ?? fallback)?.replace(/\.md$/, '').replace(/^\/+/, '');
  const where = guide.file ?? `guides[${index}]`;
  if (route === undefined) {
    throw invalid(`guide ${index + 1} has neither a file nor a route`, 'give it a route', where);
  }
  if (!ROUTE.test(route) || route.split('/').includes('..')) {
    throw invalid(
      `guide route "${route}" is not a plain path`,
      'use letters, digits, ".", "_", "-" and "/"',
      where,
    );
  }
  if (RESERVED.test(route)) {
    throw invalid(`guide route "${route}" is the site's own`, 'pick another route', where);
  }
  return route;
}

/** Checks the logo's file type; the theme shows it as an image. */
export function checkLogo(logo: string): void {
  if (!LOGO.test(logo)) {
    throw invalid(
      `docs.logo "${logo}" is not an image file`,
      'use .svg, .png, .jpg or .webp',
      logo,
    );
  }
}
