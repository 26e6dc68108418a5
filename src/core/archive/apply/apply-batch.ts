import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { AUDIT_GENESIS, auditHash } from '../audit';
import { ftsText, metaText } from '../fts-index';
import type { Db } from '../open';
import { type ArchiveOp, type Message, MEDIA_STATUSES, kindFromChatId } from '../operations';

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
const SORT_SLOTS = 1024;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Time-ordered, unique key; also the FTS rowid, so FTS can return newest matches first. */
function baseSortKey(ts: number, waId: string): number {
  return ts * SORT_SLOTS + (fnv1a(waId) % SORT_SLOTS);
}

function rawRank(m: Message): string {
  return `${String(m.ack + 1).padStart(2, '0')}:${String(m.editedAt ?? 0).padStart(16, '0')}`;
}

const json = (v: unknown): string | null => (v == null ? null : JSON.stringify(v));
const jsonList = (v: unknown[]): string | null => (v.length === 0 ? null : JSON.stringify(v));

export class BatchApplier {
  private readonly s: Record<string, Statement>;
  private readonly chatIds = new Map<string, number>();

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      chatId: p('SELECT id, kind FROM chats WHERE account_id = ? AND wa_id = ?'),
      chatStub: p('INSERT INTO chats (account_id, wa_id, kind, last_seen_ts) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      // last_seen_ts starts at first sight, so history synced at link time does not count as unread
      chatUpsert: p(`INSERT INTO chats (account_id, wa_id, kind, name, parent_wa_id, archived, mute_until, read_only, wa_unread, created_at, known, last_seen_ts)
        VALUES (@accountId, @chatId, @kind, @name, @parentId, @archived, @muteUntil, @readOnly, @unreadCount, @createdAt, 1, @now)
        ON CONFLICT (account_id, wa_id) DO UPDATE SET kind = excluded.kind, name = coalesce(excluded.name, name),
          parent_wa_id = coalesce(excluded.parent_wa_id, parent_wa_id), archived = excluded.archived,
          mute_until = excluded.mute_until, read_only = excluded.read_only, wa_unread = excluded.wa_unread,
          created_at = coalesce(created_at, excluded.created_at), known = 1`),
      chatLast: p(`UPDATE chats SET last_message_ts = @ts, last_message_id = @rowId, last_message_wa_id = @waId
        WHERE id = @chatRowId AND (last_message_ts IS NULL OR last_message_ts < @ts OR (last_message_ts = @ts AND last_message_wa_id < @waId))`),
      markSeen: p('UPDATE chats SET last_seen_ts = max(last_seen_ts, ?) WHERE account_id = ? AND wa_id = ?'),
      chatParticipantsAt: p('SELECT participants_at FROM chats WHERE id = ?'),
      setChatParticipantsAt: p('UPDATE chats SET participants_at = ? WHERE id = ?'),
      contactUpsert: p(`INSERT INTO contacts (account_id, wa_id, lid, phone, saved_name, push_name, is_business, is_me, updated_at)
        VALUES (@accountId, @contactId, @lid, @phone, @savedName, @pushName, @isBusiness, @isMe, @now)
        ON CONFLICT (account_id, wa_id) DO UPDATE SET lid = coalesce(excluded.lid, lid), phone = coalesce(excluded.phone, phone),
          saved_name = coalesce(excluded.saved_name, saved_name), push_name = coalesce(excluded.push_name, push_name),
          is_business = max(is_business, excluded.is_business), is_me = max(is_me, excluded.is_me), updated_at = excluded.updated_at`),
      participantsOf: p('SELECT contact_wa_id, role, is_member FROM participants WHERE account_id = ? AND chat_wa_id = ?'),
      participantUpsert: p(`INSERT INTO participants (account_id, chat_wa_id, contact_wa_id, role, is_member, since, left_at)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET role = excluded.role, is_member = excluded.is_member,
          since = CASE WHEN excluded.is_member = 1 AND is_member = 0 THEN excluded.since ELSE coalesce(since, excluded.since) END,
          left_at = excluded.left_at`),
      participantGet: p('SELECT role, is_member, since, left_at FROM participants WHERE account_id = ? AND chat_wa_id = ? AND contact_wa_id = ?'),
      participantEvent: p(`INSERT INTO participant_events (account_id, chat_wa_id, contact_wa_id, event, at, by_wa_id)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET by_wa_id = coalesce(by_wa_id, excluded.by_wa_id)`),
      lastParticipantEvent: p(`SELECT max(at) AS at FROM participant_events WHERE account_id = ? AND chat_wa_id = ? AND contact_wa_id = ?`),
      msgGet: p(`SELECT id, chat_id, sort_key, stub, body, caption, ack, raw_rank, raw, sender_wa_id
        FROM messages WHERE account_id = ? AND wa_id = ?`),
      sortKeyTaken: p('SELECT 1 FROM messages WHERE sort_key = ?'),
      msgInsert: p(`INSERT INTO messages (account_id, wa_id, chat_id, sort_key, sender_wa_id, from_me, type, body, caption, ts,
          received_at, ack, quoted_wa_id, forwarded, forwarding_score, location, vcards, links, mentions, has_media, subtype, stub, raw, raw_rank)
        VALUES (@accountId, @id, @chatRowId, @sortKey, @senderId, @fromMe, @type, @body, @caption, @timestamp,
          @now, @ack, @quotedId, @forwarded, @forwardingScore, @location, @vcards, @links, @mentions, @hasMedia, @subtype, @stub, @raw, @rawRank)`),
      msgFillContent: p(`UPDATE messages SET sender_wa_id = @senderId, type = @type, body = @body, caption = @caption,
          quoted_wa_id = @quotedId, forwarded = @forwarded, forwarding_score = @forwardingScore, location = @location,
          vcards = @vcards, links = @links, mentions = @mentions, has_media = @hasMedia, subtype = @subtype, stub = 0
        WHERE id = @rowId`),
      msgFillOriginal: p('UPDATE messages SET body = coalesce(body, ?), caption = coalesce(caption, ?) WHERE id = ?'),
      msgAck: p('UPDATE messages SET ack = max(ack, ?) WHERE id = ?'),
      msgRaw: p('UPDATE messages SET raw = ?, raw_rank = ? WHERE id = ?'),
      msgReceived: p('UPDATE messages SET received_at = min(received_at, ?) WHERE id = ?'),
      pendingAckGet: p('SELECT ack FROM pending_acks WHERE account_id = ? AND msg_wa_id = ?'),
      pendingAckDel: p('DELETE FROM pending_acks WHERE account_id = ? AND msg_wa_id = ?'),
      pendingAckPut: p(`INSERT INTO pending_acks (account_id, msg_wa_id, ack) VALUES (?, ?, ?)
        ON CONFLICT DO UPDATE SET ack = max(ack, excluded.ack)`),
      revisionPut: p('INSERT INTO revisions (account_id, msg_wa_id, edited_at, body) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      revisionsOf: p('SELECT body FROM revisions WHERE account_id = ? AND msg_wa_id = ? ORDER BY edited_at'),
      revocationPut: p(`INSERT INTO revocations (account_id, msg_wa_id, scope, at, by_wa_id) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET at = min(at, excluded.at), by_wa_id = coalesce(by_wa_id, excluded.by_wa_id)`),
      reactionPut: p(`INSERT INTO reactions (account_id, msg_wa_id, sender_wa_id, emoji, at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET emoji = excluded.emoji, at = excluded.at
        WHERE excluded.at > at OR (excluded.at = at AND excluded.emoji > emoji)`),
      mediaGet: p('SELECT status, sha256, mime, size, filename FROM message_media WHERE account_id = ? AND msg_wa_id = ?'),
      mediaPut: p(`INSERT OR REPLACE INTO message_media (account_id, msg_wa_id, status, sha256, mime, size, filename, detail, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      mediaFile: p('INSERT INTO media_files (sha256, size, mime, stored_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      syncPut: p(`INSERT INTO chat_sync (account_id, chat_wa_id, oldest_ts, newest_ts, complete, last_sync_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET oldest_ts = min(coalesce(oldest_ts, excluded.oldest_ts), coalesce(excluded.oldest_ts, oldest_ts)),
          newest_ts = max(coalesce(newest_ts, excluded.newest_ts), coalesce(excluded.newest_ts, newest_ts)),
          complete = max(complete, excluded.complete), last_sync_at = excluded.last_sync_at`),
      gapPut: p(`INSERT INTO gaps (account_id, chat_wa_id, from_ts, to_ts, reason, detected_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT DO NOTHING`),
      ftsDelete: p('DELETE FROM message_fts WHERE rowid = ?'),
      ftsInsert: p('INSERT INTO message_fts (rowid, text, meta) VALUES (?, ?, ?)'),
      personUpsert: p(`INSERT INTO people (id, name, role, active, created_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET name = excluded.name, role = excluded.role, active = excluded.active`),
      accountCreate: p(`INSERT INTO accounts (id, label, owner_id, partition_id, proxy, sort_order, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
      accountState: p('UPDATE accounts SET state = ?, state_detail = ?, state_changed_at = ? WHERE id = ?'),
      auditLast: p('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      auditInsert: p(`INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash)
        VALUES (@seq, @at, @actor, @action, @target, @detail, @prev_hash, @hash)`),
      setting: p('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value'),
    };
  }

  /** Runs the whole batch in one transaction; nothing is written if any operation fails. */
  apply(ops: ArchiveOp[], now: number = Date.now()): BatchResult {
    const result: BatchResult = { ops: ops.length, messagesInserted: 0, messagesUpdated: 0 };
    try {
      this.db.transaction(() => {
        for (const op of ops) this.applyOne(op, now, result);
      }).immediate();
    } catch (err) {
      // Rolled back: chat rows created in this batch no longer exist.
      this.chatIds.clear();
      throw err;
    }
    return result;
  }

  private chatRowId(accountId: string, chatId: string, now: number = Date.now()): number {
    const key = `${accountId}\u0000${chatId}`;
    const cached = this.chatIds.get(key);
    if (cached !== undefined) return cached;
    this.s.chatStub!.run(accountId, chatId, kindFromChatId(chatId), now);
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
        else s.pendingAckPut!.run(op.accountId, op.messageId, op.ack);
        return;
      }
      case 'edit': {
        const changed = s.revisionPut!.run(op.accountId, op.messageId, op.editedAt, op.body).changes > 0;
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
    }
  }

  private upsertMessage(accountId: string, m: Message, now: number, result: BatchResult): void {
    const s = this.s;
    const chatRowId = this.chatRowId(accountId, m.chatId, now);
    // A revoked placeholder tells us only that the message existed and was revoked.
    const stub = m.type === 'revoked';
    if (stub) s.revocationPut!.run(accountId, m.id, 'everyone', m.timestamp, null);
    const edited = m.editedAt !== null && !stub;
    if (edited) {
      const text = m.body ?? m.caption;
      if (text !== null) s.revisionPut!.run(accountId, m.id, m.editedAt, text);
    }
    const original = {
      body: edited ? null : m.body,
      caption: edited ? null : m.caption,
    };
    const content = {
      senderId: m.senderId,
      type: m.type,
      ...original,
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
    const existing = s.msgGet!.get(accountId, m.id) as MessageRow | undefined;
    if (!existing) {
      let sortKey = baseSortKey(m.timestamp, m.id);
      while (s.sortKeyTaken!.get(sortKey)) sortKey++;
      const pending = s.pendingAckGet!.get(accountId, m.id) as { ack: number } | undefined;
      if (pending) s.pendingAckDel!.run(accountId, m.id);
      const info = s.msgInsert!.run({
        ...content,
        accountId,
        id: m.id,
        chatRowId,
        sortKey,
        fromMe: m.fromMe ? 1 : 0,
        timestamp: m.timestamp,
        now,
        ack: Math.max(m.ack, pending?.ack ?? -1),
        stub: stub ? 1 : 0,
        raw: m.raw,
        rawRank: rawRank(m),
      });
      const rowId = Number(info.lastInsertRowid);
      s.chatLast!.run({ ts: m.timestamp, rowId, waId: m.id, chatRowId });
      this.writeFts(accountId, m.id, rowId, sortKey, chatRowId, m.senderId, original.body, original.caption);
      result.messagesInserted++;
      return;
    }
    let reindex = false;
    if (existing.stub === 1 && !stub) {
      s.msgFillContent!.run({ ...content, rowId: existing.id });
      reindex = true;
    } else if (!stub && ((existing.body === null && original.body !== null) || (existing.caption === null && original.caption !== null))) {
      s.msgFillOriginal!.run(original.body, original.caption, existing.id);
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
    this.s.ftsDelete!.run(row.sort_key);
    this.writeFts(accountId, waId, row.id, row.sort_key, row.chat_id, row.sender_wa_id, row.body, row.caption);
  }

  private writeFts(
    accountId: string, waId: string, _rowId: number, sortKey: number, chatRowId: number,
    senderId: string | null, body: string | null, caption: string | null,
  ): void {
    const revisions = (this.s.revisionsOf!.all(accountId, waId) as { body: string }[]).map((r) => r.body);
    const media = this.s.mediaGet!.get(accountId, waId) as { filename: string | null } | undefined;
    const text = ftsText({ body, caption, filename: media?.filename ?? null, revisions });
    this.s.ftsInsert!.run(sortKey, text, metaText(accountId, chatRowId, senderId));
  }

  private media(op: Extract<ArchiveOp, { op: 'media' }>, now: number): void {
    const s = this.s;
    const prev = s.mediaGet!.get(op.accountId, op.messageId) as
      | { status: string; sha256: string | null; mime: string | null; size: number | null; filename: string | null }
      | undefined;
    const rank = MEDIA_RANK.get(op.status) ?? 0;
    const prevRank = prev ? (MEDIA_RANK.get(prev.status) ?? 0) : -1;
    const winner = rank >= prevRank ? op : null;
    const status = winner ? op.status : prev!.status;
    const merged = {
      sha256: (winner ? op.sha256 : null) ?? prev?.sha256 ?? op.sha256,
      mime: (winner ? op.mime : null) ?? prev?.mime ?? op.mime,
      size: (winner ? op.size : null) ?? prev?.size ?? op.size,
      filename: prev?.filename ?? op.filename,
    };
    s.mediaPut!.run(op.accountId, op.messageId, status, merged.sha256, merged.mime, merged.size, merged.filename,
      winner ? op.detail : null, now);
    if (op.status === 'stored' && op.sha256 && op.size !== null) s.mediaFile!.run(op.sha256, op.size, op.mime, now);
    if (merged.filename !== (prev?.filename ?? null)) this.reindex(op.accountId, op.messageId);
  }

  private setParticipants(accountId: string, chatId: string, at: number,
    list: Array<{ contactId: string; role: 'member' | 'admin' | 'superadmin' }>): void {
    const s = this.s;
    const chatRowId = this.chatRowId(accountId, chatId);
    const last = (s.chatParticipantsAt!.get(chatRowId) as { participants_at: number | null }).participants_at;
    if (last !== null && last > at) return; // an older snapshot: the newer one already stands
    s.setChatParticipantsAt!.run(at, chatRowId);
    const current = new Map(
      (s.participantsOf!.all(accountId, chatId) as { contact_wa_id: string; role: string; is_member: number }[])
        .map((r) => [r.contact_wa_id, r]),
    );
    const next = new Map(list.map((p) => [p.contactId, p.role]));
    for (const [contact, role] of next) {
      const before = current.get(contact);
      if (!before || before.is_member === 0) {
        if (before) s.participantEvent!.run(accountId, chatId, contact, 'join', at, null);
        s.participantUpsert!.run(accountId, chatId, contact, role, 1, at, null);
      } else if (before.role !== role) {
        s.participantEvent!.run(accountId, chatId, contact, role === 'member' ? 'demote' : 'promote', at, null);
        s.participantUpsert!.run(accountId, chatId, contact, role, 1, null, null);
      }
    }
    for (const [contact, before] of current) {
      if (before.is_member === 1 && !next.has(contact)) {
        s.participantEvent!.run(accountId, chatId, contact, 'leave', at, null);
        s.participantUpsert!.run(accountId, chatId, contact, before.role, 0, null, at);
      }
    }
  }

  private participantEvent(accountId: string, chatId: string, contactId: string,
    event: 'join' | 'leave' | 'promote' | 'demote', at: number, by: string | null): void {
    const s = this.s;
    this.chatRowId(accountId, chatId);
    const lastAt = (s.lastParticipantEvent!.get(accountId, chatId, contactId) as { at: number | null }).at;
    s.participantEvent!.run(accountId, chatId, contactId, event, at, by);
    if (lastAt !== null && lastAt > at) return; // history only; a later event already set the state
    const cur = s.participantGet!.get(accountId, chatId, contactId) as { role: string; is_member: number } | undefined;
    const role = event === 'promote' ? 'admin' : event === 'demote' ? 'member' : (cur?.role ?? 'member');
    const member = event === 'leave' ? 0 : 1;
    s.participantUpsert!.run(accountId, chatId, contactId, role, member, member ? at : null, member ? null : at);
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
