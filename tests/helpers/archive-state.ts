import { OPEN_GAP } from '../../src/core/archive/queries/gap-sql';
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

/** Words the convergence tests search for: Latin, folded diacritics, Chinese bigrams and longer. */
export const SEARCH_WORDS = ['hola', 'precio', '报价', '样品', 'price', 'envio', 'PI', 'FOB', 'quote', 'passwd', '报价单'];

/** Everything a user could ever see, without row ids or insertion-order artefacts: portable SQL, run on either engine. */
export const STATE_QUERIES = {
  messages: `SELECT m.wa_id, c.wa_id AS chat, m.sender_wa_id, m.from_me, m.type, m.body, m.caption, m.ts, m.received_at, m.ack,
    m.has_media, m.stub, m.raw, m.raw_rank FROM messages m JOIN chats c ON c.id = m.chat_id ORDER BY m.wa_id`,
  chats: `SELECT wa_id, kind, name, name_at, parent_wa_id, observed_at, archived, mute_until, read_only, wa_unread, last_message_ts,
    last_message_wa_id, last_seen_ts, known FROM chats ORDER BY wa_id`,
  contacts: 'SELECT * FROM contacts ORDER BY wa_id',
  participants: 'SELECT * FROM participants ORDER BY chat_wa_id, contact_wa_id',
  events: `SELECT chat_wa_id, contact_wa_id, event, at, by_wa_id, source FROM participant_events
    ORDER BY chat_wa_id, contact_wa_id, at, event, source`,
  pendingAcks: 'SELECT * FROM pending_acks ORDER BY msg_wa_id',
  revisions: 'SELECT * FROM revisions ORDER BY msg_wa_id, edited_at',
  revocations: 'SELECT * FROM revocations ORDER BY msg_wa_id, scope',
  reactions: 'SELECT * FROM reactions ORDER BY msg_wa_id, sender_wa_id',
  media: 'SELECT * FROM message_media ORDER BY msg_wa_id',
  mediaFiles: 'SELECT * FROM media_files ORDER BY sha256',
  sync: 'SELECT * FROM chat_sync ORDER BY chat_wa_id',
  gaps: 'SELECT account_id, chat_wa_id, from_ts, to_ts, reason, detected_at FROM gaps ORDER BY chat_wa_id, from_ts',
  fills: 'SELECT * FROM history_fills ORDER BY chat_wa_id, from_ts, to_ts',
  openGaps: `SELECT chat_wa_id, from_ts FROM gaps g WHERE ${OPEN_GAP} ORDER BY chat_wa_id, from_ts`,
  customers: 'SELECT * FROM customers ORDER BY id',
  stages: 'SELECT * FROM customer_stage_events ORDER BY customer_id, at, stage',
  tags: 'SELECT * FROM customer_tags ORDER BY customer_id, tag',
  notes: 'SELECT * FROM customer_notes ORDER BY id',
  followUps: 'SELECT * FROM follow_ups ORDER BY id',
  links: 'SELECT * FROM customer_links ORDER BY account_id, contact_wa_id',
  merges: 'SELECT * FROM customer_merges ORDER BY from_id',
} as const;

export function archiveState(db: Db): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const [k, sql] of Object.entries(STATE_QUERIES)) state[k] = db.prepare(sql).all();
  state.search = ftsHits(db, SEARCH_WORDS);
  return state;
}
