import { z } from 'zod';

/**
 * The main window reopens where it was. The file is ours but still validated: a damaged or
 * hand-edited file, or a monitor that is gone, must never put the window off screen.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const RectSchema = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
});

export const WindowStateSchema = z.object({
  version: z.literal(1),
  bounds: RectSchema,
  maximized: z.boolean(),
  fullScreen: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const MIN_SIZE = { width: 800, height: 560 } as const;
export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
/** How much of the window must lie on a display for the saved position to be kept. */
const MIN_VISIBLE = { width: 160, height: 80 } as const;

/** Null (use defaults) for a missing, unreadable or invalid file. */
export function parseWindowState(text: string | null): WindowState | null {
  if (text === null) return null;
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function intersection(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

export interface RestoredWindow {
  /** x/y absent = let the OS center the window. */
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
  fullScreen: boolean;
}

export function restoreWindow(saved: WindowState | null, workAreas: readonly Rect[]): RestoredWindow {
  const fallback: RestoredWindow = {
    bounds: { ...DEFAULT_SIZE },
    maximized: false,
    fullScreen: false,
  };
  if (!saved) return fallback;
  const b = saved.bounds;
  const home = workAreas.find((area) => {
    const overlap = intersection(b, area);
    return overlap.width >= MIN_VISIBLE.width && overlap.height >= MIN_VISIBLE.height;
  });
  if (!home) return { ...fallback, maximized: saved.maximized };
  const width = Math.min(Math.max(b.width, MIN_SIZE.width), home.width);
  const height = Math.min(Math.max(b.height, MIN_SIZE.height), home.height);
  // Pull the window inside its display so the title bar can be grabbed.
  const x = Math.min(Math.max(b.x, home.x), home.x + home.width - width);
  const y = Math.min(Math.max(b.y, home.y), home.y + home.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized, fullScreen: saved.fullScreen };
}

export function serializeWindowState(state: Omit<WindowState, 'version'>): string {
  return JSON.stringify({ version: 1, ...state } satisfies WindowState);
}
