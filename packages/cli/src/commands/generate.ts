import { existsSync, watch } from 'node:fs';
import { resolve } from 'node:path';
import type { CodegenConfig, RunResult } from '@toolscope/codegen';
import { ToolscopeError } from '@toolscope/core';
import { formatDiagnostics } from '@toolscope/manifest';
import { parseCommandLine, UsageError } from '../args.js';
import { formatError } from '../report.js';
import { buildPackages, packagesToBuild } from './build-packages.js';
import { type Command, EXIT } from './types.js';

/** Where a command prints, and where it runs. */
export interface GenerateIO {
  readonly cwd: string;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** Ends `--watch`. */
  readonly signal?: AbortSignal;
}

/** One line of help for `toolscope --help`. */
export const GENERATE_SUMMARY =
  'generate typed server stubs, client helpers and docs packages from manifests';

/** `toolscope generate --help`. */
export const GENERATE_USAGE = `Usage: toolscope generate [manifests…] [options]

Generates the packages of every manifest the config names. Given manifest
paths, it generates only their toolsets and leaves every other toolset's
output as it is. Generated TypeScript packages build with their own \`build\`
script (\`npm run build\` at a root that \`toolscope init\` wired).

Options:
  --config <file>   toolscope.config.ts|.mts|.js|.mjs|.json (default: the first found)
  --out <dir>       output directory (default packages/generated)
  --scope <@scope>  npm scope of the generated packages
  --check           list files that differ from what would be generated; exit 1 on drift
  --dry-run         show what would be written or removed, write nothing
  --watch           re-generate when a manifest or a template changes
  --build           then compile the TypeScript packages that changed (or have
                    no dist/ yet) with their own typescript; with --watch this
                    keeps dist/ current
  --profile         print the milliseconds spent in each stage
  --quiet           no progress lines`;

const DEBOUNCE_MS = 100;

// The generator pulls in ts-morph and the TypeScript compiler (about a second
// of module loading): only `generate` itself pays for it, not `--help`,
// `check` or `init`, which share this module through the command list.
type Codegen = typeof import('@toolscope/codegen');

function profileLine(codegen: Codegen, result: RunResult): string {
  return `profile: ${codegen.STAGES.map((s) => `${s} ${result.timings[s].toFixed(1)}ms`).join('  ')}`;
}

/** `toolscope generate`: returns the exit code. */
export async function runGenerateCommand(argv: readonly string[], io: GenerateIO): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(formatError(error).trimEnd());
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout(GENERATE_USAGE);
    return EXIT.ok;
  }
  const config = typeof values.config === 'string' ? values.config : undefined;
  const overrides: { -readonly [K in keyof CodegenConfig]: CodegenConfig[K] } = {};
  if (typeof values.out === 'string') overrides.out = resolve(io.cwd, values.out);
  if (typeof values.scope === 'string') overrides.scope = values.scope;
  if (positionals.length > 0) overrides.manifests = positionals.map((p) => resolve(io.cwd, p));
  const readOnly = values.check === true || values['dry-run'] === true;
  const codegen = await import('@toolscope/codegen');
  try {
    const { config: resolved } = await codegen.loadConfig(io.cwd, config, overrides);
    // Only a watching generator runs again, and only it needs to remember what it wrote.
    const generator = codegen.createGenerator(resolved, { reuse: values.watch === true });
    const once = async (): Promise<number> => {
      const result = await generator.run({
        readOnly,
        partial: positionals.length > 0,
        onProgress: (p) => {
          if (values.quiet !== true) {
            io.stdout(
              `  ${p.toolset}: ${plural(p.tools, 'tool')}, ${plural(p.files, 'file')}${p.cached ? ' (unchanged)' : ''}`,
            );
          }
        },
      });
      if (values.profile === true) io.stdout(profileLine(codegen, result));
      const code = report(result, values, io);
      if (values.build !== true || readOnly || code !== EXIT.ok) return code;
      const failed = await buildPackages(packagesToBuild(resolved.out, result), io);
      return failed === 0 ? code : EXIT.failed;
    };
    const code = await runReporting(codegen, once, io);
    if (values.watch !== true) return code;
    // From a terminal, Ctrl-C ends the watch cleanly (watchers closed, last run finished).
    const stop = new AbortController();
    const onSigint = () => stop.abort();
    if (io.signal === undefined) process.once('SIGINT', onSigint);
    // A template edit re-generates too: the generator reads the templates on every run.
    const inputs = [
      ...resolved.manifests,
      ...(resolved.templates === undefined || !existsSync(resolved.templates)
        ? []
        : [resolved.templates]),
    ];
    await watchManifests(inputs, () => runReporting(codegen, once, io), {
      ...io,
      signal: io.signal ?? stop.signal,
      building: values.build === true,
    });
    process.off('SIGINT', onSigint);
    return 0;
  } catch (error) {
    return reportError(codegen, error, io);
  }
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function parse(argv: readonly string[]) {
  return parseCommandLine(
    argv,
    {
      config: { type: 'string' },
      out: { type: 'string' },
      scope: { type: 'string' },
      check: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      watch: { type: 'boolean' },
      build: { type: 'boolean' },
      profile: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'generate',
  );
}

function report(
  result: RunResult,
  values: ReturnType<typeof parse>['values'],
  io: GenerateIO,
): number {
  const drift = [...result.written, ...result.removed];
  if (values.check === true) {
    if (drift.length === 0) {
      io.stdout(`generate --check: up to date (${result.unchanged} files)`);
      return 0;
    }
    for (const path of result.written) io.stderr(`drift: ${path}`);
    for (const path of result.removed) io.stderr(`stale: ${path}`);
    io.stderr(
      `generate --check: ${plural(drift.length, 'file')} differ${drift.length === 1 ? 's' : ''}; run \`toolscope generate\``,
    );
    return 1;
  }
  const verb = values['dry-run'] === true ? 'would ' : '';
  if (values['dry-run'] === true) {
    for (const path of result.written) io.stdout(`would write ${path}`);
    for (const path of result.removed) io.stdout(`would remove ${path}`);
  }
  io.stdout(
    `${verb}write ${result.written.length}, ${verb}remove ${result.removed.length}, unchanged ${result.unchanged}`,
  );
  return 0;
}

async function runReporting(
  codegen: Codegen,
  run: () => Promise<number>,
  io: GenerateIO,
): Promise<number> {
  try {
    return await run();
  } catch (error) {
    return reportError(codegen, error, io);
  }
}

function reportError(codegen: Codegen, error: unknown, io: GenerateIO): number {
  if (error instanceof codegen.ManifestLoadError) {
    io.stderr(formatDiagnostics(error.diagnostics, { sources: error.sources }));
  } else if (error instanceof ToolscopeError) {
    io.stderr(formatError(error).trimEnd());
  } else {
    throw error;
  }
  return 1;
}

/** Re-runs on changes to the manifest inputs, debounced, until the signal aborts. */
function watchManifests(
  inputs: readonly string[],
  rerun: () => Promise<number>,
  io: GenerateIO & { readonly building: boolean },
): Promise<void> {
  return new Promise((done) => {
    let timer: NodeJS.Timeout | undefined;
    let running = Promise.resolve(0);
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = running.then(rerun);
      }, DEBOUNCE_MS);
    };
    // A glob cannot be watched: watch the directory it starts in instead.
    const targets = inputs.map((input) =>
      input.includes('*')
        ? input.slice(0, input.indexOf('*')).replace(/[^/\\]*$/, '') || '.'
        : input,
    );
    const watchers = [...new Set(targets)].map((target) => watch(target, schedule));
    io.stdout(`watching ${plural(inputs.length, 'input')}; Ctrl-C to stop`);
    if (!io.building) {
      io.stdout(
        'sources only: add --build to keep dist/ current, or run your build (npm run build)',
      );
    }
    const stop = () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      void running.then(() => done());
    };
    if (io.signal?.aborted) stop();
    io.signal?.addEventListener('abort', stop, { once: true });
  });
}

/** The `generate` verb for the `toolscope` dispatcher. */
export const generateCommand: Command = {
  name: 'generate',
  summary: GENERATE_SUMMARY,
  usage: GENERATE_USAGE,
  run: (args, context) =>
    runGenerateCommand(args, {
      cwd: context.cwd,
      stdout: (line) => context.stdout(`${line}\n`),
      stderr: (line) => context.stderr(`${line}\n`),
    }),
};
