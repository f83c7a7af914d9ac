import type { ResolvedConfig } from './config/index.js';
import type { ToolsetPlan } from './plan.js';

/** One file an emitter makes: a path relative to its package directory, and its text. */
export interface GeneratedFile {
  readonly path: string;
  readonly contents: string;
}

/**
 * The built-in emitters' signature, `(plan, config) → files`. A team's own
 * output is a plugin (`definePlugin`, `ToolscopePlugin`), which the built-in
 * three are wrapped in too.
 */
export type Emitter = (toolset: ToolsetPlan, config: ResolvedConfig) => readonly GeneratedFile[];
