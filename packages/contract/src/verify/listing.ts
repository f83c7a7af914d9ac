/**
 * Comparing a server's `tools/list` with the manifests: missing and extra
 * tools, text, hints, both schemas and the three places of the declared
 * authorization (wire-protocol.md §1), each as a diagnostic at the manifest's line.
 */
import { META_AUTHORIZATION_KEY, META_SECURITY_SCHEMES_KEY } from '@toolscope/core';
import type { Diagnostic, ManifestIR, ToolIR, ToolsetIR } from '@toolscope/manifest';
import { locateToolset, type ToolsetLocator } from '../locate.js';
import { terminalSafe } from '../render-text.js';
import { isObject, showValue } from '../schema/json.js';
import { expectedListedTool } from './expected.js';
import { fieldPath, type JsonDifference, jsonDifferences } from './json-diff.js';

/** Options of the listing comparison. */
export interface ListingOptions {
  /**
   * Treat differing provider URLs (issuer, endpoints, resource) as errors. By
   * default they are warnings: a deployment may point a provider at its own
   * issuer, as the demo does with its loopback stand-ins.
   */
  readonly strictProviders?: boolean;
}

/** Every diagnostic code `toolscope verify` reports, with what it means. */
export const VERIFY_CODES = {
  VERIFY_TOOL_MISSING: 'a manifest tool the server does not list',
  VERIFY_TOOL_EXTRA: 'a listed tool no manifest declares',
  VERIFY_TEXT_MISMATCH: 'the title or description differs',
  VERIFY_ANNOTATIONS_MISMATCH: 'the tool annotations differ',
  VERIFY_SCHEMA_MISMATCH: 'the inputSchema or outputSchema differs',
  VERIFY_AUTHORIZATION_MISMATCH: 'the top-level authorization declaration differs',
  VERIFY_META_MISMATCH: '_meta["io.toolscope/authorization"] differs',
  VERIFY_SECURITY_SCHEMES_MISMATCH: 'securitySchemes (top-level or in _meta) differ',
  VERIFY_PROVIDER_FACT: "a provider's public URL differs (a warning unless --strict-providers)",
  VERIFY_REFUSAL_MISSING: 'a call without a token was not refused with missing_token',
} as const;

/** A verify diagnostic code. */
export type VerifyCode = keyof typeof VERIFY_CODES;

function diagnostic(
  code: VerifyCode,
  message: string,
  at: { file: string; line: number; column: number; pointer: string },
  severity: Diagnostic['severity'] = 'error',
  hint?: string,
): Diagnostic {
  return {
    severity,
    code,
    message: terminalSafe(message),
    ...(hint === undefined ? {} : { hint }),
    file: at.file,
    line: at.line,
    column: at.column,
    pointer: at.pointer,
  };
}

const shown = (value: unknown) => (value === undefined ? 'nothing' : showValue(value));

function differenceText(d: JsonDifference): string {
  return `the manifest says ${shown(d.expected)}, the server lists ${shown(d.actual)}`;
}

interface ToolContext {
  readonly toolset: ToolsetIR;
  readonly tool: ToolIR;
  readonly locator: ToolsetLocator;
  readonly options: ListingOptions;
}

function compareSchemas(
  ctx: ToolContext,
  expected: Record<string, unknown>,
  actual: Readonly<Record<string, unknown>>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { tool, locator } = ctx;
  for (const [key, side] of [
    ['inputSchema', 'input'],
    ['outputSchema', 'output'],
  ] as const) {
    for (const d of jsonDifferences(expected[key], actual[key])) {
      const field = `${side}${fieldPath(d.pointer)}`;
      const at = locator.inSchema(tool, side, d.pointer);
      out.push(
        diagnostic(
          'VERIFY_SCHEMA_MISMATCH',
          `${tool.name} ${field}: ${differenceText(d)}.`,
          at,
          'error',
          'Regenerate and redeploy the server, or change the manifest to what is served.',
        ),
      );
    }
  }
  return out;
}

function compareDeclarations(
  ctx: ToolContext,
  expected: Record<string, unknown>,
  actual: Readonly<Record<string, unknown>>,
): Diagnostic[] {
  const { tool } = ctx;
  const at = { ...tool.source, pointer: `${tool.source.pointer}/authorization` };
  const out: Diagnostic[] = [];
  const meta = (o: Readonly<Record<string, unknown>>) => (isObject(o._meta) ? o._meta : {});
  const places = [
    [
      'VERIFY_AUTHORIZATION_MISMATCH',
      'authorization',
      expected.authorization,
      actual.authorization,
    ],
    [
      'VERIFY_META_MISMATCH',
      `_meta["${META_AUTHORIZATION_KEY}"]`,
      meta(expected)[META_AUTHORIZATION_KEY],
      meta(actual)[META_AUTHORIZATION_KEY],
    ],
    [
      'VERIFY_SECURITY_SCHEMES_MISMATCH',
      'securitySchemes',
      expected.securitySchemes,
      actual.securitySchemes,
    ],
    [
      'VERIFY_SECURITY_SCHEMES_MISMATCH',
      `_meta.${META_SECURITY_SCHEMES_KEY}`,
      meta(expected)[META_SECURITY_SCHEMES_KEY],
      meta(actual)[META_SECURITY_SCHEMES_KEY],
    ],
  ] as const;
  for (const [code, where, want, got] of places) {
    for (const d of jsonDifferences(want, got)) {
      const providerUrl = code === 'VERIFY_META_MISMATCH' && /^\/provider\/(?!id$)/.test(d.pointer);
      const path = d.pointer === '' ? '' : ` ${d.pointer.slice(1).replaceAll('/', '.')}`;
      out.push(
        providerUrl
          ? diagnostic(
              'VERIFY_PROVIDER_FACT',
              `${tool.name} ${where}${path}: ${differenceText(d)}.`,
              at,
              ctx.options.strictProviders === true ? 'error' : 'warning',
              'A deployment may point a provider elsewhere; check that this is intended.',
            )
          : diagnostic(code, `${tool.name} ${where}${path}: ${differenceText(d)}.`, at),
      );
    }
  }
  return out;
}

function compareTool(ctx: ToolContext, actual: Readonly<Record<string, unknown>>): Diagnostic[] {
  const expected = expectedListedTool(ctx.toolset, ctx.tool);
  const out: Diagnostic[] = [];
  for (const key of ['title', 'description'] as const) {
    if (expected[key] !== actual[key]) {
      out.push(
        diagnostic(
          'VERIFY_TEXT_MISMATCH',
          `${ctx.tool.name} ${key}: ${differenceText({ pointer: '', expected: expected[key], actual: actual[key] })}.`,
          ctx.tool.source,
        ),
      );
    }
  }
  for (const d of jsonDifferences(expected.annotations, actual.annotations)) {
    out.push(
      diagnostic(
        'VERIFY_ANNOTATIONS_MISMATCH',
        `${ctx.tool.name} annotations${d.pointer.replaceAll('/', '.')}: ${differenceText(d)}.`,
        ctx.tool.source,
      ),
    );
  }
  return [
    ...out,
    ...compareSchemas(ctx, expected, actual),
    ...compareDeclarations(ctx, expected, actual),
  ];
}

/** The toolset an unknown tool most likely belongs to: by name prefix, else the first. */
function homeOf(ir: ManifestIR, name: string): ToolsetIR | undefined {
  return (
    ir.toolsets.find((t) => name.startsWith(`${t.name}_`) || name.startsWith(`${t.name}.`)) ??
    ir.toolsets[0]
  );
}

/** Compares the listed tools with every tool of the manifests. */
export function compareListing(
  ir: ManifestIR,
  listed: readonly Readonly<Record<string, unknown>>[],
  options: ListingOptions = {},
): Diagnostic[] {
  const byName = new Map(listed.map((t) => [String(t.name), t]));
  const declared = new Set<string>();
  const out: Diagnostic[] = [];
  for (const toolset of ir.toolsets) {
    const locator = locateToolset(toolset);
    for (const tool of toolset.tools) {
      declared.add(tool.name);
      const actual = byName.get(tool.name);
      if (actual === undefined) {
        out.push(
          diagnostic(
            'VERIFY_TOOL_MISSING',
            `The server does not list the tool "${tool.name}".`,
            tool.source,
            'error',
            'Register its handler (regenerate the server package), or remove the tool from the manifest.',
          ),
        );
        continue;
      }
      out.push(...compareTool({ toolset, tool, locator, options }, actual));
    }
  }
  for (const name of [...byName.keys()].sort()) {
    if (declared.has(name)) continue;
    const home = homeOf(ir, name);
    if (!home) continue;
    out.push(
      diagnostic(
        'VERIFY_TOOL_EXTRA',
        `The server lists the tool "${name}", which no manifest declares.`,
        { ...home.source, pointer: '/tools' },
        'error',
        'Add it to a manifest, or pass every manifest the server is built from.',
      ),
    );
  }
  return out;
}
