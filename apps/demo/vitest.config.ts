import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Both tests start real processes on loopback; run them one after the other.
    fileParallelism: false,
    testTimeout: 150_000,
    hookTimeout: 60_000,
  },
});
