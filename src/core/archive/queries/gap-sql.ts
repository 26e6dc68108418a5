/**
 * "This gap is still open", for a query over `gaps g`: not resolved, and no history fill
 * (migration 004) covers the whole span. The one definition every gap query uses.
 */
export const OPEN_GAP = `g.resolved_at IS NULL AND NOT EXISTS (SELECT 1 FROM history_fills f
  WHERE f.account_id = g.account_id AND f.chat_wa_id = g.chat_wa_id AND f.from_ts <= g.from_ts AND f.to_ts >= g.to_ts)`;
