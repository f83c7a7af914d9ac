#!/usr/bin/env node
import { enableCompileCache } from './compile-cache.js';

// Before anything else loads: with Node's compile cache (Node >= 22.1; a no-op
// on Node 20) later runs skip compiling ts-morph's TypeScript. Off with
// NODE_DISABLE_COMPILE_CACHE=1. The command itself is imported after this.
enableCompileCache(process.cwd());

// `toolscope generate --dry-run | head` closes the pipe early: that is the
// reader's choice, not a failure, so end quietly instead of with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const colorWanted =
  process.env.FORCE_COLOR !== undefined
    ? process.env.FORCE_COLOR !== '0'
    : process.stdout.isTTY === true && process.env.NO_COLOR === undefined;

const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: colorWanted,
  userAgent: process.env.npm_config_user_agent,
});
