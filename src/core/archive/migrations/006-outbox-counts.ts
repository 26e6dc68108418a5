import type { Migration } from './index';

/**
 * The replicator asks how much is pending before every step. An outbox row's op count is
 * stored after its operations, which run to overflow pages, so the sum read (and decrypted)
 * the whole backlog each time: megabytes per step on a PC catching up after days offline.
 * A covering index answers it from a few small pages.
 */
export const m006OutboxCounts: Migration = {
  version: 6,
  name: 'outbox-counts',
  up(db) {
    db.exec('CREATE INDEX team_outbox_counts ON team_outbox (seq, op_count)');
  },
};
