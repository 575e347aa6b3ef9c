import { defineConfig } from 'vitest/config';

/**
 * Two projects (README, "Tests"):
 * - unit: tests/unit/, in-process, no Chromium and no CLI process; the files run side by side.
 * - e2e: tests/e2e/, the real CLI (src/bin.js) and real Chromium, PDFs read back with poppler or pdf.js. They run
 *   after the unit tests, one file at a time. Artefacts that several files only read are built once per run
 *   (tests/helpers/shared-build.ts).
 */
export default defineConfig({
  test: {
    // Both cores for the unit files (vitest would leave one free): 22 s instead of 35 s for the unit project here
    // (docs/performance.md, "The test suite"). The end-to-end files run one at a time all the same.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          // Chromium renders PDFs: seconds, not milliseconds.
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One file at a time: the layouts keep both cores busy (a document is laid out in two browser pages at
          // once); two files side by side gained nothing measurable and doubled each file's time
          // (docs/performance.md, "The test suite").
          fileParallelism: false,
          globalSetup: ['tests/helpers/global-setup.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
