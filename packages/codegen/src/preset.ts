import type { PackageKind, ResolvedConfig } from './config/index.js';
import { clientEmitter } from './emit/client.js';
import { DOCS_TEMPLATE_SET, docsFiles } from './emit/docs.js';
import { serverEmitter } from './emit/server.js';
import type { Emitter, GeneratedFile } from './emitter.js';
import type { ToolsetPlan } from './plan.js';
import {
  builtinPlugins,
  compileTemplate,
  emitToolset,
  groupTemplates,
  readTemplatesSync,
} from './plugin-run.js';

/** The files of one generated package, paths relative to the output directory. */
export interface PackageOutput {
  /** The toolset the package belongs to: its owner in the generated-file list. */
  readonly toolset: string;
  /** `server`, `client`, `docs`, or a plugin's own package kind. */
  readonly kind: PackageKind | (string & {});
  readonly name: string;
  /** Directory relative to the output directory. */
  readonly dir: string;
  /** Sorted by path; paths relative to `dir`. */
  readonly files: readonly GeneratedFile[];
}

/**
 * The emitter of each built-in package kind's sources (package.json and
 * friends excluded).
 *
 * @deprecated The built-in outputs are plugins now (`server`, `client`, `docs`
 * in the config's `plugins`); this record reads the docs templates from disk
 * on every call. Kept for code written against 0.1.
 */
export const PACKAGE_EMITTERS: Readonly<Record<PackageKind, Emitter>> = {
  server: serverEmitter,
  client: clientEmitter,
  docs: (plan, config) =>
    docsFiles(
      plan,
      groupTemplates(
        readTemplatesSync('docs', DOCS_TEMPLATE_SET, config.templates),
        compileTemplate,
      ).get('docs') ?? new Map(),
    ),
};

/**
 * Expands one toolset into its server, client and docs packages with the
 * built-in plugins, reading the docs templates from disk on every call.
 *
 * @deprecated Use `createGenerator`, which runs the config's `plugins` and
 * loads templates once per run in its load stage.
 */
export function toolsetPreset(plan: ToolsetPlan, config: ResolvedConfig): PackageOutput[] {
  const templates = groupTemplates(
    readTemplatesSync('docs', DOCS_TEMPLATE_SET, config.templates),
    compileTemplate,
  );
  return emitToolset(plan, builtinPlugins(), config, templates);
}
