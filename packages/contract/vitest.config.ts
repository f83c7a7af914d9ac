import { defineConfig } from 'vitest/config';

// The verify and changeset tests start real servers and child processes on a
// shared 2-core machine, so the default 5 s is too tight.
export default defineConfig({ test: { testTimeout: 30_000 } });
