import type { Migration } from './index';

/**
 * Replication to the team server (issue 12). While replication is on, every batch the
 * writer commits is also written to team_outbox in the same transaction, with the batch's
 * clock: nothing committed locally can miss the server, and the server applies the batch
 * with the same clock, so both ends reach the same state. `seq` is the per-device sequence
 * number; rows are deleted only after the server acknowledged them.
 * team_replication holds the one row of replication state (on/off, acknowledged sequence,
 * the initial upload's progress cursor).
 */
export const m005TeamOutbox: Migration = {
  version: 5,
  name: 'team-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE team_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        ops TEXT NOT NULL,
        op_count INTEGER NOT NULL,
        batch_now INTEGER NOT NULL
      );
      CREATE TABLE team_replication (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        enabled INTEGER NOT NULL DEFAULT 0,
        acked_seq INTEGER NOT NULL DEFAULT 0,
        acked_at INTEGER,
        initial_upload TEXT
      );
      INSERT INTO team_replication (id) VALUES (1);
    `);
  },
};
