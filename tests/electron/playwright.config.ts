import { defineConfig } from '@playwright/test';

/**
 * Electron end-to-end tests (`npm run test:electron`): the real app, built by
 * `npx electron-vite build`, driven by Playwright's `_electron`, against the WhatsApp Web
 * simulator. They need the Electron binary, a display (xvfb-run on Linux) and an unlocked
 * OS keystore (the archive key refuses plaintext storage); without the binary every test
 * is skipped with the reason.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  globalSetup: './global-setup.ts',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  outputDir: '../../test-results/electron',
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
