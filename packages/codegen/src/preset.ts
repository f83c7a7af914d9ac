import { clientEmitter } from './emit/client.js';
import { DOCS_TEMPLATE_SET, docsFiles } from './emit/docs.js';
import { serverEmitter } from './emit/server.js';
import {
  builtinPlugins,
  compileTemplate,
  emitToolset,
  groupTemplates,
  readTemplatesSync,
} from './plugin-run.js';
import type { Emitter, PackageKind, PackageOutput, ResolvedConfig, ToolsetPlan } from './types.js';

export type { PackageOutput } from './types.js';

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
