import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['scripts/**/*.test.ts'],
    // The browser test builds the site once (about 15 s on two cores) and drives chromium.
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
