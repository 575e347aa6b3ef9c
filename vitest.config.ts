import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // End-to-end tests start Chromium and render PDFs: seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Test files run one after another: the renderer tests count the machine's Chromium processes and profile
    // folders, which a parallel end-to-end build would add to; and two cores are better spent on one Chromium.
    fileParallelism: false,
  },
});
