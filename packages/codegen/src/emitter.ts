import type { ResolvedConfig } from './config/index.js';
import type { ToolsetPlan } from './plan.js';

/** One file an emitter makes: a path relative to its package directory, and its text. */
export interface GeneratedFile {
  readonly path: string;
  readonly contents: string;
}

/** An emitter plugin: the one signature every emitter has, `(ir, config) → files`. */
export type Emitter = (toolset: ToolsetPlan, config: ResolvedConfig) => readonly GeneratedFile[];
