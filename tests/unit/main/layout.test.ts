import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overlaps, planViews, toViewBounds, type Slot } from '../../../src/main/policy/layout';

const content = { width: 1600, height: 900 };

/** What the renderer's CSS grid reports for an r×c tile layout inside `area` (fractional px). */
function grid(rows: number, cols: number, ids: string[], area = { x: 240.5, y: 48.25, width: 1359.5, height: 851.75 }, gap = 0): Slot[] {
  const w = (area.width - gap * (cols - 1)) / cols;
  const h = (area.height - gap * (rows - 1)) / rows;
  return ids.slice(0, rows * cols).map((accountId, i) => ({
    accountId,
    rect: { x: area.x + (i % cols) * (w + gap), y: area.y + Math.floor(i / cols) * (h + gap), width: w, height: h },
  }));
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `acc-${i + 1}`);

describe('layout → view bounds', () => {
  it('single view fills its slot exactly', () => {
    const plan = planViews({
      slots: [{ accountId: 'a', rect: { x: 240, y: 48, width: 1360, height: 852 } }],
      liveAccounts: ['a', 'b'],
      zoomFactor: 1,
      content,
    });
    expect(plan.visible).toEqual([{ accountId: 'a', bounds: { x: 240, y: 48, width: 1360, height: 852 } }]);
    expect(plan.hidden).toEqual(['b']);
  });

  it.each([
    [1, 2],
    [2, 2],
    [3, 3],
  ])('tiles %i×%i: every live account placed, no overlap, no seams', (rows, cols) => {
    const accounts = ids(rows * cols + 1);
    const plan = planViews({ slots: grid(rows, cols, accounts), liveAccounts: accounts, zoomFactor: 1, content });
    expect(plan.visible).toHaveLength(rows * cols);
    expect(plan.hidden).toEqual([accounts[rows * cols]]);
    const b = plan.visible.map((p) => p.bounds);
    for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) expect(overlaps(b[i]!, b[j]!)).toBe(false);
    // Adjacent tiles share the rounded edge: total width of a row equals the rounded area width.
    const firstRow = b.slice(0, cols);
    expect(firstRow.reduce((s, r) => s + r.width, 0)).toBe(Math.round(240.5 + 1359.5) - Math.round(240.5));
    for (let c = 1; c < cols; c++) expect(firstRow[c]!.x).toBe(firstRow[c - 1]!.x + firstRow[c - 1]!.width);
  });

  it('custom layout keeps the renderer rectangles and hides accounts not in it', () => {
    const slots: Slot[] = [
      { accountId: 'a', rect: { x: 0, y: 0, width: 1000, height: 900 } },
      { accountId: 'c', rect: { x: 1000, y: 0, width: 600, height: 450 } },
    ];
    const plan = planViews({ slots, liveAccounts: ['a', 'b', 'c'], zoomFactor: 1, content });
    expect(plan.visible.map((p) => p.accountId)).toEqual(['a', 'c']);
    expect(plan.hidden).toEqual(['b']);
  });

  it('slots for accounts without a live view (hibernated) are ignored, not errors', () => {
    const plan = planViews({ slots: grid(1, 2, ['a', 'sleeping']), liveAccounts: ['a'], zoomFactor: 1, content });
    expect(plan.visible.map((p) => p.accountId)).toEqual(['a']);
    expect(plan.hidden).toEqual([]);
  });

  it('zoom scales CSS px to DIPs with integer bounds', () => {
    expect(toViewBounds({ x: 10.3, y: 20.6, width: 100.4, height: 50.2 }, 1.25, content)).toEqual({
      x: 13, y: 26, width: 125, height: 63,
    });
    expect(toViewBounds({ x: 100, y: 100, width: 200, height: 100 }, 0.8, content)).toEqual({ x: 80, y: 80, width: 160, height: 80 });
  });

  it('clips to the content area and drops what is fully outside', () => {
    expect(toViewBounds({ x: 1500, y: 800, width: 400, height: 400 }, 1, content)).toEqual({ x: 1500, y: 800, width: 100, height: 100 });
    expect(toViewBounds({ x: 1700, y: 0, width: 100, height: 100 }, 1, content)).toBeNull();
    expect(toViewBounds({ x: 0, y: 0, width: 0, height: 100 }, 1, content)).toBeNull();
    expect(toViewBounds({ x: Number.NaN, y: 0, width: 10, height: 10 }, 1, content)).toBeNull();
    expect(toViewBounds({ x: 0, y: 0, width: 10, height: 10 }, 0, content)).toBeNull();
  });

  it('a renderer bug that overlaps two slots never stacks two views; duplicates keep the first', () => {
    const plan = planViews({
      slots: [
        { accountId: 'a', rect: { x: 0, y: 0, width: 500, height: 500 } },
        { accountId: 'b', rect: { x: 499, y: 0, width: 500, height: 500 } },
        { accountId: 'a', rect: { x: 1000, y: 0, width: 500, height: 500 } },
      ],
      liveAccounts: ['a', 'b'],
      zoomFactor: 1,
      content,
    });
    expect(plan.visible).toEqual([{ accountId: 'a', bounds: { x: 0, y: 0, width: 500, height: 500 } }]);
    expect(plan.hidden).toEqual(['b']);
  });

  it('property: non-overlapping CSS grids stay non-overlapping at any zoom and fractional origin', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 12, noNaN: true }),
        (rows, cols, zoom, x, y, gap) => {
          const accounts = ids(rows * cols);
          const area = { x, y, width: 1200 / zoom - x, height: 800 / zoom - y };
          const plan = planViews({ slots: grid(rows, cols, accounts, area, gap), liveAccounts: accounts, zoomFactor: zoom, content });
          const b = plan.visible.map((p) => p.bounds);
          for (const r of b) {
            expect(Number.isInteger(r.x) && Number.isInteger(r.width)).toBe(true);
            expect(r.x + r.width).toBeLessThanOrEqual(content.width);
          }
          for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) expect(overlaps(b[i]!, b[j]!)).toBe(false);
          // Nothing a tile-sized slot should lose at these sizes.
          expect(plan.visible).toHaveLength(rows * cols);
        },
      ),
      { numRuns: 300 },
    );
  });
});
