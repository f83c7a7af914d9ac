import { checkCommand } from './check.js';
import { diffCommand } from './diff.js';
import { docsCommand } from './docs.js';
import { generateCommand } from './generate.js';
import { importCommand } from './import.js';
import { initCommand } from './init.js';
import { serveCommand } from './serve.js';
import type { Command } from './types.js';
import { verifyCommand } from './verify.js';

/**
 * Every verb of `toolscope`, in the order `--help` lists them.
 * The generator adds its verb here: import `generateCommand` from './generate.js'
 * and append it to this list; nothing else needs to change.
 */
export const commands: readonly Command[] = [
  checkCommand,
  initCommand,
  generateCommand,
  diffCommand,
  verifyCommand,
  docsCommand,
  serveCommand,
  importCommand,
];
