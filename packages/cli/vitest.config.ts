import { defineConfig } from 'vitest/config';

// The CLI tests spawn the built bin, and each start loads the generator too: on a
// shared 2-core machine one spawn can take seconds, so the default 5 s is too tight.
export default defineConfig({ test: { testTimeout: 30_000 } });
