import { existsSync, type FSWatcher, watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig, type ResolvedConfig } from '@toolscope/codegen/config';
import type * as DocsSiteModule from '@toolscope/docs-site';
import { loadManifests } from '@toolscope/manifest';
import { parseCommandLine, UsageError } from '../args.js';
import { CliError } from '../errors.js';
import { type Command, type CommandContext, EXIT } from './types.js';

/** The package that holds VitePress; only teams that build a site install it. */
export const DOCS_SITE_PACKAGE = '@toolscope/docs-site';

/** The file the generator writes into each package it owns (codegen's GENERATED_LIST). */
const GENERATED_LIST = 'toolscope-generated.json';

type DocsSite = typeof DocsSiteModule;

/**
 * Loads the site builder from the first folder that resolves it: the
 * project's own install first (pnpm does not hoist it next to the CLI), then
 * the CLI's. Missing everywhere: a usage error that says what to install.
 */
/**
 * The folder whose `node_modules` holds the builder, nearest `dir` first. Looked
 * up by hand rather than by `require.resolve`, which also follows `NODE_PATH`
 * (pnpm sets it for every script) and would find a copy the project never installed.
 */
function installedUnder(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'node_modules', DOCS_SITE_PACKAGE, 'package.json'))) return at;
    if (path.dirname(at) === at) return undefined;
  }
}

export async function loadDocsSite(searchFrom: readonly string[]): Promise<DocsSite> {
  for (const dir of searchFrom) {
    const home = installedUnder(dir);
    if (home === undefined) continue;
    let entry: string;
    try {
      entry = createRequire(path.join(home, 'noop.js')).resolve(DOCS_SITE_PACKAGE);
    } catch {
      continue;
    }
    try {
      return (await import(pathToFileURL(entry).href)) as DocsSite;
    } catch (error) {
      // Found but broken (a half-finished install): say which copy, not a stack trace.
      throw new CliError('INTERNAL', `${DOCS_SITE_PACKAGE} could not be loaded`, {
        location: { file: entry },
        hint: `reinstall it: npm i -D ${DOCS_SITE_PACKAGE}`,
        cause: error,
      });
    }
  }
  throw new UsageError(
    `"toolscope docs" needs ${DOCS_SITE_PACKAGE} (it holds VitePress), and it is not installed in this project.`,
    `Install it: npm i -D ${DOCS_SITE_PACKAGE}   (pnpm: pnpm add -D ${DOCS_SITE_PACKAGE})`,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches the docs package folders `packageDir` names, relative to `out`, capturing the toolset. */
export function docsDirPattern(config: Pick<ResolvedConfig, 'packageDir' | 'scope'>): RegExp {
  let seen = false;
  const source = config.packageDir
    .split(/(\{toolset\}|\{kind\}|\{scope\})/)
    .map((part) => {
      if (part === '{toolset}') {
        const group = seen ? '\\k<toolset>' : '(?<toolset>[a-z][a-z0-9-]*)';
        seen = true;
        return group;
      }
      if (part === '{kind}') return 'docs';
      if (part === '{scope}') return escapeRegExp(config.scope);
      return escapeRegExp(part);
    })
    .join('');
  return new RegExp(`^${source}$`);
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function subdirs(dir: string, depth: number, rel = ''): Promise<string[]> {
  if (depth === 0) return [];
  const entries = await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory() || entry.name === 'node_modules') continue;
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    out.push(child, ...(await subdirs(dir, depth - 1, child)));
  }
  return out;
}

/** The generated docs packages under the config's `out`: folders that match `packageDir` and hold the generator's file list. */
export async function findGeneratedDocs(
  config: Pick<ResolvedConfig, 'out' | 'packageDir' | 'scope'>,
): Promise<{ toolset: string; dir: string }[]> {
  const pattern = docsDirPattern(config);
  const depth = config.packageDir.split('/').length;
  const found: { toolset: string; dir: string }[] = [];
  for (const rel of await subdirs(config.out, depth)) {
    const toolset = pattern.exec(rel)?.groups?.toolset;
    const dir = path.join(config.out, rel);
    if (toolset && (await isFile(path.join(dir, GENERATED_LIST)))) found.push({ toolset, dir });
  }
  return found;
}

/**
 * One changelog page per toolset, from the manifests' git history: each
 * version the first commit that has it, and the changes `toolscope diff`
 * finds between consecutive versions. Outside git, each page shows the
 * working tree's version only. Manifests that do not load give no pages
 * (`toolscope check` says why); the site is built all the same.
 */
async function changelogPages(config: ResolvedConfig): Promise<DocsSiteModule.GuidePage[]> {
  const loaded = await loadManifests(config.manifests);
  if (loaded.ir === undefined) return [];
  const inputs = config.manifests.map((m) => path.relative(config.root, m) || '.');
  const { toolsetChangelogPages } = await import('@toolscope/contract');
  const pages = await toolsetChangelogPages(loaded.ir, inputs, config.root);
  return pages.map(({ toolset, title, markdown }) => ({
    markdown,
    route: `changelog/${toolset}`,
    text: title,
    group: 'Changelog',
    // Its text comes from the manifests, as a toolset page's does.
    untrusted: true,
  }));
}

async function siteOptions(
  site: DocsSite,
  config: ResolvedConfig,
): Promise<DocsSiteModule.SiteOptions> {
  const { docs } = config;
  return {
    title: docs.title,
    ...(docs.description === undefined ? {} : { description: docs.description }),
    base: docs.base,
    ...(docs.logo === undefined ? {} : { logo: docs.logo }),
    docsPackages: await findGeneratedDocs(config),
    guides: [
      ...docs.guides.map((file) => ({ file })),
      // toolscope's own guides only when asked: the site is the team's.
      ...(docs.toolscopeGuides ? site.toolscopeGuides() : []),
      ...(await changelogPages(config)),
    ],
  };
}

function notice(options: DocsSiteModule.SiteOptions, config: ResolvedConfig, ctx: CommandContext) {
  if (options.docsPackages.length > 0) return;
  const out = path.relative(ctx.cwd, config.out) || '.';
  ctx.stderr(`notice: no generated docs package in ${out}; run \`toolscope generate\` first.\n`);
}

function port(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new UsageError(`--port ${value} is not a port number.`, 'Use 0 to 65535.');
  }
  return n;
}

async function runDev(
  site: DocsSite,
  options: DocsSiteModule.SiteOptions,
  config: ResolvedConfig,
  values: { port?: string; host?: string },
  ctx: CommandContext,
): Promise<number> {
  const p = port(values.port);
  const server = await site.devSite({
    ...options,
    ...(p === undefined ? {} : { port: p }),
    ...(values.host === undefined ? {} : { host: values.host }),
  });
  ctx.stdout(`docs: serving ${server.url} (Ctrl-C to stop)\n`);
  // A `toolscope generate` in another terminal rewrites the docs packages: copy them again.
  let timer: NodeJS.Timeout | undefined;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      siteOptions(site, config)
        .then((next) => server.refresh(next))
        .catch((error: unknown) => {
          ctx.stderr(`docs: could not refresh the pages: ${(error as Error).message}\n`);
        });
    }, 300);
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(config.out, { recursive: true }, refresh);
    watcher.on('error', () => watcher?.close());
  } catch {
    ctx.stderr(
      `notice: ${config.out} cannot be watched; restart \`toolscope docs dev\` after a generate.\n`,
    );
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearTimeout(timer);
  watcher?.close();
  await server.close();
  return EXIT.ok;
}

/** `toolscope docs build|dev`: the team's docs site from its generated docs packages. */
export const docsCommand: Command = {
  name: 'docs',
  summary: 'Build or serve the docs site of the generated docs packages',
  usage: `Usage: toolscope docs build [--out <dir>]
       toolscope docs dev [--port <n>] [--host <host>]

Builds a static VitePress site from the generated docs packages of this
project's toolsets (found under the config's "out" folder): a page per tool
with its authorization and scopes, the authorization matrix, tools.json and
JSON Schemas. It is branded from the config's "docs" key:

  "docs": { "title": "Acme tools", "description": "…", "base": "/docs/",
            "logo": "assets/logo.svg", "guides": ["docs/intro.md"], "out": "dist/docs",
            "toolscopeGuides": false }

Guides are served under /guide/<file name>. "toolscopeGuides": true adds
toolscope's protocol guides (wire protocol, security, error codes) under /toolscope/.

Manifest text on the site renders as text: no HTML, no Vue template, no file includes.

Commands:
  build    Write the static site (index.html and a page per tool) to --out
  dev      Serve the site on 127.0.0.1 with live reload until Ctrl-C

Options:
  --config <file>   toolscope.config.ts|.mts|.js|.mjs|.json (default: the first found)
  --out <dir>       build: where the site goes (default: docs.out, else dist/docs); it must
                    be new, empty or an earlier docs build, as the build replaces it
  --port <n>        dev: the port (default 5173, the next free one if taken)
  --host <host>     dev: the address to listen on (default 127.0.0.1)
  -h, --help        Show this help

Needs ${DOCS_SITE_PACKAGE}, which holds VitePress: npm i -D ${DOCS_SITE_PACKAGE}

Exit status: 0 when built, 1 on a config or build problem, 2 on a wrong command
line or when ${DOCS_SITE_PACKAGE} is not installed.`,
  async run(args, context) {
    const { values, positionals } = parseCommandLine(
      args,
      {
        config: { type: 'string' },
        out: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
      },
      'docs',
    );
    const [action, ...extra] = positionals;
    if (action !== 'build' && action !== 'dev') {
      const what =
        action === undefined ? 'a subcommand is missing' : `unknown subcommand "${action}"`;
      throw new UsageError(
        `toolscope docs: ${what}.`,
        'Use `toolscope docs build` or `toolscope docs dev`.',
      );
    }
    if (extra.length > 0) {
      throw new UsageError(
        `toolscope docs ${action}: unexpected argument "${extra[0]}".`,
        'Run `toolscope docs --help`.',
      );
    }
    const wrong = action === 'build' ? ['port', 'host'] : ['out'];
    const misplaced = wrong.find((key) => values[key] !== undefined);
    if (misplaced) {
      throw new UsageError(
        `--${misplaced} is not an option of "toolscope docs ${action}".`,
        'Run `toolscope docs --help`.',
      );
    }
    const { config } = await loadConfig(
      context.cwd,
      typeof values.config === 'string' ? values.config : undefined,
    );
    const cliDir = path.dirname(fileURLToPath(import.meta.url));
    const site = await loadDocsSite([config.root, context.cwd, cliDir]);
    const options = await siteOptions(site, config);
    notice(options, config, context);
    if (action === 'dev') {
      return runDev(site, options, config, values as { port?: string; host?: string }, context);
    }
    const outDir =
      typeof values.out === 'string' ? path.resolve(context.cwd, values.out) : config.docs.out;
    const report = await site.buildSite({ ...options, outDir });
    const pages = report.toolsets.reduce((sum, t) => sum + t.pages.length, 0);
    const toolsets = report.toolsets.length;
    context.stdout(
      `docs: wrote ${path.relative(context.cwd, report.outDir) || '.'} (${toolsets} toolset${toolsets === 1 ? '' : 's'}, ${pages} page${pages === 1 ? '' : 's'}, ${report.guides} guide${report.guides === 1 ? '' : 's'})\n`,
    );
    return EXIT.ok;
  },
};
