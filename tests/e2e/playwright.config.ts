import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_FLAGS, chromiumPath } from '../../src/core/util/chromium';

/** Chromium flags every browser test here uses (see helpers' COMMON.md): no sandbox, no background traffic. */
export const CHROMIUM_ARGS = ['--no-sandbox', ...CHROMIUM_FLAGS];
export const CHROMIUM_PATH = chromiumPath();

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/e2e',
  globalSetup: './global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Two shared cores: one browser at a time keeps the journeys honest and the machine usable.
  workers: 1,
  fullyParallel: false,
  // The JSON report feeds the CI totals line (scripts/test-totals.mjs).
  reporter: [['list'], ['json', { outputFile: fileURLToPath(new URL('../../test-results/e2e.json', import.meta.url)) }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
