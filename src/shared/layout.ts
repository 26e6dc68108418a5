import { z } from 'zod';

/**
 * The live area: which accounts are shown and how (ARCHITECTURE §6). The renderer owns
 * the layout and reports where each slot is; main places one WebContentsView per slot.
 */

export const TILE_MODES = ['single', '1x2', '2x2', '3x3', 'auto'] as const;
export const TileMode = z.enum(TILE_MODES);
export type TileMode = z.infer<typeof TileMode>;

export const MAX_TILES = 9;
const accountId = z.string().min(1).max(512);
const fraction = z.number().min(0.05).max(1);

export const Layout = z.strictObject({
  mode: TileMode,
  /** Accounts chosen for the tiles, in slot order (row by row). `single` shows the renderer's active account instead. */
  accountIds: z.array(accountId).max(MAX_TILES),
  /** Relative column widths and row heights of the grid; empty = equal. */
  colSizes: z.array(fraction).max(3),
  rowSizes: z.array(fraction).max(3),
  /** Tiles are blurred until hovered (privacy on shared screens). */
  blur: z.boolean(),
  /** Review mode: live views take no keyboard input. */
  review: z.boolean(),
  /** A chat a tile follows instead of its account's latest one (the team console's archive tiles). */
  pinned: z.record(accountId, z.string().min(1).max(512)).optional(),
});
export type Layout = z.infer<typeof Layout>;

export const DEFAULT_LAYOUT: Layout = { mode: 'single', accountIds: [], colSizes: [], rowSizes: [], blur: false, review: false };

const px = z.number().finite().min(0).max(100_000);

/** A slot's rectangle in CSS pixels of the app window's content area. */
export const SlotRect = z.strictObject({
  accountId,
  x: px,
  y: px,
  width: px,
  height: px,
});
export type SlotRect = z.infer<typeof SlotRect>;

export const SlotReport = z.strictObject({
  /** Empty when no live area is on screen: main hides every view. */
  slots: z.array(SlotRect).max(MAX_TILES),
});
export type SlotReport = z.infer<typeof SlotReport>;

/** Grid size for a mode and a number of chosen accounts. */
export function gridFor(mode: TileMode, count: number): { rows: number; cols: number } {
  switch (mode) {
    case 'single':
      return { rows: 1, cols: 1 };
    case '1x2':
      return { rows: 1, cols: 2 };
    case '2x2':
      return { rows: 2, cols: 2 };
    case '3x3':
      return { rows: 3, cols: 3 };
    case 'auto':
      if (count <= 1) return { rows: 1, cols: 1 };
      if (count === 2) return { rows: 1, cols: 2 };
      if (count <= 4) return { rows: 2, cols: 2 };
      if (count <= 6) return { rows: 2, cols: 3 };
      return { rows: 3, cols: 3 };
  }
}

/** A layout as stored: each account once, and split sizes only when they fit the grid. */
export function normalizeLayout(layout: Layout): Layout {
  const accountIds = [...new Set(layout.accountIds)];
  const { rows, cols } = gridFor(layout.mode, accountIds.length);
  const sizes = (s: number[], n: number) => (s.length === n ? s : []);
  const { pinned: pins, ...rest } = layout;
  const pinned = Object.fromEntries(Object.entries(pins ?? {}).filter(([a]) => accountIds.includes(a)));
  return { ...rest, accountIds, colSizes: sizes(layout.colSizes, cols), rowSizes: sizes(layout.rowSizes, rows), ...(Object.keys(pinned).length ? { pinned } : {}) };
}
