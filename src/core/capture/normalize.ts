import { ArchiveOp, type ArchiveOpInput, type ChatKind, type MessageInput } from '../archive/operations';
import { rawOf, type WChat, type WGroupNotification, type WMessage, type WReaction } from './wwebjs';
import { chatKindOf, idUser, isGroupId, isTextualType } from '../../shared/vocabulary';

/**
 * whatsapp-web.js objects → archive operations. Pure functions: every value read from
 * the page is treated as untrusted (it came from WhatsApp, i.e. from anyone who can
 * message the account), checked with the archive's own schemas, and either turned into
 * a valid operation or rejected with a reason the caller logs.
 */

export interface Identity {
  accountId: string;
  /** The account's own ids (phone and @lid), to tell our messages and reactions apart; learned at ready. */
  me: { pn: string | null; lid: string | null };
  /** @lid → phone-number id, as far as the page's contacts tell. */
  lidToPn: ReadonlyMap<string, string>;
}

export interface Rejection {
  what: string;
  id: string;
  reason: string;
}

export type Checked = { ok: true; op: ArchiveOpInput } | { ok: false; rejection: Rejection };

const MAX_LOGGED_ID = 120;

function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { _serialized?: unknown })._serialized === 'string') {
    return (v as { _serialized: string })._serialized;
  }
  return null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Validates one operation with the archive's schema. */
export function check(what: string, id: unknown, op: ArchiveOpInput): Checked {
  const parsed = ArchiveOp.safeParse(op);
  if (parsed.success) return { ok: true, op };
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') ?? '';
  const idText = typeof id === 'string' ? id : JSON.stringify(id) ?? String(id);
  return {
    ok: false,
    rejection: {
      what,
      id: idText.length > MAX_LOGGED_ID ? `${idText.slice(0, MAX_LOGGED_ID)}…(${idText.length} chars)` : idText,
      reason: `${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}`,
    },
  };
}

function reject(what: string, id: unknown, reason: string): Checked {
  const idText = typeof id === 'string' ? id : String(id);
  return { ok: false, rejection: { what, id: idText.slice(0, MAX_LOGGED_ID), reason } };
}

/** A phone-number id for a @lid one when the mapping is known (one identity per person). */
export function personId(idn: Identity, id: string | null): string | null {
  if (!id) return null;
  return idn.lidToPn.get(id) ?? id;
}

function isMe(idn: Identity, id: string | null): boolean {
  return !!id && (id === idn.me.pn || id === idn.me.lid || idn.lidToPn.get(id) === idn.me.pn);
}

/** Ids must be plain text: control characters in an id mean the data is not from WhatsApp. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The serialized key of a quoted message, rebuilt from the quoting message's fields. */
function quotedKey(idn: Identity, raw: Record<string, unknown>, chatId: string): string | null {
  const stanza = str(raw.quotedStanzaID);
  if (!stanza) return null;
  const participant = str(raw.quotedParticipant);
  const remote = str(raw.quotedRemoteJid) ?? chatId;
  const fromMe = isMe(idn, participant);
  const group = isGroupId(remote);
  return `${fromMe}_${remote}_${stanza}${group && participant ? `_${participant}` : ''}`;
}

export function messageInput(idn: Identity, m: WMessage): MessageInput | { error: string; id: string } {
  const raw = rawOf(m);
  const id = str(m.id?._serialized);
  const chatId = str((m.id as { remote?: unknown } | undefined)?.remote) ?? str(m.fromMe ? m.to : m.from);
  if (!id) return { error: 'message has no id', id: String(id) };
  if (CONTROL.test(id)) return { error: 'message id contains control characters', id };
  if (!chatId) return { error: 'message has no chat id', id };
  if (CONTROL.test(chatId)) return { error: 'chat id contains control characters', id };
  const type = str(m.type) ?? 'unknown';
  const text = typeof m.body === 'string' ? m.body : null;
  const media = !!m.hasMedia;
  const author = str(m.author);
  const sender = m.fromMe ? (idn.me.pn ?? idn.me.lid) : personId(idn, author ?? str(m.from));
  const loc = m.location as unknown as Record<string, unknown> | undefined;
  const latitude = num(loc?.latitude);
  const longitude = num(loc?.longitude);
  const location = type === 'location' && latitude !== null && longitude !== null ? {
    latitude: Number(latitude),
    longitude: Number(longitude),
    ...(str(loc?.name) ? { name: str(loc?.name)! } : {}),
    ...(str(loc?.address) ? { address: str(loc?.address)! } : {}),
    ...(str(loc?.url) ? { url: str(loc?.url)! } : {}),
  } : null;
  const edited = num(m.latestEditSenderTimestampMs);
  return {
    id,
    chatId,
    senderId: sender,
    fromMe: !!m.fromMe,
    type,
    // media bodies are thumbnails in WhatsApp; whatsapp-web.js already puts the caption there
    body: media || type === 'location' || type === 'revoked' ? null : (text === '' && !isTextualType(type) ? null : text),
    caption: media ? (text || null) : null,
    timestamp: Math.max(0, Math.round((num(m.timestamp) ?? 0) * 1000)),
    ack: Math.min(4, Math.max(-1, Math.trunc(num(m.ack) ?? 0))),
    quotedId: m.hasQuotedMsg ? quotedKey(idn, raw, chatId) : null,
    forwarded: !!m.isForwarded,
    forwardingScore: Math.max(0, Math.trunc(num(m.forwardingScore) ?? 0)),
    location,
    vcards: Array.isArray(m.vCards) ? m.vCards.filter((v): v is string => typeof v === 'string') : [],
    links: Array.isArray(m.links) ? m.links.map((l) => str((l as { link?: unknown }).link)).filter((l): l is string => !!l) : [],
    mentions: Array.isArray(m.mentionedIds) ? m.mentionedIds.map((x) => personId(idn, str(x))).filter((x): x is string => !!x) : [],
    hasMedia: media,
    subtype: str(raw.subtype),
    editedAt: edited !== null && edited > 0 ? Math.round(edited) : null,
    raw: safeJson(raw),
  };
}

function safeJson(v: unknown): string | null {
  try {
    return JSON.stringify(v);
  } catch {
    return null;
  }
}

export function upsertMessage(idn: Identity, m: WMessage): Checked {
  const input = messageInput(idn, m);
  if ('error' in input) return reject('message', input.id, input.error);
  return check('message', input.id, { op: 'upsertMessage', accountId: idn.accountId, message: input });
}

export function ackOp(idn: Identity, m: WMessage, ack: number): Checked {
  const id = str(m.id?._serialized);
  return check('ack', id, { op: 'ack', accountId: idn.accountId, messageId: id ?? '', ack: Math.min(4, Math.max(-1, Math.trunc(ack))) });
}

export function editOp(idn: Identity, m: WMessage, newBody: unknown, now: number): Checked {
  const id = str(m.id?._serialized);
  const body = typeof newBody === 'string' ? newBody : null;
  if (body === null) return reject('edit', id, 'edit without a new text');
  const at = num(m.latestEditSenderTimestampMs);
  return check('edit', id, { op: 'edit', accountId: idn.accountId, messageId: id ?? '', body, editedAt: Math.round(at && at > 0 ? at : now) });
}

/** The original message a revoke refers to: protocolMessageKey, else the revoked model's own id. */
export function revokedTarget(m: WMessage): string | null {
  return str((m as unknown as { protocolMessageKey?: unknown }).protocolMessageKey) ?? str(m.id?._serialized);
}

export function revokeOp(idn: Identity, m: WMessage, scope: 'everyone' | 'me', now: number): Checked {
  const target = revokedTarget(m);
  const raw = rawOf(m);
  const byAdmin = str(raw.subtype) === 'admin_revoke';
  return check('revoke', target, {
    op: 'revoke', accountId: idn.accountId, messageId: target ?? '', scope, at: now,
    by: byAdmin ? personId(idn, str(m.author)) : null,
  });
}

export function reactionOp(idn: Identity, r: WReaction): Checked {
  const target = str(r.msgId);
  const sender = personId(idn, str(r.senderId));
  const ts = num(r.timestamp);
  return check('reaction', target, {
    op: 'reaction', accountId: idn.accountId, messageId: target ?? '', senderId: sender ?? '',
    emoji: typeof r.reaction === 'string' ? r.reaction : '',
    at: Math.max(0, Math.round((ts ?? 0) * 1000)),
  });
}

// ------------------------------------------------------------------ chats and groups

interface GroupMeta {
  participants?: Array<{ id?: unknown; isAdmin?: unknown; isSuperAdmin?: unknown }>;
  isParentGroup?: unknown;
  defaultSubgroup?: unknown;
  parentGroup?: unknown;
  groupType?: unknown;
  creation?: unknown;
  subject?: unknown;
}

function metaOf(chat: WChat): GroupMeta | null {
  const meta = (chat as unknown as { groupMetadata?: unknown }).groupMetadata;
  return meta && typeof meta === 'object' ? (meta as GroupMeta) : null;
}

/** The id's kind, refined by group metadata: a group may be a community or its announcement group. */
export function chatKind(chatId: string, meta: GroupMeta | null): ChatKind {
  const kind = chatKindOf(chatId);
  if (kind !== 'group' && !(kind === 'direct' && meta)) return kind;
  if (meta?.isParentGroup === true || meta?.groupType === 'COMMUNITY') return 'community';
  if (meta?.defaultSubgroup === true || meta?.groupType === 'LINKED_ANNOUNCEMENT_GROUP') return 'community_announce';
  return 'group';
}

/** WhatsApp's mute expiration (s; 0 = not muted, -1 = always) → archive ms (null / -1 / ms). */
function muteUntil(v: unknown): number | null {
  const n = num(v);
  if (!n) return null;
  return n < 0 ? -1 : Math.round(n * 1000);
}

export function chatOps(idn: Identity, chat: WChat, now: number): { ops: ArchiveOpInput[]; rejections: Rejection[] } {
  const ops: ArchiveOpInput[] = [];
  const rejections: Rejection[] = [];
  const chatId = str(chat.id?._serialized);
  if (!chatId || CONTROL.test(chatId)) {
    return { ops, rejections: [{ what: 'chat', id: String(chatId).slice(0, MAX_LOGGED_ID), reason: 'chat id missing or not plain text' }] };
  }
  const meta = metaOf(chat);
  const kind = chatKind(chatId, meta);
  const creation = num(meta?.creation);
  const upsert = check('chat', chatId, {
    op: 'upsertChat',
    accountId: idn.accountId,
    chatId,
    kind,
    name: str(chat.name) || null,
    parentId: kind === 'community' ? null : str(meta?.parentGroup),
    archived: !!chat.archived,
    muteUntil: muteUntil(chat.muteExpiration),
    readOnly: !!chat.isReadOnly,
    unreadCount: Math.max(0, Math.trunc(num(chat.unreadCount) ?? 0)),
    createdAt: creation && creation > 0 ? Math.round(creation * 1000) : null,
  });
  if (upsert.ok) ops.push(upsert.op);
  else rejections.push(upsert.rejection);
  if (meta && Array.isArray(meta.participants)) {
    const participants: Array<{ contactId: string; role: 'member' | 'admin' | 'superadmin' }> = [];
    for (const p of meta.participants) {
      const id = personId(idn, str(p.id));
      if (!id) continue;
      participants.push({ contactId: id, role: p.isSuperAdmin === true ? 'superadmin' : p.isAdmin === true ? 'admin' : 'member' });
    }
    const set = check('participants', chatId, { op: 'setParticipants', accountId: idn.accountId, chatId, at: now, participants });
    if (set.ok) ops.push(set.op);
    else rejections.push(set.rejection);
  }
  return { ops, rejections };
}

const GROUP_EVENTS: Record<string, 'join' | 'leave' | 'promote' | 'demote'> = {
  add: 'join',
  invite: 'join',
  linked_group_join: 'join',
  remove: 'leave',
  leave: 'leave',
  promote: 'promote',
  demote: 'demote',
};

/** A gp2 notification: the system message itself plus a participant event per person. */
export function groupNotificationOps(idn: Identity, n: WGroupNotification): { ops: ArchiveOpInput[]; rejections: Rejection[] } {
  const ops: ArchiveOpInput[] = [];
  const rejections: Rejection[] = [];
  const id = str(n.id);
  const chatId = str(n.chatId);
  const at = Math.max(0, Math.round((num(n.timestamp) ?? 0) * 1000));
  const by = personId(idn, str(n.author));
  const subtype = str(n.type) ?? 'unknown';
  const recipients = (Array.isArray(n.recipientIds) ? n.recipientIds : []).map((r) => personId(idn, str(r))).filter((r): r is string => !!r);
  const push = (c: Checked) => (c.ok ? ops.push(c.op) : rejections.push(c.rejection));
  if (!id || !chatId) {
    rejections.push({ what: 'group notification', id: String(id).slice(0, MAX_LOGGED_ID), reason: 'missing id or chat id' });
    return { ops, rejections };
  }
  push(check('group notification', id, {
    op: 'upsertMessage',
    accountId: idn.accountId,
    message: {
      id, chatId, senderId: by, fromMe: false, type: 'gp2', subtype,
      body: typeof n.body === 'string' && n.body ? n.body : null,
      timestamp: at,
      mentions: recipients,
      raw: safeJson({ id: n.id, type: n.type, timestamp: n.timestamp, chatId: n.chatId, author: n.author, body: n.body, recipientIds: n.recipientIds }),
    },
  }));
  const event = GROUP_EVENTS[subtype];
  if (event) {
    for (const contactId of recipients) {
      push(check('participant event', chatId, { op: 'participantEvent', accountId: idn.accountId, chatId, contactId, event, at, by }));
    }
  }
  return { ops, rejections };
}

// ------------------------------------------------------------------ contacts

export interface PageContact {
  id: string;
  pn: string | null;
  lid: string | null;
  name: string | null;
  pushname: string | null;
  isBusiness: boolean;
  isMyContact: boolean;
  isMe: boolean;
}

export function contactOp(idn: Identity, c: PageContact): Checked {
  const contactId = c.pn ?? c.id;
  const phone = c.pn ? idUser(c.pn) : null;
  return check('contact', contactId, {
    op: 'upsertContact',
    accountId: idn.accountId,
    contactId,
    lid: c.lid,
    phone,
    savedName: c.isMyContact ? c.name : null,
    pushName: c.pushname,
    isBusiness: c.isBusiness,
    isMe: c.isMe,
  });
}
