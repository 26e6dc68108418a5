import type { Migration } from './index';

/**
 * History known to be complete for a span of a chat (gap resolution). A gap stays a fact
 * about what capture once could not get; it is open while no fill covers it. A fill comes
 * from the device (capture paged back across the gap after the phone sent its history) or
 * from an imported WhatsApp export of the chat. Fills are a set, so they converge in any
 * order, from any profile.
 */
export const m004HistoryFills: Migration = {
  version: 4,
  name: 'history-fills',
  up(db) {
    db.exec(`
      CREATE TABLE history_fills (
        account_id TEXT NOT NULL,
        chat_wa_id TEXT NOT NULL,
        from_ts INTEGER NOT NULL,
        to_ts INTEGER NOT NULL,
        source TEXT NOT NULL,
        filled_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, chat_wa_id, from_ts, to_ts)
      ) WITHOUT ROWID;
    `);
  },
};
