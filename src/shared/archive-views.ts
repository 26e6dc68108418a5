import { z } from 'zod';

/**
 * What the archive's read side returns, as every layer sees it: the archive queries
 * (src/core/archive/queries) produce these shapes, the IPC contract carries them, the
 * renderer shows them. Plain JSON data only (structured clone and JSON both carry it).
 */

export const CHAT_KINDS = ['direct', 'group', 'community', 'community_announce', 'broadcast', 'channel', 'status'] as const;
export const ChatKind = z.enum(CHAT_KINDS);
export type ChatKind = z.infer<typeof ChatKind>;

export interface MediaView {
  status: string;
  sha256: string | null;
  mime: string | null;
  size: number | null;
  filename: string | null;
}

export interface MessageView {
  rowId: number;
  waId: string;
  accountId: string;
  chatId: string;
  sortKey: number;
  senderId: string | null;
  senderName: string | null;
  fromMe: boolean;
  type: string;
  subtype: string | null;
  /** What the message says now: the latest revision, else the original. */
  text: string | null;
  /** The original body and caption, kept even after edits and revokes. */
  body: string | null;
  caption: string | null;
  edited: boolean;
  revoked: 'everyone' | 'me' | null;
  ts: number;
  ack: number;
  forwarded: boolean;
  quoted: { waId: string; text: string | null; senderName: string | null; rowId: number | null } | null;
  location: unknown;
  vcards: string[];
  links: string[];
  media: MediaView | null;
  reactions: Array<{ emoji: string; count: number; senders: string[] }>;
}

export interface ThreadPage {
  messages: MessageView[];
  hasOlder: boolean;
  hasNewer: boolean;
  /** Index in `messages` of the `around` message, when asked. */
  anchorIndex: number | null;
  total: number;
}

/** Messages `offset … offset+limit-1` of a chat in time order (0 = oldest). */
export interface ThreadSlice {
  offset: number;
  messages: MessageView[];
  total: number;
  /** With `around`: the message's index in the chat (null when it is not there). */
  anchor: number | null;
}

export interface MessageDetail {
  message: MessageView;
  revisions: Array<{ editedAt: number; body: string }>;
  revocations: Array<{ scope: 'everyone' | 'me'; at: number; by: string | null }>;
  reactions: Array<{ senderId: string; senderName: string | null; emoji: string; at: number }>;
  raw: string | null;
}

export interface ChatListItem {
  chatRowId: number;
  accountId: string;
  accountLabel: string;
  accountState: string;
  ownerId: string | null;
  ownerName: string | null;
  chatId: string;
  kind: ChatKind;
  name: string | null;
  parentId: string | null;
  archived: boolean;
  mutedUntil: number | null;
  waUnread: number;
  /** Incoming messages since the user last opened the chat here; capped (see UNREAD_CAP). */
  unread: number;
  lastMessage: { waId: string; ts: number; text: string | null; type: string; fromMe: boolean; senderName: string | null; revoked: boolean } | null;
}

export interface ParticipantView {
  contactId: string;
  name: string | null;
  phone: string | null;
  role: 'member' | 'admin' | 'superadmin';
  isMember: boolean;
  since: number | null;
  leftAt: number | null;
  messages: number;
  lastActive: number | null;
}

export interface ChatDetail {
  accountId: string;
  chatId: string;
  kind: ChatKind;
  name: string | null;
  parent: { chatId: string; name: string | null } | null;
  /** For a community (or a group in one): its groups, announcement group first. */
  communityGroups: Array<{ chatId: string; name: string | null; kind: ChatKind }>;
  participants: ParticipantView[];
  events: Array<{ contactId: string; event: string; at: number; by: string | null }>;
  sync: { oldestTs: number | null; newestTs: number | null; complete: boolean; lastSyncAt: number | null } | null;
  gaps: Array<{ fromTs: number; toTs: number; reason: string; detectedAt: number }>;
  messageCount: number;
}

export interface ContactDetail {
  accountId: string;
  contactId: string;
  lid: string | null;
  phone: string | null;
  savedName: string | null;
  pushName: string | null;
  isBusiness: boolean;
  groups: Array<{ chatId: string; name: string | null; role: string; isMember: boolean }>;
}

export interface SearchHit {
  message: MessageView;
  chatName: string | null;
  chatKind: ChatKind;
  accountLabel: string;
  snippet: string;
  /** [start, end) UTF-16 offsets into `snippet` of the matched terms. */
  ranges: Array<[number, number]>;
  /** Where the words matched: the message itself, or its translation (the snippet is then the translation). */
  via: 'message' | 'translation';
}

export interface SearchResult {
  hits: SearchHit[];
  /** Pass as `before` to get the next page; null when there is none. */
  next: number | null;
}

export interface AccountRow {
  id: string;
  label: string;
  phone: string | null;
  ownerId: string | null;
  ownerName: string | null;
  state: string;
  stateDetail: string | null;
  stateChangedAt: number | null;
  partitionId: string;
  proxy: string | null;
  sortOrder: number;
  meId: string | null;
  createdAt: number;
  removedAt: number | null;
}

export interface Person {
  id: string;
  name: string;
  role: 'rep' | 'admin';
  active: boolean;
}

export interface ArchiveStats {
  accounts: number;
  chats: number;
  contacts: number;
  messages: number;
  revisions: number;
  revocations: number;
  reactions: number;
  mediaFiles: number;
  mediaBytes: number;
  openGaps: number;
  auditEntries: number;
  dbBytes: number;
  schemaVersion: number;
}

/** Unread incoming messages per account (each chat counted up to UNREAD_CAP). */
export interface AccountUnread {
  accountId: string;
  unread: number;
}
