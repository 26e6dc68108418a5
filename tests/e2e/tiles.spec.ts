/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from '@playwright/test';
import type { SlotRect } from '../../src/shared/layout';
import { expect, test } from './harness/fixtures';
import { ACC } from './harness/seed';

const overlaps = (a: SlotRect, b: SlotRect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Where the page draws each slot right now. */
function drawnSlots(page: Page): Promise<SlotRect[]> {
  return page.locator('[data-slot-account]').evaluateAll((els) => els.map((el) => {
    const r = el.getBoundingClientRect();
    return { accountId: (el as HTMLElement).dataset.slotAccount!, x: r.left, y: r.top, width: r.width, height: r.height };
  }));
}

function expectGrid(slots: SlotRect[], viewport: { width: number; height: number }) {
  expect(slots).toHaveLength(4);
  for (const s of slots) {
    expect(s.width).toBeGreaterThan(100);
    expect(s.height).toBeGreaterThan(100);
    expect(s.x + s.width).toBeLessThanOrEqual(viewport.width);
    expect(s.y + s.height).toBeLessThanOrEqual(viewport.height);
  }
  for (let i = 0; i < slots.length; i++) for (let j = i + 1; j < slots.length; j++) expect(overlaps(slots[i]!, slots[j]!)).toBe(false);
  // two columns, two rows: row-major order
  const [a, b, c, d] = slots as [SlotRect, SlotRect, SlotRect, SlotRect];
  expect(Math.abs(a.y - b.y)).toBeLessThan(1);
  expect(Math.abs(c.y - d.y)).toBeLessThan(1);
  expect(Math.abs(a.x - c.x)).toBeLessThan(1);
  expect(b.x).toBeGreaterThan(a.x + a.width);
  expect(c.y).toBeGreaterThan(a.y + a.height);
}

test('tiles 2×2 report four correct, non-overlapping rectangles; resizing updates them', async ({ app }) => {
  const { page } = app;
  await app.open();
  await page.getByTestId('nav-live').click();
  await page.getByTestId('mode-2x2').click();
  await expect(page.getByTestId('tile')).toHaveCount(4);
  await expect.poll(() => app.slots().length).toBe(4);
  await expect.poll(async () => app.slots()).toEqual(await drawnSlots(page));
  expectGrid(app.slots(), { width: 1440, height: 900 });
  expect(app.slots().map((s) => s.accountId)).toEqual([ACC.es, ACC.me, ACC.eu, ACC.new]);
  // the tiles are drawn from the renderer's state; saving the layout is a call of its own that may land a moment later
  await expect.poll(async () => (await app.core.call('layout.get', {})).layout)
    .toMatchObject({ mode: '2x2', accountIds: [ACC.es, ACC.me, ACC.eu, ACC.new] });

  // drag the column split 200px to the right: left tiles grow, right tiles shrink, still no overlap
  const before = app.slots();
  const split = await page.getByTestId('split-col-0').boundingBox();
  await page.mouse.move(split!.x + split!.width / 2, split!.y + 200);
  await page.mouse.down();
  await page.mouse.move(split!.x + split!.width / 2 + 100, split!.y + 200, { steps: 4 });
  await page.mouse.move(split!.x + split!.width / 2 + 200, split!.y + 200, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => Math.round(app.slots()[0]!.width - before[0]!.width)).toBeGreaterThan(190);
  await expect.poll(async () => app.slots()).toEqual(await drawnSlots(page));
  expectGrid(app.slots(), { width: 1440, height: 900 });
  expect(app.slots()[1]!.width).toBeLessThan(before[1]!.width - 190);
  // the split is kept with the layout
  await expect.poll(async () => (await app.core.call('layout.get', {})).layout.colSizes[0]).toBeGreaterThan(0.55);

  // a smaller window reports smaller slots
  await page.setViewportSize({ width: 1200, height: 760 });
  await expect.poll(() => app.slots()[3]!.y + app.slots()[3]!.height).toBeLessThanOrEqual(760);
  await expect.poll(async () => app.slots()).toEqual(await drawnSlots(page));
  expectGrid(app.slots(), { width: 1200, height: 760 });

  // anything covering the live area hides the views; closing it brings them back
  await page.keyboard.press('Control+k');
  await expect.poll(() => app.slots().length).toBe(0);
  await page.keyboard.press('Escape');
  await expect.poll(() => app.slots().length).toBe(4);
  // leaving the live area hides every view
  await page.getByTestId('nav-inbox').click();
  await expect.poll(() => app.slots().length).toBe(0);
});

test('1×2, 3×3 and single layouts; the chooser picks the accounts; blur and review travel with the layout', async ({ app }) => {
  const { page } = app;
  await app.open();
  await page.getByTestId('nav-live').click();
  await page.getByTestId('mode-1x2').click();
  await expect(page.getByTestId('tile')).toHaveCount(2);
  await expect.poll(() => app.slots().length).toBe(2);
  const [l, r] = app.slots() as [SlotRect, SlotRect];
  expect(Math.abs(l.y - r.y)).toBeLessThan(1);
  expect(r.x).toBeGreaterThan(l.x + l.width);

  await page.getByTestId('mode-3x3').click();
  await expect(page.getByTestId('tile')).toHaveCount(4);
  await expect(page.locator('.tile-empty')).toHaveCount(5);
  await page.getByTestId('choose-accounts').click();
  await page.locator('.chooser').getByText('欧洲市场').click(); // untick
  await expect(page.getByTestId('tile')).toHaveCount(3);
  await expect.poll(() => app.slots().map((s) => s.accountId)).not.toContain(ACC.eu);
  await page.keyboard.press('Escape');

  await page.getByTestId('toggle-blur').click();
  await page.getByTestId('toggle-review').click();
  await expect(page.getByTestId('tile').first()).toHaveClass(/is-blurred/);
  await expect(page.getByTestId('tile').first()).toHaveClass(/is-review/);
  await expect.poll(async () => (await app.core.call('layout.get', {})).layout).toMatchObject({ blur: true, review: true, mode: '3x3' });

  await page.getByTestId('mode-single').click();
  await expect(page.getByTestId('tile')).toHaveCount(1);
  await expect.poll(() => app.slots().length).toBe(1);
});
