import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // A site build takes 15 s alone and over a minute on a busy two-core machine.
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
