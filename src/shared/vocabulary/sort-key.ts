// A message's sort key is its timestamp (seconds) times SORT_SLOTS plus a slot that orders
// messages sharing a second; one definition so the capture appliers and every query agree.
export const SORT_SLOTS = 1024;

export function encodeSortKey(ts: number, slot: number): number {
  return ts * SORT_SLOTS + (slot % SORT_SLOTS);
}

export function sortKeyTs(key: number): number {
  return Math.floor(key / SORT_SLOTS);
}

/** The first sort key of second `ts` (keys >= it are at or after ts). */
export function sortKeyFloor(ts: number): number {
  return ts * SORT_SLOTS;
}

/** Inclusive key bounds for messages from second `fromTs` to second `toTs`. */
export function sortKeyRange(fromTs?: number, toTs?: number): { lo: number; hi: number } {
  return {
    lo: fromTs !== undefined ? fromTs * SORT_SLOTS : 0,
    hi: toTs !== undefined ? (toTs + 1) * SORT_SLOTS - 1 : Number.MAX_SAFE_INTEGER,
  };
}
