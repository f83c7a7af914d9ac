import { loadConfig } from '@toolscope/codegen/config';
import { type Diagnostic, formatDiagnostics, loadManifests } from '@toolscope/manifest';
import { parseCommandLine } from '../args.js';
import { type Command, EXIT } from './types.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `toolscope check`: load and validate manifests, print diagnostics like a compiler. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'Validate manifests and print their diagnostics',
  usage: `Usage: toolscope check [paths…] [--json] [--fail-on-warnings]

Loads every manifest together (files, folders or globs; default: the
"manifests" of the config file \`toolscope generate\` uses, else manifests/) and
prints each problem with its file, line, column, code frame, hint and JSON
pointer.

Options:
  --config <file>      toolscope.config.ts|.mts|.js|.mjs|.json (default: the first found)
  --json               Print one JSON object instead of text
  --fail-on-warnings   Exit 1 on warnings too
  -h, --help           Show this help

With --fail-on-warnings a warning, like an error, makes the exit status 1.`,
  async run(args, context) {
    const { values, positionals } = parseCommandLine(
      args,
      {
        config: { type: 'string' },
        json: { type: 'boolean' },
        'fail-on-warnings': { type: 'boolean' },
      },
      'check',
    );
    // The generator's own config loader, so check and generate read the same
    // manifests; its entry point does not load the emitters.
    const inputs =
      positionals.length > 0
        ? positionals
        : (
            await loadConfig(
              context.cwd,
              typeof values.config === 'string' ? values.config : undefined,
            )
          ).config.manifests;
    const result = await loadManifests(inputs, { cwd: context.cwd });
    const count = (severity: Diagnostic['severity']) =>
      result.diagnostics.filter((d) => d.severity === severity).length;
    const errors = count('error');
    const warnings = count('warning');
    const failed = errors > 0 || (values['fail-on-warnings'] === true && warnings > 0);
    const { toolsets, tools } = result.counts;
    if (values.json) {
      const report = {
        ok: !failed,
        toolsets,
        tools,
        errors,
        warnings,
        files: result.files,
        diagnostics: result.diagnostics,
      };
      context.stdout(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      if (result.diagnostics.length > 0) {
        context.stdout(
          `${formatDiagnostics(result.diagnostics, { sources: result.sources, color: context.color })}\n\n`,
        );
      }
      context.stdout(
        `${plural(toolsets, 'toolset')}, ${plural(tools, 'tool')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`,
      );
    }
    return failed ? EXIT.failed : EXIT.ok;
  },
};
