import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { formatDiagnostics } from '@toolscope/manifest';
import { parseCommandLine, UsageError } from '../args.js';
import { type Command, EXIT } from './types.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Where the manifest JSON Schema is, as the `$schema=` line of a manifest
 * written in `dir` should point at it: the project's own @toolscope/manifest,
 * else the one the CLI uses, else the path a project install would have.
 */
function schemaPathFrom(dir: string, cwd: string): string {
  for (const base of [path.join(cwd, 'package.json'), import.meta.url]) {
    try {
      const found = createRequire(base).resolve('@toolscope/manifest/manifest.schema.json');
      return path.relative(dir, found).split(path.sep).join('/');
    } catch {
      // not installed there
    }
  }
  return path
    .relative(dir, path.join(cwd, 'node_modules/@toolscope/manifest/manifest.schema.json'))
    .split(path.sep)
    .join('/');
}

/** `toolscope import openapi <spec>`: an OpenAPI 3.0/3.1 document to a manifest of declarative HTTP tools. */
export const importCommand: Command = {
  name: 'import',
  summary: 'Import an OpenAPI 3.0/3.1 document as a manifest',
  usage: `Usage: toolscope import openapi <spec> [--out FILE] [--force] [--toolset ID] [--prefix P] [--json]

Reads an OpenAPI 3.0 or 3.1 document (YAML or JSON, local $refs) and writes a
manifest with one declarative HTTP tool per operation: parameters and the JSON
request body as the input, the 2xx JSON response as the output, each
operation's security requirement (with its OAuth scopes) as the tool's
authorization, the security schemes as providers and the first server as their
resource. Whatever cannot be mapped is printed as a diagnostic positioned in
the OpenAPI document.

Options:
  --out <file>     Write the manifest there (default: standard output)
  --force          Replace --out if it exists (never done without it)
  --toolset <id>   The toolset id (default: from info.title)
  --prefix <p>     Put p before every tool name, e.g. shop_ (tool names must
                   be unique across the toolsets a server serves)
  --json           Print the diagnostics and counts as one JSON object
  -h, --help       Show this help

Exit status 1 when an error stops the import; warnings are printed and the
manifest is written.`,
  async run(args, context) {
    const { values, positionals } = parseCommandLine(
      args,
      {
        out: { type: 'string' },
        force: { type: 'boolean' },
        toolset: { type: 'string' },
        prefix: { type: 'string' },
        json: { type: 'boolean' },
      },
      'import',
    );
    const [format, spec, ...extra] = positionals;
    if (format !== 'openapi') {
      throw new UsageError(
        format === undefined
          ? 'Name what to import: `toolscope import openapi <spec>`.'
          : `Unknown import format "${format}"; toolscope imports openapi.`,
        'Run `toolscope import --help`.',
      );
    }
    if (spec === undefined) {
      throw new UsageError('Name the OpenAPI document: `toolscope import openapi <spec>`.');
    }
    if (extra.length > 0) {
      throw new UsageError(`One document at a time; unexpected "${extra[0]}".`);
    }
    const toolset = typeof values.toolset === 'string' ? values.toolset : undefined;
    if (typeof values.prefix === 'string' && !/^[A-Za-z0-9_.-]{1,64}$/.test(values.prefix)) {
      throw new UsageError(
        `--prefix "${values.prefix}" cannot start a tool name.`,
        'Use letters, digits, _, . and - (at most 64), e.g. --prefix shop_.',
      );
    }
    if (toolset !== undefined && !/^[a-z][a-z0-9-]{0,63}$/.test(toolset)) {
      throw new UsageError(
        `--toolset "${toolset}" is not a toolset id.`,
        'Use lowercase letters, digits and dashes, starting with a letter (at most 64).',
      );
    }
    const specPath = path.resolve(context.cwd, spec);
    const shown = path.relative(context.cwd, specPath).split(path.sep).join('/') || spec;
    let text: string;
    try {
      text = await readFile(specPath, 'utf8');
    } catch {
      context.stderr(`error: cannot read "${shown}".\n`);
      return EXIT.failed;
    }
    const out = typeof values.out === 'string' ? path.resolve(context.cwd, values.out) : undefined;
    const schemaPath = schemaPathFrom(
      out === undefined ? context.cwd : path.dirname(out),
      context.cwd,
    );
    // Loaded here, so the other commands never pay for the importer.
    const { importOpenApi } = await import('@toolscope/openapi');
    const result = importOpenApi(text, {
      file: shown,
      schemaPath,
      ...(toolset === undefined ? {} : { toolset }),
      ...(typeof values.prefix === 'string' ? { toolPrefix: values.prefix } : {}),
    });
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = result.diagnostics.length - errors;
    const summary = `${plural(result.stats.operations, 'operation')}, ${plural(result.stats.tools, 'tool')}, ${plural(result.stats.scopes, 'required scope')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
    let written: string | undefined;
    if (result.yaml !== undefined && out !== undefined) {
      try {
        // The folder (`manifests/` in a project that has none yet) is created;
        // `wx` refuses an existing file in the same system call that creates it.
        await mkdir(path.dirname(out), { recursive: true });
        await writeFile(out, result.yaml, { flag: values.force === true ? 'w' : 'wx' });
        written = path.relative(context.cwd, out).split(path.sep).join('/');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const target = path.relative(context.cwd, out).split(path.sep).join('/');
        context.stderr(
          code === 'EEXIST'
            ? `error: "${target}" exists; pass --force to replace it.\n`
            : `error: cannot write "${target}" (${code ?? 'unknown error'}).\n`,
        );
        return EXIT.failed;
      }
    }
    if (values.json === true) {
      const report = {
        ok: errors === 0,
        ...result.stats,
        errors,
        warnings,
        ...(written === undefined ? {} : { out: written }),
        diagnostics: result.diagnostics,
        ...(out === undefined && result.yaml !== undefined ? { manifest: result.yaml } : {}),
      };
      context.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return errors > 0 ? EXIT.failed : EXIT.ok;
    }
    if (result.diagnostics.length > 0) {
      // A minified document is one long line: a code frame of it would flood the terminal.
      const framed = text.split('\n').every((line) => line.length <= 400);
      context.stderr(
        `${formatDiagnostics(result.diagnostics, { sources: framed ? [{ file: shown, text }] : [], color: context.color })}\n\n`,
      );
    }
    if (out === undefined && result.yaml !== undefined) context.stdout(result.yaml);
    context.stderr(`${summary}${written === undefined ? '' : `; wrote ${written}`}\n`);
    return errors > 0 ? EXIT.failed : EXIT.ok;
  },
};
