/**
 * Global setup of the end-to-end tests (vitest.config.ts, project "e2e"): one scratch folder for the run, handed
 * to the test files with `provide('suiteDir')` and removed when the run ends. The artefacts that several files
 * only read (the `build --all` of entries/, tests/helpers/shared-build.ts) are made in it once per run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const suiteDir = mkdtempSync(path.join(os.tmpdir(), 'kompendium-suite-'));
  project.provide('suiteDir', suiteDir);
  return () => {
    rmSync(suiteDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's scratch folder (tests/helpers/global-setup.ts). */
    suiteDir: string;
  }
}
