import { z } from 'zod';
import { ChatKind } from '../../shared/archive-views';
import { customerOpFields } from '../../shared/customer-fields';

/**
 * The archive's write vocabulary. Capture, import and the app all speak it; the writer
 * validates every batch against these schemas before touching the database.
 * Times are Unix milliseconds. Ids are whatsapp-web.js serialized ids.
 */

const id = z.string().min(1).max(512);
const ms = z.number().int().nonnegative();
const text = z.string().max(16 * 1024 * 1024);
const lang = z.string().regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/).max(35);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

// Chat kinds are shared with the renderer (filters, badges): defined in src/shared.
export { CHAT_KINDS, ChatKind } from '../../shared/archive-views';

export const MEDIA_STATUSES = ['pending', 'failed', 'expired', 'too_large', 'stored'] as const;
export const MediaStatus = z.enum(MEDIA_STATUSES);
export type MediaStatus = z.infer<typeof MediaStatus>;

export const ParticipantRole = z.enum(['member', 'admin', 'superadmin']);
export type ParticipantRole = z.infer<typeof ParticipantRole>;

export const Location = z.object({
  latitude: z.number(),
  longitude: z.number(),
  name: z.string().max(4096).optional(),
  address: z.string().max(4096).optional(),
  url: z.string().max(4096).optional(),
});

export const MessageInput = z.object({
  id,
  chatId: id,
  senderId: id.nullable(),
  fromMe: z.boolean(),
  type: z.string().min(1).max(64),
  body: text.nullable(),
  caption: text.nullable().default(null),
  timestamp: ms,
  ack: z.number().int().min(-1).max(4).default(0),
  quotedId: id.nullable().default(null),
  forwarded: z.boolean().default(false),
  forwardingScore: z.number().int().nonnegative().default(0),
  location: Location.nullable().default(null),
  vcards: z.array(text).default([]),
  links: z.array(z.string().max(8192)).default([]),
  mentions: z.array(id).default([]),
  hasMedia: z.boolean().default(false),
  /** Notification subtype (gp2 `add`, `leave`, …) for system messages. */
  subtype: z.string().max(64).nullable().default(null),
  /** Set when the body is an edited text (latestEditSenderTimestampMs): it becomes a revision. */
  editedAt: ms.nullable().default(null),
  /** The whatsapp-web.js serialized model, kept as JSON text. */
  raw: z.string().max(32 * 1024 * 1024).nullable().default(null),
  /**
   * When the archive that sends this first stored it (a history upload, a bundle); live
   * capture leaves it out and the batch's clock counts. The earliest observation wins.
   */
  receivedAt: ms.optional(),
});
export type MessageInput = z.input<typeof MessageInput>;
export type Message = z.output<typeof MessageInput>;

export const ArchiveOp = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('upsertChat'),
    accountId: id,
    chatId: id,
    kind: ChatKind,
    name: z.string().max(4096).nullable().default(null),
    parentId: id.nullable().default(null),
    archived: z.boolean().default(false),
    muteUntil: z.number().int().nullable().default(null),
    readOnly: z.boolean().default(false),
    unreadCount: z.number().int().nonnegative().default(0),
    createdAt: ms.nullable().default(null),
    /** When this was observed; the latest observation of each field wins. 0 = unknown (oldest). */
    at: ms.default(0),
  }),
  z.object({
    op: z.literal('upsertContact'),
    accountId: id,
    contactId: id,
    lid: id.nullable().default(null),
    phone: z.string().max(64).nullable().default(null),
    savedName: z.string().max(4096).nullable().default(null),
    pushName: z.string().max(4096).nullable().default(null),
    isBusiness: z.boolean().default(false),
    isMe: z.boolean().default(false),
    /** When this was observed; the latest non-null name wins. 0 = unknown (oldest). */
    at: ms.default(0),
  }),
  z.object({
    op: z.literal('setParticipants'),
    accountId: id,
    chatId: id,
    at: ms,
    participants: z.array(z.object({ contactId: id, role: ParticipantRole })).max(100_000),
  }),
  z.object({
    op: z.literal('participantEvent'),
    accountId: id,
    chatId: id,
    contactId: id,
    event: z.enum(['join', 'leave', 'promote', 'demote']),
    at: ms,
    by: id.nullable().default(null),
  }),
  z.object({ op: z.literal('upsertMessage'), accountId: id, message: MessageInput }),
  z.object({ op: z.literal('ack'), accountId: id, messageId: id, ack: z.number().int().min(-1).max(4) }),
  z.object({ op: z.literal('edit'), accountId: id, messageId: id, body: text, editedAt: ms }),
  z.object({
    op: z.literal('revoke'),
    accountId: id,
    messageId: id,
    scope: z.enum(['everyone', 'me']),
    at: ms,
    by: id.nullable().default(null),
  }),
  z.object({
    op: z.literal('reaction'),
    accountId: id,
    messageId: id,
    senderId: id,
    /** '' means the sender removed their reaction. */
    emoji: z.string().max(64),
    at: ms,
  }),
  z.object({
    op: z.literal('media'),
    accountId: id,
    messageId: id,
    status: MediaStatus,
    sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable().default(null),
    mime: z.string().max(255).nullable().default(null),
    size: z.number().int().nonnegative().nullable().default(null),
    filename: z.string().max(1024).nullable().default(null),
    detail: z.string().max(4096).nullable().default(null),
  }),
  z.object({
    op: z.literal('syncState'),
    accountId: id,
    chatId: id,
    oldestTs: ms.nullable().default(null),
    newestTs: ms.nullable().default(null),
    complete: z.boolean().default(false),
  }),
  z.object({
    op: z.literal('gap'),
    accountId: id,
    chatId: id,
    fromTs: ms,
    toTs: ms,
    reason: z.string().min(1).max(1024),
  }),
  z.object({
    /** The chat's history between these times is complete in the archive: gaps inside are closed. */
    op: z.literal('historyFilled'),
    accountId: id,
    chatId: id,
    fromTs: ms,
    toTs: ms,
    source: z.enum(['device', 'import']),
  }),
  z.object({ op: z.literal('markSeen'), accountId: id, chatId: id, upTo: ms }),
  z.object({
    op: z.literal('upsertPerson'),
    personId: id,
    name: z.string().min(1).max(256),
    role: z.enum(['rep', 'admin']),
    active: z.boolean().default(true),
  }),
  z.object({
    op: z.literal('createAccount'),
    accountId: id,
    label: z.string().min(1).max(256),
    ownerId: id.nullable().default(null),
    partitionId: id,
    proxy: z.string().max(2048).nullable().default(null),
    sortOrder: z.number().int().default(0),
  }),
  z.object({
    op: z.literal('patchAccount'),
    accountId: id,
    label: z.string().min(1).max(256).optional(),
    ownerId: id.nullable().optional(),
    proxy: z.string().max(2048).nullable().optional(),
    sortOrder: z.number().int().optional(),
    phone: z.string().max(64).nullable().optional(),
    meId: id.nullable().optional(),
    removedAt: ms.nullable().optional(),
  }),
  z.object({
    op: z.literal('accountState'),
    accountId: id,
    state: z.string().min(1).max(64),
    detail: z.string().max(4096).nullable().default(null),
  }),
  z.object({
    op: z.literal('audit'),
    actor: z.string().min(1).max(256),
    action: z.string().min(1).max(128),
    target: z.string().max(1024).nullable().default(null),
    detail: z.record(z.string(), z.unknown()).default({}),
  }),
  z.object({ op: z.literal('setting'), key: z.string().min(1).max(256), value: z.unknown() }),
  // Translations (issue 7; tables in migrations/002-translations.ts). Newer `at` wins.
  z.object({
    op: z.literal('translation'),
    accountId: id,
    messageId: id,
    lang,
    text,
    srcLang: lang.nullable().default(null),
    provider: z.string().min(1).max(128),
    /** sha256 of the text that was translated (see queries/translations textHash). */
    sourceHash: sha256,
    at: ms,
  }),
  z.object({
    op: z.literal('translationCache'),
    textHash: sha256,
    from: z.union([lang, z.literal('auto')]),
    to: lang,
    provider: z.string().min(1).max(128),
    text,
    detectedLang: lang.nullable().default(null),
    glossaryRev: z.string().max(64).default(''),
    at: ms,
  }),
  z.object({
    op: z.literal('translatePref'),
    accountId: id,
    scope: z.enum(['chat', 'contact']),
    /** The chat id or the contact id, per scope. */
    id,
    at: ms,
    /** Omitted: unchanged; null: back to inherited. */
    autoTranslate: z.boolean().nullable().optional(),
    targetLang: lang.nullable().optional(),
    /** The contact's language as the user sets it (contact scope); null: use the detected one. */
    language: lang.nullable().optional(),
  }),
  z.object({
    op: z.literal('detectedLanguage'),
    accountId: id,
    contactId: id,
    lang,
    confidence: z.number().min(0).max(1),
    samples: z.number().int().nonnegative(),
    at: ms,
  }),
  // ---- Customers (issue 6; tables in migrations/003-crm.ts, apply/customers.ts). Fields are
  // last-writer-wins by `at` (ties by value); notes, tags and stage history are sets.
  z.object({
    op: z.literal('customer'),
    customerId: id,
    at: ms,
    by: id.nullable().default(null),
    /** Omitted: unchanged; null: cleared. A stage is also recorded in the stage history. */
    ...customerOpFields(),
  }),
  z.object({ op: z.literal('customerTag'), customerId: id, tag: z.string().min(1).max(64), present: z.boolean(), at: ms }),
  z.object({
    op: z.literal('customerNote'),
    noteId: id,
    customerId: id,
    authorId: id.nullable().default(null),
    body: z.string().min(1).max(64 * 1024),
    at: ms,
  }),
  z.object({
    op: z.literal('followUp'),
    followUpId: id,
    customerId: id,
    at: ms,
    by: id.nullable().default(null),
    details: z.object({ text: z.string().min(1).max(4096), dueAt: ms, assigneeId: id.nullable() }).optional(),
    done: z.boolean().optional(),
  }),
  /** Puts a direct chat (account, contact) in a customer; null: back to its phone number's customer. */
  z.object({ op: z.literal('customerLink'), accountId: id, contactId: id, customerId: id.nullable(), at: ms }),
  /** Shows customer `fromId` as `intoId`; null: un-merge. */
  z.object({ op: z.literal('customerMerge'), fromId: id, intoId: id.nullable(), at: ms }),
]);
export type ArchiveOpInput = z.input<typeof ArchiveOp>;
export type ArchiveOp = z.output<typeof ArchiveOp>;

export const ArchiveBatch = z.array(ArchiveOp).max(50_000);
