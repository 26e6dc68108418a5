// A message's sort key is its timestamp (ms) times SORT_SLOTS plus a slot (from its id) that
// orders messages sharing a millisecond; one definition so the appliers of both engines and
// every query agree.
export const SORT_SLOTS = 1024;

export function encodeSortKey(ts: number, slot: number): number {
  return ts * SORT_SLOTS + (slot % SORT_SLOTS);
}

export function sortKeyTs(key: number): number {
  return Math.floor(key / SORT_SLOTS);
}

/** The first sort key of time `ts` (keys >= it are at or after ts). */
export function sortKeyFloor(ts: number): number {
  return ts * SORT_SLOTS;
}

/** Inclusive key bounds for messages from time `fromTs` to time `toTs` (both ends included). */
export function sortKeyRange(fromTs?: number, toTs?: number): { lo: number; hi: number } {
  return {
    lo: fromTs !== undefined ? fromTs * SORT_SLOTS : 0,
    hi: toTs !== undefined ? (toTs + 1) * SORT_SLOTS - 1 : Number.MAX_SAFE_INTEGER,
  };
}
