import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Archive } from '../../src/core/archive/archive';
import { putMedia } from '../../src/core/archive/media-store';
import { openDatabase } from '../../src/core/archive/open';
import type { ArchiveOpInput } from '../../src/core/archive/operations';
import { textHash } from '../../src/core/archive/queries/translations';
import { ANA, BEN, GROUP, T0, worldOps } from '../unit/crm/world';
import { crmState, ftsHits } from '../helpers/archive-state';

/**
 * A profile with a bit of everything the archive keeps: edits, revokes, reactions, media
 * with bytes, translations, group membership, ill-formed text, and CRM data (fields, stage
 * history, tags, notes, follow-ups, a merge and a split).
 */
export async function seedRich(archive: Archive, mediaDir: string): Promise<{ photo: string }> {
  const photo = await putMedia(mediaDir, Buffer.from('\x89PNG fake image bytes for the test '.repeat(50)));
  const doc = await putMedia(mediaDir, Buffer.from('%PDF-1.4 a quotation '.repeat(30)));
  const min = 60_000;
  const ops: ArchiveOpInput[] = [
    ...worldOps(),
    { op: 'upsertMessage', accountId: 'acc-1', message: { id: 'false_A_photo', chatId: ANA, senderId: ANA, fromMe: false, type: 'image',
      body: null, caption: 'the <b>sample</b> & "box"', timestamp: T0 + 20 * min, hasMedia: true, raw: '{"id":"false_A_photo"}' } },
    { op: 'media', accountId: 'acc-1', messageId: 'false_A_photo', status: 'stored', sha256: photo.sha256, size: photo.size, mime: 'image/png',
      filename: 'IMG 01.png' },
    { op: 'upsertMessage', accountId: 'acc-1', message: { id: 'true_A_doc', chatId: ANA, senderId: null, fromMe: true, type: 'document',
      body: null, caption: null, timestamp: T0 + 21 * min, hasMedia: true, ack: 3 } },
    { op: 'media', accountId: 'acc-1', messageId: 'true_A_doc', status: 'stored', sha256: doc.sha256, size: doc.size, mime: 'application/pdf',
      filename: '报价单 PI-2024.pdf' },
    { op: 'upsertMessage', accountId: 'acc-1', message: { id: 'false_A_edited', chatId: ANA, senderId: ANA, fromMe: false, type: 'chat',
      body: 'price 3.1?', timestamp: T0 + 22 * min } },
    { op: 'edit', accountId: 'acc-1', messageId: 'false_A_edited', body: 'price 3.0?', editedAt: T0 + 23 * min },
    { op: 'upsertMessage', accountId: 'acc-1', message: { id: 'false_A_revoked', chatId: ANA, senderId: ANA, fromMe: false, type: 'chat',
      body: 'delete me \ud800 lone surrogate', timestamp: T0 + 24 * min } },
    { op: 'revoke', accountId: 'acc-1', messageId: 'false_A_revoked', scope: 'everyone', at: T0 + 25 * min, by: ANA },
    { op: 'reaction', accountId: 'acc-1', messageId: 'false_A_edited', senderId: 'me@c.us', emoji: '👍', at: T0 + 26 * min },
    { op: 'reaction', accountId: 'acc-1', messageId: 'false_A_edited', senderId: ANA, emoji: '', at: T0 + 26 * min },
    { op: 'ack', accountId: 'acc-1', messageId: 'not-yet-seen', ack: 2 },
    { op: 'translation', accountId: 'acc-1', messageId: 'false_A_edited', lang: 'zh', text: '价格 3.0？', srcLang: 'en', provider: 'apertium',
      sourceHash: textHash('price 3.0?'), at: T0 + 27 * min },
    { op: 'translatePref', accountId: 'acc-1', scope: 'contact', id: ANA, at: T0, language: 'es', autoTranslate: true },
    { op: 'setParticipants', accountId: 'acc-1', chatId: GROUP, at: T0, participants: [{ contactId: ANA, role: 'admin' }, { contactId: BEN, role: 'member' }] },
    { op: 'participantEvent', accountId: 'acc-1', chatId: GROUP, contactId: BEN, event: 'leave', at: T0 + 30 * min },
    { op: 'syncState', accountId: 'acc-1', chatId: ANA, oldestTs: T0, newestTs: T0 + 30 * min, complete: true },
    { op: 'gap', accountId: 'acc-2', chatId: ANA, fromTs: T0, toTs: T0 + min, reason: 'offline' },
    { op: 'patchAccount', accountId: 'acc-1', phone: '8613900000001', meId: '8613900000001@c.us' },
    { op: 'customer', customerId: 'p:34600000001', at: T0 + 40 * min, by: 'rep-a', name: 'Ana García', company: 'Textiles SL', country: 'ES',
      timeZone: 'Europe/Madrid', stage: 'quote', ownerId: 'rep-a' },
    { op: 'customer', customerId: 'p:34600000001', at: T0 + 41 * min, by: 'rep-a', stage: 'sample' },
    { op: 'customerTag', customerId: 'p:34600000001', tag: 'VIP', present: true, at: T0 + 42 * min },
    { op: 'customerNote', noteId: 'n-1', customerId: 'p:34600000001', authorId: 'rep-a', body: '<script>alert(1)</script> 要样品', at: T0 + 43 * min },
    { op: 'followUp', followUpId: 'f-1', customerId: 'p:34600000001', at: T0 + 44 * min, by: 'rep-a',
      details: { text: 'Send PI', dueAt: T0 + 86_400_000, assigneeId: 'rep-a' } },
    { op: 'followUp', followUpId: 'f-1', customerId: 'p:34600000001', at: T0 + 45 * min, by: 'rep-b', done: true },
    { op: 'customerMerge', fromId: 'p:8613800000003', intoId: 'p:34600000001', at: T0 + 46 * min },
    { op: 'customerLink', accountId: 'acc-2', contactId: ANA, customerId: 'c:split-1', at: T0 + 47 * min },
    { op: 'customer', customerId: 'c:split-1', at: T0 + 47 * min, name: 'Ana (Sales 2)' },
  ];
  await archive.write(ops);
  return { photo: photo.sha256 };
}

const LOCAL_ONLY = {
  messages: ['id', 'chat_id', 'sort_key', 'received_at', 'raw_rank'],
  chats: ['id', 'last_message_id', 'last_seen_ts'],
};

/**
 * Everything a user could see in a profile, without local bookkeeping: row ids, sort keys,
 * receive/sync/detection times, seen marks, the audit log and settings, state and proxy
 * of accounts. Two profiles with equal states hold the same archive.
 */
export function canonicalState(file: string, key: Buffer, mediaDir: string): Record<string, unknown> {
  const db = openDatabase(file, key, { readonly: true });
  try {
    const all = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
    const drop = (rows: Record<string, unknown>[], cols: string[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !cols.includes(k))));
    const media: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = path.join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else media[path.relative(mediaDir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
      }
    };
    walk(mediaDir);
    return {
      people: all('SELECT id, name, role, active FROM people ORDER BY id'),
      accounts: all('SELECT id, label, phone, owner_id, partition_id, sort_order, me_wa_id, removed_at FROM accounts ORDER BY id'),
      chats: drop(all('SELECT * FROM chats ORDER BY account_id, wa_id'), LOCAL_ONLY.chats),
      contacts: drop(all('SELECT * FROM contacts ORDER BY account_id, wa_id'), ['updated_at']),
      participants: all('SELECT * FROM participants ORDER BY account_id, chat_wa_id, contact_wa_id'),
      participantEvents: drop(all('SELECT * FROM participant_events ORDER BY account_id, chat_wa_id, contact_wa_id, at, event, source'), ['id']),
      snapshots: all('SELECT * FROM participant_snapshots ORDER BY account_id, chat_wa_id, at'),
      messages: drop(all(`SELECT m.*, c.wa_id AS chat FROM messages m JOIN chats c ON c.id = m.chat_id ORDER BY m.account_id, m.wa_id`), LOCAL_ONLY.messages),
      pendingAcks: all('SELECT * FROM pending_acks ORDER BY account_id, msg_wa_id'),
      revisions: all('SELECT * FROM revisions ORDER BY account_id, msg_wa_id, edited_at'),
      revocations: all('SELECT * FROM revocations ORDER BY account_id, msg_wa_id, scope'),
      reactions: all('SELECT * FROM reactions ORDER BY account_id, msg_wa_id, sender_wa_id'),
      mediaFiles: drop(all('SELECT * FROM media_files ORDER BY sha256'), ['stored_at']),
      messageMedia: drop(all('SELECT * FROM message_media ORDER BY account_id, msg_wa_id'), ['updated_at']),
      sync: drop(all('SELECT * FROM chat_sync ORDER BY account_id, chat_wa_id'), ['last_sync_at']),
      gaps: drop(all('SELECT * FROM gaps ORDER BY account_id, chat_wa_id, from_ts'), ['id', 'detected_at', 'resolved_at']),
      translations: all('SELECT * FROM message_translations ORDER BY account_id, msg_wa_id, lang'),
      prefs: all('SELECT * FROM translate_prefs ORDER BY account_id, scope, wa_id'),
      ...crmState(db),
      search: ftsHits(db, ['price', 'sample', '报价单', '价格', 'precio', 'surrogate']),
      media,
    };
  } finally {
    db.close();
  }
}
