import path from 'node:path';
import { fillPattern, loadConfig, PACKAGE_KINDS } from '@toolscope/codegen/config';
import type { ChangesetResult } from '@toolscope/contract';
import {
  formatDiagnostics,
  type LoadResult,
  loadManifestSources,
  loadManifests,
} from '@toolscope/manifest';
import { parseCommandLine, UsageError } from '../args.js';
import { type Command, type CommandContext, EXIT } from './types.js';

function failedLoad(result: LoadResult, side: string, context: CommandContext): boolean {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return false;
  context.stderr(
    `error: the ${side} manifests do not load:\n\n${formatDiagnostics(errors, { sources: result.sources, color: context.color })}\n`,
  );
  return true;
}

/** `toolscope diff`: the classified changes between two versions of the manifests, and the version gate. */
export const diffCommand: Command = {
  name: 'diff',
  summary: 'Classify the changes between two manifest versions (major/minor/patch)',
  usage: `Usage: toolscope diff <old> <new> [options]
       toolscope diff --base <git-ref> [paths…] [options]

Compares two versions of the manifests (files or folders) toolset by
toolset: every change to tools, schemas (JSON-Schema aware), authorization and
providers, classified major, minor or patch with who it affects (client
callers, server implementers, end users' tokens) and why. With --base, the old
side is read from a git revision (git show, nothing is checked out) and the
new side is the working tree (default paths: the config's "manifests").

Options:
  --base <git-ref>     Compare <ref>'s manifests with the working tree's
  --json               Print one JSON object instead of the table
  --changeset          Also write a .changeset/*.md bumping each changed
                       toolset's generated packages by the computed level
  --dir <dir>          Where --changeset writes (default: .changeset)
  --config <file>      toolscope.config.* for package names and default paths
  --show-unchanged     List toolsets without changes too
  -h, --help           Show this help

Versions: a breaking (major) change must come with a major bump of the
toolset's "version". Before 1.0 the minor is the breaking position (0.3.x →
0.4.0), and in 0.0.z every patch is.

Exit status: 0 when every breaking change has a major version bump, 1 when one
does not (or the manifests do not load), 2 on a wrong command line.`,
  async run(args, context) {
    const { values, positionals } = parseCommandLine(
      args,
      {
        base: { type: 'string' },
        json: { type: 'boolean' },
        changeset: { type: 'boolean' },
        dir: { type: 'string' },
        config: { type: 'string' },
        'show-unchanged': { type: 'boolean' },
      },
      'diff',
    );
    const base = typeof values.base === 'string' ? values.base : undefined;
    const configFile = typeof values.config === 'string' ? values.config : undefined;
    if (values.dir !== undefined && values.changeset !== true) {
      throw new UsageError('--dir only goes with --changeset.', 'Run `toolscope diff --help`.');
    }
    // The contract package (git reads, the differ) loads only when diff runs.
    const { diffManifests, readManifestsAtRef, renderDiffText, writeChangeset } = await import(
      '@toolscope/contract'
    );
    const needsConfig =
      values.changeset === true || (base !== undefined && positionals.length === 0);
    const config = needsConfig ? (await loadConfig(context.cwd, configFile)).config : undefined;
    let before: LoadResult;
    let after: LoadResult;
    if (base !== undefined) {
      const paths = positionals.length > 0 ? positionals : (config?.manifests ?? ['manifests']);
      before = loadManifestSources(await readManifestsAtRef(base, paths, context.cwd));
      after = await loadManifests(paths, { cwd: context.cwd });
    } else {
      if (positionals.length !== 2) {
        throw new UsageError(
          `toolscope diff takes two paths, the old and the new manifests (got ${positionals.length}).`,
          'Run `toolscope diff old/ new/`, or `toolscope diff --base main`.',
        );
      }
      before = await loadManifests(positionals[0]!, { cwd: context.cwd });
      after = await loadManifests(positionals[1]!, { cwd: context.cwd });
    }
    if (failedLoad(before, 'old', context) || failedLoad(after, 'new', context)) return EXIT.failed;
    const diff = diffManifests(before.ir!, after.ir!);
    let changeset: ChangesetResult | undefined;
    if (values.changeset === true && config) {
      const dir = path.resolve(
        context.cwd,
        typeof values.dir === 'string' ? values.dir : '.changeset',
      );
      changeset = await writeChangeset(diff, dir, (toolset) =>
        PACKAGE_KINDS.map((kind) =>
          fillPattern(config.packageName, { scope: config.scope, toolset, kind }),
        ),
      );
    }
    if (values.json) {
      const report = {
        ...diff,
        ...(changeset
          ? {
              changeset: {
                ...changeset,
                ...(changeset.file ? { file: path.relative(context.cwd, changeset.file) } : {}),
              },
            }
          : {}),
      };
      context.stdout(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      context.stdout(
        `${renderDiffText(diff, { showUnchanged: values['show-unchanged'] === true })}\n`,
      );
      if (changeset) {
        const where = changeset.file ? path.relative(context.cwd, changeset.file) : '';
        context.stdout(
          changeset.status === 'written'
            ? `Wrote the changeset ${where}.\n`
            : changeset.status === 'exists'
              ? `The changeset ${where} already records these changes; left as it is.\n`
              : 'Nothing to release: no changeset written.\n',
        );
      }
    }
    return diff.ok ? EXIT.ok : EXIT.failed;
  },
};
