import { z } from 'zod';

/**
 * The JSON export format (docs/export-json.md): the single source of truth for its shape.
 * HTML, PDF and CSV exports carry the same `contentSha256`, so a printed PDF can be matched
 * to its JSON export: it is the sha256 of `JSON.stringify(chats)` as in the file (no
 * whitespace, keys in document order) with every `media.file` set to null, since where an
 * export puts media bytes is not part of what was said.
 */

const ms = z.number().int().nonnegative();

export const ExportMedia = z.strictObject({
  status: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  mime: z.string().nullable(),
  size: z.number().int().nonnegative().nullable(),
  /** The original file name as WhatsApp gave it (sanitized). */
  filename: z.string().nullable(),
  /** Where the export put the bytes, relative to the export file; null: not exported. */
  file: z.string().nullable(),
});

export const ExportMessage = z.strictObject({
  id: z.string(),
  /** Unix milliseconds, and the same instant as ISO 8601 UTC. */
  ts: ms,
  time: z.string(),
  fromMe: z.boolean(),
  senderId: z.string().nullable(),
  senderName: z.string().nullable(),
  type: z.string(),
  subtype: z.string().nullable(),
  /** What the message says now (latest edit), else its original. */
  text: z.string().nullable(),
  /** The original body and caption, kept after edits and deletions. */
  body: z.string().nullable(),
  caption: z.string().nullable(),
  revisions: z.array(z.strictObject({ editedAt: ms, body: z.string() })),
  /** Deleted for everyone / for me; the text is kept. */
  revoked: z.enum(['everyone', 'me']).nullable(),
  forwarded: z.boolean(),
  quoted: z.strictObject({ id: z.string(), text: z.string().nullable() }).nullable(),
  reactions: z.array(z.strictObject({ emoji: z.string(), count: z.number().int(), senders: z.array(z.string()) })),
  media: ExportMedia.nullable(),
  location: z.unknown(),
  vcards: z.array(z.string()),
  links: z.array(z.string()),
});
export type ExportMessage = z.infer<typeof ExportMessage>;

export const ExportChat = z.strictObject({
  accountId: z.string(),
  accountLabel: z.string(),
  chatId: z.string(),
  chatName: z.string().nullable(),
  kind: z.string(),
  messages: z.array(ExportMessage),
});
export type ExportChat = z.infer<typeof ExportChat>;

export const ExportFile = z.strictObject({
  format: z.literal('switchboard-export'),
  version: z.literal(1),
  exportedAt: ms,
  /** The zone the HTML/PDF/CSV local times are shown in. */
  timeZone: z.string(),
  title: z.string(),
  selection: z.strictObject({
    kind: z.enum(['chat', 'customer', 'range']),
    accountId: z.string().nullable(),
    chatId: z.string().nullable(),
    customerId: z.string().nullable(),
  }),
  range: z.strictObject({ from: ms.nullable(), to: ms.nullable() }),
  messageCount: z.number().int().nonnegative(),
  chats: z.array(ExportChat),
  contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ExportFile = z.infer<typeof ExportFile>;
