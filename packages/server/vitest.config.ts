import { defineConfig } from 'vitest/config';

// Transport tests start real child processes and HTTP servers: on a shared 2-core
// machine the default 5 s per test is too tight; each test still bounds its own waits.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 30_000 } });
