import type { Db } from '../../src/core/archive/open';

/** Every CRM table in a stable order, for comparing two archives. */
export function crmState(db: Db): Record<string, unknown> {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    customers: all('SELECT * FROM customers ORDER BY id'),
    stages: all('SELECT * FROM customer_stage_events ORDER BY customer_id, at, stage'),
    tags: all('SELECT * FROM customer_tags ORDER BY customer_id, tag'),
    notes: all('SELECT * FROM customer_notes ORDER BY id'),
    followUps: all('SELECT * FROM follow_ups ORDER BY id'),
    links: all('SELECT * FROM customer_links ORDER BY account_id, contact_wa_id'),
    merges: all('SELECT * FROM customer_merges ORDER BY from_id'),
  };
}

/** Which messages (by WhatsApp id) the full-text index finds for each word, as a prefix. */
export function ftsHits(db: Db, words: readonly string[]): Record<string, string[]> {
  const find = db.prepare(`SELECT m.wa_id FROM message_fts f JOIN messages m ON m.sort_key = -f.rowid
    WHERE message_fts MATCH ? ORDER BY m.wa_id`);
  return Object.fromEntries(words.map((w) => [w, (find.all(`text : "${w}"*`) as { wa_id: string }[]).map((r) => r.wa_id)]));
}
