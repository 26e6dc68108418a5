/// <reference lib="dom" />
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

/** Where screenshots of main screens go. */
export const SHOTS_DIR = path.resolve(fileURLToPath(new URL('../../../test-results/screens', import.meta.url)));
/** The best shots are copied here for the README, when asked: `UPDATE_DOCS_SCREENSHOTS=1 npm run test:e2e`. */
const DOCS_DIR = fileURLToPath(new URL('../../../docs/screenshots', import.meta.url));
const UPDATE_DOCS = process.env.UPDATE_DOCS_SCREENSHOTS === '1';

/** A screenshot into test-results/screens, and into docs/screenshots too when asked and `docs`. */
export async function shot(page: Page, name: string, docs = false): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.png`);
  // let transitions and lazy images settle: wait for every image on screen to be decoded
  await expect.poll(() => page.evaluate(() => [...document.images].every((i) => i.complete))).toBe(true);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  if (docs && UPDATE_DOCS) {
    mkdirSync(DOCS_DIR, { recursive: true });
    copyFileSync(file, path.join(DOCS_DIR, `${name}.png`));
  }
}
