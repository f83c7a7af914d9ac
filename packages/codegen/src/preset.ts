import type { PackageKind, ResolvedConfig } from './config/index.js';
import { clientEmitter } from './emit/client.js';
import { docsEmitter } from './emit/docs.js';
import { packageFiles } from './emit/package-files.js';
import { serverEmitter } from './emit/server.js';
import type { Emitter, GeneratedFile } from './emitter.js';
import type { ToolsetPlan } from './plan.js';

/** The files of one generated package, paths relative to the output directory. */
export interface PackageOutput {
  /** The toolset the package belongs to: its owner in the generated-file list. */
  readonly toolset: string;
  readonly kind: PackageKind;
  readonly name: string;
  /** Directory relative to the output directory. */
  readonly dir: string;
  /** Sorted by path; paths relative to `dir`. */
  readonly files: readonly GeneratedFile[];
}

/** The emitter of each package kind's sources; package.json and friends are added to all. */
export const PACKAGE_EMITTERS: Readonly<Record<PackageKind, Emitter>> = {
  server: serverEmitter,
  client: clientEmitter,
  docs: docsEmitter,
};

/** The preset: expands one toolset into its server, client and docs packages. */
export function toolsetPreset(plan: ToolsetPlan, config: ResolvedConfig): PackageOutput[] {
  return (['server', 'client', 'docs'] as const).map((kind) => {
    const files = [...packageFiles(plan, kind, config), ...PACKAGE_EMITTERS[kind](plan, config)];
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const { name, dir } = plan.packages[kind];
    return { toolset: plan.toolset.name, kind, name, dir, files };
  });
}
