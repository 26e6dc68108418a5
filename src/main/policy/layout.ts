/**
 * Where each account's WebContentsView goes (ARCHITECTURE §6). The renderer lays out its
 * slots (single view, 1×2, 2×2, 3×3, auto, custom) and reports their rectangles in CSS
 * pixels; main turns them into integer view bounds in the window's content coordinates.
 *
 * Edges are rounded, not sizes: two tiles that share an edge in CSS pixels share it after
 * zoom and rounding too, so views never overlap and never leave a one-pixel seam.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Slot {
  accountId: string;
  /** CSS pixels in the app renderer's viewport (getBoundingClientRect). */
  rect: Rect;
}

export interface Placement {
  accountId: string;
  /** DIPs in the window's content area, integers. */
  bounds: Rect;
}

export interface ViewPlan {
  visible: Placement[];
  /** Live views that must not be on screen (not in the layout, clipped away, or overlapping). */
  hidden: string[];
}

export interface PlanInput {
  slots: readonly Slot[];
  /** Accounts that have a live view right now. */
  liveAccounts: readonly string[];
  /** The app renderer's zoom factor: CSS px × zoom = DIP. */
  zoomFactor: number;
  /** The window's content size in DIPs. */
  content: { width: number; height: number };
}

function isFiniteRect(r: Rect): boolean {
  return [r.x, r.y, r.width, r.height].every(Number.isFinite) && r.width > 0 && r.height > 0;
}

/** CSS rect → DIP rect with rounded edges, clipped to the content area; null if nothing is left. */
export function toViewBounds(rect: Rect, zoomFactor: number, content: { width: number; height: number }): Rect | null {
  if (!isFiniteRect(rect) || !(zoomFactor > 0) || !Number.isFinite(zoomFactor)) return null;
  const clampX = (v: number) => Math.min(Math.max(v, 0), Math.floor(content.width));
  const clampY = (v: number) => Math.min(Math.max(v, 0), Math.floor(content.height));
  const left = clampX(Math.round(rect.x * zoomFactor));
  const top = clampY(Math.round(rect.y * zoomFactor));
  const right = clampX(Math.round((rect.x + rect.width) * zoomFactor));
  const bottom = clampY(Math.round((rect.y + rect.height) * zoomFactor));
  if (right <= left || bottom <= top) return null;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function planViews(input: PlanInput): ViewPlan {
  const live = new Set(input.liveAccounts);
  const visible: Placement[] = [];
  const placed = new Set<string>();
  for (const slot of input.slots) {
    if (!live.has(slot.accountId) || placed.has(slot.accountId)) continue;
    const bounds = toViewBounds(slot.rect, input.zoomFactor, input.content);
    if (!bounds) continue;
    // A renderer bug must not stack two accounts: the later, overlapping slot loses.
    if (visible.some((p) => overlaps(p.bounds, bounds))) continue;
    visible.push({ accountId: slot.accountId, bounds });
    placed.add(slot.accountId);
  }
  const hidden = input.liveAccounts.filter((id) => !placed.has(id));
  return { visible, hidden };
}
