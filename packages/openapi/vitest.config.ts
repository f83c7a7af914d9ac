import { defineConfig } from 'vitest/config';

// The corpus test imports real specifications and type-checks generated code:
// on a shared 2-core machine that takes tens of seconds, bounded inside the test.
export default defineConfig({ test: { testTimeout: 120_000 } });
