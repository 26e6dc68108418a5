/// <reference lib="dom" />
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, SHOTS_DIR, test } from './harness/fixtures';

/** Settings → Move the data folder, with the folder from the system dialog; main's restart is stood in for. */

test('moves the data folder: folder from the dialog, progress, a verified copy, then the restart', async ({ page, appWith, tempFolder }) => {
  const target = path.join(tempFolder, 'Switchboard data');
  const restarts: string[] = [];
  const app = await appWith({ pickPath: async () => target, relocateProfile: async (dir) => void restarts.push(dir) });
  await app.open();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('move-data-folder').click();
  const dialog = page.getByTestId('move-dialog');
  await dialog.getByTestId('move-target-browse').click();
  await expect(dialog.getByTestId('move-target')).toHaveValue(target);
  await page.screenshot({ path: path.join(SHOTS_DIR, 'move-data-folder.png') });
  await dialog.getByTestId('move-start').click();
  await expect(dialog.getByTestId('move-done')).toContainText(target);
  expect(restarts).toEqual([target]);
  expect(existsSync(path.join(target, 'archive.db'))).toBe(true);
  expect(app.errors).toEqual([]);
});

test('a folder that is not empty is refused with a clear message, and nothing moves', async ({ page, appWith, tempFolder: busy }) => {
  writeFileSync(path.join(busy, 'other.txt'), 'not ours');
  const restarts: string[] = [];
  const app = await appWith({ relocateProfile: async (dir) => void restarts.push(dir) });
  await app.open();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('move-data-folder').click();
  const dialog = page.getByTestId('move-dialog');
  await dialog.getByTestId('move-target').fill(busy);
  await dialog.getByTestId('move-start').click();
  await expect(page.locator('.toast-error')).toBeVisible();
  await expect(dialog.getByTestId('move-start')).toBeVisible();
  expect(restarts).toEqual([]);
  expect(readdirSync(busy)).toEqual(['other.txt']);
});

test('an archive viewer that cannot restart offers no move', async ({ app }) => {
  await app.open();
  await app.page.getByTestId('nav-settings').click();
  await expect(app.page.getByTestId('data-folder')).toBeVisible();
  await expect(app.page.getByTestId('move-data-folder')).toHaveCount(0);
});
