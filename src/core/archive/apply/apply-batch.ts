import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { AUDIT_GENESIS, auditHash } from '../audit';
import { ftsRowid, ftsText, metaText } from '../fts-index';
import type { Db } from '../open';
import { type ArchiveOp, type Message, MEDIA_STATUSES } from '../operations';
import { fromDb, toDb } from '../text-codec';
import { CrmApplier } from './customers';
import { type LiveEvent, type MembershipEvent, type Role, type Snapshot, replayParticipants } from './participants';
import { chatKindOf, encodeSortKey } from '../../../shared/vocabulary';

/**
 * Applies validated operations inside one transaction. Every rule here is a merge that
 * does not depend on arrival order: sets (revisions, events), maxima (ack, media status,
 * sync bounds), minima (revoke time), and "fill what is unknown" for a message's original
 * content. That is what makes replays, re-syncs and imports converge.
 */

export interface BatchResult {
  ops: number;
  messagesInserted: number;
  messagesUpdated: number;
}

interface MessageRow {
  id: number;
  chat_id: number;
  sort_key: number;
  stub: number;
  body: string | null;
  caption: string | null;
  ack: number;
  raw_rank: string | null;
  raw: string | null;
  sender_wa_id: string | null;
}

const MEDIA_RANK = new Map<string, number>(MEDIA_STATUSES.map((s, i) => [s, i]));

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Time-ordered, unique key; also the FTS rowid, so FTS can return newest matches first. */
export function baseSortKey(ts: number, waId: string): number {
  return encodeSortKey(ts, fnv1a(waId));
}

export function rawRank(m: Message): string {
  return `${String(m.ack + 1).padStart(2, '0')}:${String(m.editedAt ?? 0).padStart(16, '0')}`;
}

const json = (v: unknown): string | null => (v == null ? null : JSON.stringify(v));
const jsonList = (v: unknown[]): string | null => (v.length === 0 ? null : JSON.stringify(v));

export class BatchApplier {
  private readonly s: Record<string, Statement>;
  private readonly crm: CrmApplier;
  private fillPut: Statement | null = null;
  private readonly chatIds = new Map<string, number>();
  /** The batch's clock: one value per batch, so a batch is reproducible. */
  private now = 0;
  /** False once we know no ack waits for its message: new messages then skip that lookup. */
  private mayHavePendingAcks = true;
  /** Newest new message per chat in this batch; chats are updated once, at the end of the batch. */
  private readonly lastInBatch = new Map<number, { ts: number; rowId: number; waId: string }>();

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.crm = new CrmApplier(db);
    this.s = {
      chatId: p('SELECT id, kind FROM chats WHERE account_id = ? AND wa_id = ?'),
      chatStub: p('INSERT INTO chats (account_id, wa_id, kind, last_seen_ts) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      // last_seen_ts starts at first sight, so history synced at link time does not count as unread
      // Each field converges whatever the arrival order: the latest observation wins (ties
      // by value), a null name never erases a known one, ids and creation time only fill in.
      chatUpsert: p(`INSERT INTO chats (account_id, wa_id, kind, name, name_at, parent_wa_id, observed_at, archived, mute_until,
          read_only, wa_unread, created_at, known, last_seen_ts)
        VALUES (@accountId, @chatId, @kind, @name, CASE WHEN @name IS NULL THEN NULL ELSE @at END, @parentId, @at, @archived,
          @muteUntil, @readOnly, @unreadCount, @createdAt, 1, @now)
        ON CONFLICT (account_id, wa_id) DO UPDATE SET
          name = CASE WHEN excluded.name IS NOT NULL AND (name IS NULL OR excluded.name_at > name_at
            OR (excluded.name_at = name_at AND excluded.name > name)) THEN excluded.name ELSE name END,
          name_at = CASE WHEN excluded.name IS NOT NULL AND (name IS NULL OR excluded.name_at > name_at
            OR (excluded.name_at = name_at AND excluded.name > name)) THEN excluded.name_at ELSE name_at END,
          parent_wa_id = CASE WHEN parent_wa_id IS NULL THEN excluded.parent_wa_id
            ELSE max(parent_wa_id, coalesce(excluded.parent_wa_id, parent_wa_id)) END,
          kind = CASE WHEN known = 0 OR excluded.observed_at > observed_at OR (excluded.observed_at = observed_at AND excluded.kind > kind)
            THEN excluded.kind ELSE kind END,
          archived = CASE WHEN known = 0 OR excluded.observed_at > observed_at OR (excluded.observed_at = observed_at AND excluded.archived > archived)
            THEN excluded.archived ELSE archived END,
          mute_until = CASE WHEN known = 0 OR excluded.observed_at > observed_at
            OR (excluded.observed_at = observed_at AND coalesce(excluded.mute_until, -1) > coalesce(mute_until, -1))
            THEN excluded.mute_until ELSE mute_until END,
          read_only = CASE WHEN known = 0 OR excluded.observed_at > observed_at OR (excluded.observed_at = observed_at AND excluded.read_only > read_only)
            THEN excluded.read_only ELSE read_only END,
          wa_unread = CASE WHEN known = 0 OR excluded.observed_at > observed_at OR (excluded.observed_at = observed_at AND excluded.wa_unread > wa_unread)
            THEN excluded.wa_unread ELSE wa_unread END,
          observed_at = CASE WHEN known = 0 THEN excluded.observed_at ELSE max(observed_at, excluded.observed_at) END,
          created_at = min(coalesce(created_at, excluded.created_at), coalesce(excluded.created_at, created_at)),
          known = 1`),
      chatLast: p(`UPDATE chats SET last_message_ts = @ts, last_message_id = @rowId, last_message_wa_id = @waId
        WHERE id = @chatRowId AND (last_message_ts IS NULL OR last_message_ts < @ts OR (last_message_ts = @ts AND last_message_wa_id < @waId))`),
      markSeen: p('UPDATE chats SET last_seen_ts = max(last_seen_ts, ?) WHERE account_id = ? AND wa_id = ?'),
      contactUpsert: p(`INSERT INTO contacts (account_id, wa_id, lid, phone, saved_name, saved_name_at, push_name, push_name_at,
          is_business, is_me, updated_at)
        VALUES (@accountId, @contactId, @lid, @phone, @savedName, CASE WHEN @savedName IS NULL THEN NULL ELSE @at END,
          @pushName, CASE WHEN @pushName IS NULL THEN NULL ELSE @at END, @isBusiness, @isMe, @now)
        ON CONFLICT (account_id, wa_id) DO UPDATE SET
          lid = CASE WHEN lid IS NULL THEN excluded.lid ELSE max(lid, coalesce(excluded.lid, lid)) END,
          phone = CASE WHEN phone IS NULL THEN excluded.phone ELSE max(phone, coalesce(excluded.phone, phone)) END,
          saved_name = CASE WHEN excluded.saved_name IS NOT NULL AND (saved_name IS NULL OR excluded.saved_name_at > saved_name_at
            OR (excluded.saved_name_at = saved_name_at AND excluded.saved_name > saved_name)) THEN excluded.saved_name ELSE saved_name END,
          saved_name_at = CASE WHEN excluded.saved_name IS NOT NULL AND (saved_name IS NULL OR excluded.saved_name_at > saved_name_at
            OR (excluded.saved_name_at = saved_name_at AND excluded.saved_name > saved_name)) THEN excluded.saved_name_at ELSE saved_name_at END,
          push_name = CASE WHEN excluded.push_name IS NOT NULL AND (push_name IS NULL OR excluded.push_name_at > push_name_at
            OR (excluded.push_name_at = push_name_at AND excluded.push_name > push_name)) THEN excluded.push_name ELSE push_name END,
          push_name_at = CASE WHEN excluded.push_name IS NOT NULL AND (push_name IS NULL OR excluded.push_name_at > push_name_at
            OR (excluded.push_name_at = push_name_at AND excluded.push_name > push_name)) THEN excluded.push_name_at ELSE push_name_at END,
          is_business = max(is_business, excluded.is_business), is_me = max(is_me, excluded.is_me),
          updated_at = max(updated_at, excluded.updated_at)`),
      participantSetPut: p('INSERT INTO participant_sets (hash, members) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      snapshotPut: p(`INSERT INTO participant_snapshots (account_id, chat_wa_id, at, set_hash) VALUES (?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET set_hash = max(set_hash, excluded.set_hash)`),
      snapshotsOf: p(`SELECT s.at, s.set_hash AS hash, m.members FROM participant_snapshots s
        JOIN participant_sets m ON m.hash = s.set_hash WHERE s.account_id = ? AND s.chat_wa_id = ? ORDER BY s.at`),
      liveEventPut: p(`INSERT INTO participant_events (account_id, chat_wa_id, contact_wa_id, event, at, by_wa_id, source)
        VALUES (?, ?, ?, ?, ?, ?, 'live') ON CONFLICT DO UPDATE
        SET by_wa_id = max(coalesce(by_wa_id, excluded.by_wa_id), coalesce(excluded.by_wa_id, by_wa_id))`),
      liveEventsOf: p(`SELECT contact_wa_id AS contactId, event, at FROM participant_events
        WHERE account_id = ? AND chat_wa_id = ? AND source = 'live'`),
      listEventsClear: p(`DELETE FROM participant_events WHERE account_id = ? AND chat_wa_id = ? AND source = 'list'`),
      listEventPut: p(`INSERT INTO participant_events (account_id, chat_wa_id, contact_wa_id, event, at, source)
        VALUES (?, ?, ?, ?, ?, 'list') ON CONFLICT DO NOTHING`),
      participantsClear: p('DELETE FROM participants WHERE account_id = ? AND chat_wa_id = ?'),
      participantPut: p(`INSERT INTO participants (account_id, chat_wa_id, contact_wa_id, role, is_member, since, left_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      msgGet: p(`SELECT id, chat_id, sort_key, stub, body, caption, ack, raw_rank, raw, sender_wa_id
        FROM messages WHERE account_id = ? AND wa_id = ?`),
      // Insert first and learn from `changes` whether the message was new: the common case
      // costs one statement. Positional parameters and run(): binding two dozen named
      // parameters, or RETURNING, costs more than the insert itself.
      msgInsert: p(`INSERT INTO messages (account_id, wa_id, chat_id, sort_key, sender_wa_id, from_me, type, body, caption, ts,
          received_at, ack, quoted_wa_id, forwarded, forwarding_score, location, vcards, links, mentions, has_media, subtype, stub, raw, raw_rank)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account_id, wa_id) DO NOTHING`),
      pendingAckCount: p('SELECT count(*) AS n FROM pending_acks'),
      pendingAckTake: p('DELETE FROM pending_acks WHERE account_id = ? AND msg_wa_id = ? RETURNING ack'),
      msgFillContent: p(`UPDATE messages SET sender_wa_id = @senderId, type = @type, body = @body, caption = @caption,
          quoted_wa_id = @quotedId, forwarded = @forwarded, forwarding_score = @forwardingScore, location = @location,
          vcards = @vcards, links = @links, mentions = @mentions, has_media = @hasMedia, subtype = @subtype, stub = 0
        WHERE id = @rowId`),
      msgFillOriginal: p('UPDATE messages SET body = coalesce(body, ?), caption = coalesce(caption, ?) WHERE id = ?'),
      msgAck: p('UPDATE messages SET ack = max(ack, ?) WHERE id = ?'),
      msgRaw: p('UPDATE messages SET raw = ?, raw_rank = ? WHERE id = ?'),
      msgReceived: p('UPDATE messages SET received_at = min(received_at, ?) WHERE id = ?'),
      pendingAckPut: p(`INSERT INTO pending_acks (account_id, msg_wa_id, ack) VALUES (?, ?, ?)
        ON CONFLICT DO UPDATE SET ack = max(ack, excluded.ack)`),
      revisionPut: p(`INSERT INTO revisions (account_id, msg_wa_id, edited_at, body) VALUES (?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET body = excluded.body WHERE excluded.body > body`),
      revisionsOf: p('SELECT body FROM revisions WHERE account_id = ? AND msg_wa_id = ? ORDER BY edited_at'),
      revocationPut: p(`INSERT INTO revocations (account_id, msg_wa_id, scope, at, by_wa_id) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET at = min(at, excluded.at),
          by_wa_id = max(coalesce(by_wa_id, excluded.by_wa_id), coalesce(excluded.by_wa_id, by_wa_id))`),
      reactionPut: p(`INSERT INTO reactions (account_id, msg_wa_id, sender_wa_id, emoji, at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET emoji = excluded.emoji, at = excluded.at
        WHERE excluded.at > at OR (excluded.at = at AND excluded.emoji > emoji)`),
      mediaGet: p('SELECT status, sha256, mime, size, filename, detail FROM message_media WHERE account_id = ? AND msg_wa_id = ?'),
      mediaPut: p(`INSERT OR REPLACE INTO message_media (account_id, msg_wa_id, status, sha256, mime, size, filename, detail, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      mediaFile: p(`INSERT INTO media_files (sha256, size, mime, stored_at) VALUES (?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET mime = max(coalesce(mime, excluded.mime), coalesce(excluded.mime, mime)),
          stored_at = min(stored_at, excluded.stored_at)`),
      syncPut: p(`INSERT INTO chat_sync (account_id, chat_wa_id, oldest_ts, newest_ts, complete, last_sync_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET oldest_ts = min(coalesce(oldest_ts, excluded.oldest_ts), coalesce(excluded.oldest_ts, oldest_ts)),
          newest_ts = max(coalesce(newest_ts, excluded.newest_ts), coalesce(excluded.newest_ts, newest_ts)),
          complete = max(complete, excluded.complete), last_sync_at = excluded.last_sync_at`),
      gapPut: p(`INSERT INTO gaps (account_id, chat_wa_id, from_ts, to_ts, reason, detected_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET reason = max(reason, excluded.reason), detected_at = min(detected_at, excluded.detected_at)`),
      ftsDelete: p('DELETE FROM message_fts WHERE rowid = ?'),
      ftsInsert: p('INSERT INTO message_fts (rowid, text, meta) VALUES (?, ?, ?)'),
      // Everything besides body and caption that is searchable, in one statement: it runs for every message.
      ftsSources: p(`SELECT * FROM (SELECT 'r' AS k, body AS v FROM revisions WHERE account_id = ? AND msg_wa_id = ? ORDER BY edited_at)
        UNION ALL SELECT 'f', filename FROM message_media WHERE account_id = ? AND msg_wa_id = ? AND filename IS NOT NULL
        UNION ALL SELECT * FROM (SELECT 't', text FROM message_translations WHERE account_id = ? AND msg_wa_id = ? ORDER BY lang)`),
      personUpsert: p(`INSERT INTO people (id, name, role, active, created_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET name = excluded.name, role = excluded.role, active = excluded.active`),
      accountCreate: p(`INSERT INTO accounts (id, label, owner_id, partition_id, proxy, sort_order, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
      accountState: p('UPDATE accounts SET state = ?, state_detail = ?, state_changed_at = ? WHERE id = ?'),
      auditLast: p('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      auditInsert: p(`INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash)
        VALUES (@seq, @at, @actor, @action, @target, @detail, @prev_hash, @hash)`),
      setting: p('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value'),
      // translations (migration 002): the newer timestamp wins, ties broken by value, so any order converges
      translationPut: p(`INSERT INTO message_translations (account_id, msg_wa_id, lang, text, src_lang, provider, source_hash, translated_at)
        VALUES (@accountId, @messageId, @lang, @text, @srcLang, @provider, @sourceHash, @at)
        ON CONFLICT DO UPDATE SET text = excluded.text, src_lang = excluded.src_lang, provider = excluded.provider,
          source_hash = excluded.source_hash, translated_at = excluded.translated_at
        WHERE excluded.translated_at > translated_at OR (excluded.translated_at = translated_at AND excluded.text > text)`),
      cachePut: p(`INSERT INTO translation_cache (text_hash, src_lang, dst_lang, provider, text, detected_lang, glossary_rev, created_at)
        VALUES (@textHash, @from, @to, @provider, @text, @detectedLang, @glossaryRev, @at)
        ON CONFLICT DO UPDATE SET text = excluded.text, detected_lang = excluded.detected_lang,
          glossary_rev = excluded.glossary_rev, created_at = excluded.created_at
        WHERE excluded.created_at > created_at OR (excluded.created_at = created_at AND excluded.text > text)`),
      prefRow: p('INSERT INTO translate_prefs (account_id, scope, wa_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      prefAuto: p(`UPDATE translate_prefs SET auto_translate = @v, auto_at = @at WHERE account_id = @accountId AND scope = @scope AND wa_id = @id
        AND (auto_at IS NULL OR @at > auto_at OR (@at = auto_at AND coalesce(@v, -1) > coalesce(auto_translate, -1)))`),
      prefTarget: p(`UPDATE translate_prefs SET target_lang = @v, target_at = @at WHERE account_id = @accountId AND scope = @scope AND wa_id = @id
        AND (target_at IS NULL OR @at > target_at OR (@at = target_at AND coalesce(@v, '') > coalesce(target_lang, '')))`),
      prefLang: p(`UPDATE translate_prefs SET lang_override = @v, override_at = @at WHERE account_id = @accountId AND scope = @scope AND wa_id = @id
        AND (override_at IS NULL OR @at > override_at OR (@at = override_at AND coalesce(@v, '') > coalesce(lang_override, '')))`),
      prefDetected: p(`UPDATE translate_prefs SET detected_lang = @lang, detected_confidence = @confidence, detected_samples = @samples,
          detected_at = @at WHERE account_id = @accountId AND scope = 'contact' AND wa_id = @contactId
        AND (detected_at IS NULL OR @at > detected_at OR (@at = detected_at AND @lang > detected_lang))`),
    };
  }

  /** Runs the whole batch in one transaction; nothing is written if any operation fails. */
  apply(ops: ArchiveOp[], now: number = Date.now()): BatchResult {
    this.now = now;
    if (this.mayHavePendingAcks) this.mayHavePendingAcks = (this.s.pendingAckCount!.get() as { n: number }).n > 0;
    const result: BatchResult = { ops: ops.length, messagesInserted: 0, messagesUpdated: 0 };
    try {
      this.db.transaction(() => {
        for (const op of ops) this.applyOne(op, now, result);
        for (const [chatRowId, last] of this.lastInBatch) this.s.chatLast!.run({ ...last, chatRowId });
      }).immediate();
    } catch (err) {
      // Rolled back: chat rows created in this batch no longer exist.
      this.chatIds.clear();
      throw err;
    } finally {
      this.lastInBatch.clear();
    }
    return result;
  }

  private chatRowId(accountId: string, chatId: string): number {
    const key = `${accountId}\u0000${chatId}`;
    const cached = this.chatIds.get(key);
    if (cached !== undefined) return cached;
    this.s.chatStub!.run(accountId, chatId, chatKindOf(chatId), this.now);
    const row = this.s.chatId!.get(accountId, chatId) as { id: number } | undefined;
    if (!row) throw new Error(`chat ${chatId} could not be created`);
    this.chatIds.set(key, row.id);
    return row.id;
  }

  private applyOne(op: ArchiveOp, now: number, result: BatchResult): void {
    const s = this.s;
    switch (op.op) {
      case 'upsertMessage':
        return this.upsertMessage(op.accountId, op.message, now, result);
      case 'upsertChat':
        s.chatUpsert!.run({
          ...op,
          now,
          archived: op.archived ? 1 : 0,
          readOnly: op.readOnly ? 1 : 0,
        });
        return;
      case 'upsertContact':
        s.contactUpsert!.run({ ...op, isBusiness: op.isBusiness ? 1 : 0, isMe: op.isMe ? 1 : 0, now });
        return;
      case 'setParticipants':
        return this.setParticipants(op.accountId, op.chatId, op.at, op.participants);
      case 'participantEvent':
        return this.participantEvent(op.accountId, op.chatId, op.contactId, op.event, op.at, op.by);
      case 'ack': {
        const row = s.msgGet!.get(op.accountId, op.messageId) as MessageRow | undefined;
        if (row) s.msgAck!.run(op.ack, row.id);
        else {
          s.pendingAckPut!.run(op.accountId, op.messageId, op.ack);
          this.mayHavePendingAcks = true;
        }
        return;
      }
      case 'edit': {
        const changed = s.revisionPut!.run(op.accountId, op.messageId, op.editedAt, toDb(op.body)).changes > 0;
        if (changed) this.reindex(op.accountId, op.messageId);
        return;
      }
      case 'revoke':
        s.revocationPut!.run(op.accountId, op.messageId, op.scope, op.at, op.by);
        return;
      case 'reaction':
        s.reactionPut!.run(op.accountId, op.messageId, op.senderId, op.emoji, op.at);
        return;
      case 'media':
        return this.media(op, now);
      case 'syncState':
        this.chatRowId(op.accountId, op.chatId);
        s.syncPut!.run(op.accountId, op.chatId, op.oldestTs, op.newestTs, op.complete ? 1 : 0, now);
        return;
      case 'gap':
        s.gapPut!.run(op.accountId, op.chatId, op.fromTs, op.toTs, op.reason, now);
        return;
      case 'historyFilled':
        // prepared on first use: older migration tests apply batches before history_fills exists
        this.fillPut ??= this.db.prepare(`INSERT INTO history_fills (account_id, chat_wa_id, from_ts, to_ts, source, filled_at)
          VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET source = min(source, excluded.source), filled_at = min(filled_at, excluded.filled_at)`);
        this.fillPut.run(op.accountId, op.chatId, op.fromTs, op.toTs, op.source, now);
        return;
      case 'markSeen':
        s.markSeen!.run(op.upTo, op.accountId, op.chatId);
        return;
      case 'upsertPerson':
        s.personUpsert!.run(op.personId, op.name, op.role, op.active ? 1 : 0, now);
        return;
      case 'createAccount':
        s.accountCreate!.run(op.accountId, op.label, op.ownerId, op.partitionId, op.proxy, op.sortOrder, now);
        return;
      case 'patchAccount':
        return this.patchAccount(op);
      case 'accountState':
        s.accountState!.run(op.state, op.detail, now, op.accountId);
        return;
      case 'audit':
        return this.audit(op.actor, op.action, op.target, op.detail, now);
      case 'setting':
        s.setting!.run(op.key, JSON.stringify(op.value ?? null));
        return;
      case 'translation':
        if (s.translationPut!.run({ ...op, text: toDb(op.text) }).changes > 0) this.reindex(op.accountId, op.messageId);
        return;
      case 'translationCache':
        s.cachePut!.run({ ...op, text: toDb(op.text) });
        return;
      case 'translatePref': {
        s.prefRow!.run(op.accountId, op.scope, op.id);
        const key = { accountId: op.accountId, scope: op.scope, id: op.id, at: op.at };
        if (op.autoTranslate !== undefined) s.prefAuto!.run({ ...key, v: op.autoTranslate === null ? null : Number(op.autoTranslate) });
        if (op.targetLang !== undefined) s.prefTarget!.run({ ...key, v: op.targetLang });
        if (op.language !== undefined) s.prefLang!.run({ ...key, v: op.language });
        return;
      }
      case 'detectedLanguage':
        s.prefRow!.run(op.accountId, 'contact', op.contactId);
        s.prefDetected!.run(op);
        return;
      case 'customer': return this.crm.customer(op);
      case 'customerTag': return this.crm.tag(op);
      case 'customerNote': return this.crm.note(op);
      case 'followUp': return this.crm.followUp(op);
      case 'customerLink': return this.crm.link(op);
      case 'customerMerge': return this.crm.merge(op);
    }
  }

  private upsertMessage(accountId: string, m: Message, now: number, result: BatchResult): void {
    const s = this.s;
    const chatRowId = this.chatRowId(accountId, m.chatId);
    // A revoked placeholder tells us only that the message existed and was revoked.
    const stub = m.type === 'revoked';
    if (stub) s.revocationPut!.run(accountId, m.id, 'everyone', m.timestamp, null);
    const edited = m.editedAt !== null && !stub;
    if (edited) {
      const text = m.body ?? m.caption;
      if (text !== null) s.revisionPut!.run(accountId, m.id, m.editedAt, toDb(text));
    }
    const original = {
      body: edited ? null : m.body,
      caption: edited ? null : m.caption,
    };
    const content = {
      senderId: m.senderId,
      type: m.type,
      body: toDb(original.body),
      caption: toDb(original.caption),
      quotedId: m.quotedId,
      forwarded: m.forwarded ? 1 : 0,
      forwardingScore: m.forwardingScore,
      location: json(m.location),
      vcards: jsonList(m.vcards),
      links: jsonList(m.links),
      mentions: jsonList(m.mentions),
      hasMedia: m.hasMedia ? 1 : 0,
      subtype: m.subtype,
    };
    let sortKey = baseSortKey(m.timestamp, m.id);
    const row = (key: number) => [accountId, m.id, chatRowId, key, content.senderId, m.fromMe ? 1 : 0, content.type, content.body,
      content.caption, m.timestamp, now, m.ack, content.quotedId, content.forwarded, content.forwardingScore,
      content.location, content.vcards, content.links, content.mentions, content.hasMedia, content.subtype, stub ? 1 : 0, m.raw,
      rawRank(m)];
    let inserted: number | null = null;
    for (;;) {
      try {
        const info = s.msgInsert!.run(row(sortKey));
        inserted = info.changes > 0 ? Number(info.lastInsertRowid) : null;
        break;
      } catch (err) {
        // sort keys are time-ordered and nearly always free; on a collision take the next one
        const e = err as { code?: string; message?: string };
        if (e.code !== 'SQLITE_CONSTRAINT_UNIQUE' || !e.message?.includes('messages.sort_key')) throw err;
        sortKey++;
      }
    }
    if (inserted !== null) {
      if (this.mayHavePendingAcks) {
        const pending = s.pendingAckTake!.get(accountId, m.id) as { ack: number } | undefined;
        if (pending && pending.ack > m.ack) s.msgAck!.run(pending.ack, inserted);
      }
      const last = this.lastInBatch.get(chatRowId);
      if (!last || m.timestamp > last.ts || (m.timestamp === last.ts && m.id > last.waId)) {
        this.lastInBatch.set(chatRowId, { ts: m.timestamp, rowId: inserted, waId: m.id });
      }
      this.writeFts(accountId, m.id, inserted, sortKey, chatRowId, m.senderId, original.body, original.caption);
      result.messagesInserted++;
      return;
    }
    const existing = s.msgGet!.get(accountId, m.id) as MessageRow;
    let reindex = false;
    if (existing.stub === 1 && !stub) {
      s.msgFillContent!.run({ ...content, rowId: existing.id });
      reindex = true;
    } else if (!stub && ((existing.body === null && original.body !== null) || (existing.caption === null && original.caption !== null))) {
      s.msgFillOriginal!.run(toDb(original.body), toDb(original.caption), existing.id);
      reindex = true;
    }
    if (m.ack > existing.ack) s.msgAck!.run(m.ack, existing.id);
    const rank = rawRank(m);
    if (m.raw !== null && (existing.raw_rank === null || rank > existing.raw_rank ||
        (rank === existing.raw_rank && (existing.raw === null || m.raw > existing.raw)))) {
      s.msgRaw!.run(m.raw, rank, existing.id);
    }
    s.msgReceived!.run(now, existing.id);
    if (edited) reindex = true;
    if (reindex) this.reindex(accountId, m.id);
    result.messagesUpdated++;
  }

  /** Rewrites a message's FTS row after its text changed (edit, late original, filename). */
  private reindex(accountId: string, waId: string): void {
    const row = this.s.msgGet!.get(accountId, waId) as MessageRow | undefined;
    if (!row) return;
    this.s.ftsDelete!.run(ftsRowid(row.sort_key));
    this.writeFts(accountId, waId, row.id, row.sort_key, row.chat_id, row.sender_wa_id, fromDb(row.body), fromDb(row.caption));
  }

  private writeFts(
    accountId: string, waId: string, _rowId: number, sortKey: number, chatRowId: number,
    senderId: string | null, body: string | null, caption: string | null,
  ): void {
    const revisions: string[] = [];
    const translations: string[] = [];
    let filename: string | null = null;
    for (const r of this.s.ftsSources!.all(accountId, waId, accountId, waId, accountId, waId) as { k: 'r' | 'f' | 't'; v: unknown }[]) {
      const v = fromDb(r.v) ?? '';
      if (r.k === 'r') revisions.push(v);
      else if (r.k === 't') translations.push(v);
      else filename = v;
    }
    const text = ftsText({ body, caption, filename, revisions, translations });
    this.s.ftsInsert!.run(ftsRowid(sortKey), text, metaText(accountId, chatRowId, senderId));
  }

  /**
   * Media state is a join of everything reported: the highest-ranked status (with its
   * detail), and for each descriptive field the greatest value seen. That makes it the same
   * whatever order "pending", "stored", "expired"… reports arrive in.
   */
  private media(op: Extract<ArchiveOp, { op: 'media' }>, now: number): void {
    const s = this.s;
    const prev = s.mediaGet!.get(op.accountId, op.messageId) as
      | { status: string; sha256: string | null; mime: string | null; size: number | null; filename: unknown; detail: string | null }
      | undefined;
    const rank = (status: string) => MEDIA_RANK.get(status) ?? 0;
    const maxOf = <T extends string | number>(a: T | null | undefined, b: T | null): T | null =>
      a === null || a === undefined ? b : b === null ? a : a > b ? a : b;
    const statusWins = !prev || rank(op.status) > rank(prev.status) ||
      (rank(op.status) === rank(prev.status) && (op.detail ?? '') > (prev.detail ?? ''));
    const filename = maxOf(fromDb(prev?.filename), op.filename);
    s.mediaPut!.run(op.accountId, op.messageId,
      statusWins ? op.status : prev.status,
      maxOf(prev?.sha256, op.sha256), maxOf(prev?.mime, op.mime), maxOf(prev?.size, op.size), toDb(filename),
      statusWins ? op.detail : prev.detail, now);
    if (op.status === 'stored' && op.sha256 && op.size !== null) s.mediaFile!.run(op.sha256, op.size, op.mime, now);
    if (filename !== fromDb(prev?.filename)) this.reindex(op.accountId, op.messageId);
  }

  private setParticipants(accountId: string, chatId: string, at: number,
    list: Array<{ contactId: string; role: Role }>): void {
    this.chatRowId(accountId, chatId);
    const members = [...new Map(list.map((p) => [p.contactId, p.role]))]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([contactId, role]) => ({ contactId, role }));
    const json = JSON.stringify(members);
    const hash = createHash('sha256').update(json).digest('hex');
    this.s.participantSetPut!.run(hash, json);
    this.s.snapshotPut!.run(accountId, chatId, at, hash);
    this.recomputeParticipants(accountId, chatId);
  }

  private participantEvent(accountId: string, chatId: string, contactId: string,
    event: MembershipEvent, at: number, by: string | null): void {
    this.chatRowId(accountId, chatId);
    this.s.liveEventPut!.run(accountId, chatId, contactId, event, at, by);
    this.recomputeParticipants(accountId, chatId);
  }

  /** Rebuilds a group's members and list-derived history from every list and notification kept. */
  private recomputeParticipants(accountId: string, chatId: string): void {
    const s = this.s;
    const snapshots = (s.snapshotsOf!.all(accountId, chatId) as { at: number; hash: string; members: string }[])
      .map((r): Snapshot => ({ at: r.at, hash: r.hash, members: JSON.parse(r.members) as Snapshot['members'] }));
    const events = s.liveEventsOf!.all(accountId, chatId) as LiveEvent[];
    const { state, derived } = replayParticipants(snapshots, events);
    s.participantsClear!.run(accountId, chatId);
    for (const p of state) {
      s.participantPut!.run(accountId, chatId, p.contactId, p.role, p.isMember ? 1 : 0, p.since, p.leftAt);
    }
    s.listEventsClear!.run(accountId, chatId);
    for (const e of derived) s.listEventPut!.run(accountId, chatId, e.contactId, e.event, e.at);
  }

  private patchAccount(op: Extract<ArchiveOp, { op: 'patchAccount' }>): void {
    const cols: Record<string, string> = {
      label: 'label', ownerId: 'owner_id', proxy: 'proxy', sortOrder: 'sort_order',
      phone: 'phone', meId: 'me_wa_id', removedAt: 'removed_at',
    };
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, col] of Object.entries(cols)) {
      const v = (op as Record<string, unknown>)[key];
      if (v !== undefined) {
        sets.push(`${col} = ?`);
        values.push(v);
      }
    }
    if (sets.length === 0) return;
    const info = this.db.prepare(`UPDATE accounts SET ${sets.join(', ')} WHERE id = ?`).run(...values, op.accountId);
    if (info.changes === 0) throw new Error(`unknown account ${op.accountId}`);
  }

  private audit(actor: string, action: string, target: string | null, detail: Record<string, unknown>, now: number): void {
    const last = this.s.auditLast!.get() as { seq: number; hash: string } | undefined;
    const row = {
      seq: (last?.seq ?? 0) + 1,
      at: now,
      actor,
      action,
      target,
      detail: JSON.stringify(detail),
      prev_hash: last?.hash ?? AUDIT_GENESIS,
    };
    this.s.auditInsert!.run({ ...row, hash: auditHash(row) });
  }
}
