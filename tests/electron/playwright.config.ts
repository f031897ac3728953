import { defineConfig } from '@playwright/test';

// Tests of the Electron shell: they launch the built app with Playwright's Electron API, one app
// at a time because each launch owns a data folder and a single-instance lock.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  reporter: [['list'], ['json']],
  outputDir: '../../test-results/electron',
});
