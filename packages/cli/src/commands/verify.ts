import { loadConfig } from '@toolscope/codegen/config';
import type { VerifyTarget } from '@toolscope/contract';
import { formatDiagnostics, loadManifests } from '@toolscope/manifest';
import { parseCommandLine, UsageError } from '../args.js';
import { type Command, EXIT } from './types.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `toolscope verify`: a running server's tools/list against the manifests it should serve. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: "Check a running MCP server's tools/list against the manifests",
  usage: `Usage: toolscope verify [manifests…] [options] --url <http://…/mcp>
       toolscope verify [manifests…] [options] --stdio <command> [args…]

Connects with the official MCP SDK client, lists the server's tools and
compares them with the manifests (default: the config's "manifests"): missing
and extra tools, title, description, annotations, inputSchema and
outputSchema, and the declared authorization in all three places (top-level
authorization, _meta["io.toolscope/authorization"], securitySchemes). Each
difference is a diagnostic at the manifest's file and line.

Options:
  --url <url>              The server's Streamable HTTP endpoint
  --stdio <command…>       Start the server as a child process and speak MCP
                           on its stdio; every argument after it belongs to
                           the command, so put other options first; the
                           command inherits this environment
  --call-without-token     Also call each oauth2 and apiKey tool without a
                           token and expect the declared refusal
                           (missing_token, as an error or a tool result)
  --strict-providers       Treat different provider URLs (issuer, resource,
                           endpoints) as errors, not warnings
  --json                   Print one JSON object instead of text
  --config <file>          toolscope.config.* for the default manifests
  -h, --help               Show this help

Exit status: 0 when the server matches, 1 on any mismatch (or manifests that
do not load, or a server that cannot be reached), 2 on a wrong command line.`,
  async run(all, context) {
    const at = all.indexOf('--stdio');
    const args = at < 0 ? all : all.slice(0, at);
    const stdio = at < 0 ? undefined : all.slice(at + 1);
    const { values, positionals } = parseCommandLine(
      args,
      {
        url: { type: 'string' },
        'call-without-token': { type: 'boolean' },
        'strict-providers': { type: 'boolean' },
        json: { type: 'boolean' },
        config: { type: 'string' },
      },
      'verify',
    );
    const url = typeof values.url === 'string' ? values.url : undefined;
    if ((url === undefined) === (stdio === undefined)) {
      throw new UsageError(
        url === undefined
          ? 'Say where the server is: --url or --stdio.'
          : 'Pass --url or --stdio, not both.',
        'Run `toolscope verify --help`.',
      );
    }
    if (stdio !== undefined && stdio.length === 0) {
      throw new UsageError(
        '--stdio needs the command that starts the server.',
        'e.g. --stdio node dist/server.js',
      );
    }
    const target: VerifyTarget =
      url !== undefined
        ? { url }
        : { command: stdio![0]!, args: stdio!.slice(1), cwd: context.cwd };
    const inputs =
      positionals.length > 0
        ? positionals
        : (
            await loadConfig(
              context.cwd,
              typeof values.config === 'string' ? values.config : undefined,
            )
          ).config.manifests;
    const loaded = await loadManifests(inputs, { cwd: context.cwd });
    const loadErrors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (loaded.ir === undefined || loadErrors.length > 0) {
      context.stderr(
        `error: the manifests do not load:\n\n${formatDiagnostics(loadErrors, { sources: loaded.sources, color: context.color })}\n`,
      );
      return EXIT.failed;
    }
    // The contract package (and the MCP SDK client it drives) loads only when verify runs.
    const { verifyServer } = await import('@toolscope/contract');
    const report = await verifyServer(loaded.ir, target, {
      callWithoutToken: values['call-without-token'] === true,
      strictProviders: values['strict-providers'] === true,
    });
    const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = report.diagnostics.length - errors;
    if (values.json) {
      context.stdout(`${JSON.stringify({ ...report, errors, warnings }, null, 2)}\n`);
    } else {
      if (report.diagnostics.length > 0) {
        context.stdout(
          `${formatDiagnostics(report.diagnostics, { sources: loaded.sources, color: context.color })}\n\n`,
        );
      }
      const refusals =
        values['call-without-token'] === true
          ? `, ${plural(report.refusalsChecked, 'token-less call')} checked`
          : '';
      context.stdout(
        `${plural(report.listed, 'tool')} listed, ${plural(report.declared, 'tool')} declared${refusals}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`,
      );
    }
    return report.ok ? EXIT.ok : EXIT.failed;
  },
};
