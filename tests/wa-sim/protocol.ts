import { z } from 'zod';

/**
 * What the simulator server and its page say to each other over the same-origin
 * WebSocket. Server → page shapes are plain types (we produce them); page → server
 * messages are validated, since a page is outside our control.
 */

export interface KeyData {
  fromMe: boolean;
  remote: string;
  id: string;
  participant?: string;
}

export interface MediaData {
  directPath: string;
  mimetype: string;
  filename: string | null;
  size: number;
  mediaKey: string;
  filehash: string;
  duration?: number;
  isGif?: boolean;
}

/** One message as the page sees it now (latest edit applied, revoked ones emptied). */
export interface MsgData {
  id: KeyData;
  type: string;
  t: number;
  from: string;
  to: string;
  author?: string;
  ack: number;
  body?: string;
  caption?: string;
  subtype?: string;
  isNotification?: boolean;
  recipients?: string[];
  notifyName?: string;
  broadcast?: boolean;
  forwarded?: boolean;
  forwardingScore?: number;
  mentions?: string[];
  quoted?: { stanzaId: string; participant: string; remote: string; type: string; body: string };
  location?: { lat: number; lng: number; name?: string; address?: string; url?: string };
  vcards?: string[];
  media?: MediaData;
  edit?: { atMs: number; keyId: string };
  hasReaction?: boolean;
}

export interface ParticipantData {
  id: string;
  isAdmin: boolean;
  isSuperAdmin: boolean;
}

export interface GroupData {
  subject: string;
  creation: number;
  owner?: string;
  desc?: string;
  announce: boolean;
  restrict: boolean;
  isParentGroup: boolean;
  parentGroup?: string;
  defaultSubgroup: boolean;
  groupType: 'DEFAULT' | 'COMMUNITY' | 'LINKED_ANNOUNCEMENT_GROUP' | 'LINKED_SUBGROUP';
  isLidAddressingMode: boolean;
  participants: ParticipantData[];
}

export interface ChatData {
  id: string;
  name: string | null;
  t: number;
  unreadCount: number;
  archive: boolean;
  pin: number;
  muteExpiration: number;
  isAutoMuted: boolean;
  endOfHistoryTransferType: number;
  group?: GroupData;
}

export interface ContactData {
  id: string;
  lid: string | null;
  phoneNumber: string | null;
  name: string | null;
  shortName: string | null;
  pushname: string | null;
  isBusiness: boolean;
  isMyContact: boolean;
}

export interface ReactionData {
  parentId: string;
  senderId: string;
  emoji: string;
  tsMs: number;
  keyId: string;
  fromMe: boolean;
}

export interface Snapshot {
  me: { pn: string; lid: string | null; pushname: string };
  contacts: ContactData[];
  chats: ChatData[];
  messages: MsgData[];
  reactions: ReactionData[];
}

export type SimEvent =
  | { k: 'msg'; msg: MsgData }
  | { k: 'ack'; id: string; ack: number }
  | { k: 'edit'; id: string; body: string; atMs: number; keyId: string }
  | { k: 'revoke'; id: string; byAdmin: boolean }
  | { k: 'deleteForMe'; id: string }
  | { k: 'reaction'; r: ReactionData }
  | { k: 'group'; chatId: string; group: GroupData; notification: MsgData | null }
  | { k: 'chat'; chat: ChatData; removed?: boolean }
  | { k: 'contact'; contact: ContactData };

export type ServerToPage =
  | { t: 'qr'; ref: string }
  | { t: 'idle' }
  | { t: 'paired'; session: PageSession }
  | { t: 'state'; state: string }
  | { t: 'sync'; seq: number; snapshot: Snapshot }
  | { t: 'events'; events: Array<{ seq: number; ev: SimEvent }> }
  | { t: 'logout'; reason: 'phone' | 'banned' | 'user' | 'unknown_device' }
  | { t: 'reply'; reqId: number; ok: true; value: unknown }
  | { t: 'reply'; reqId: number; ok: false; error: string };

export const PageSession = z.object({
  phoneId: z.string().min(1).max(200),
  deviceId: z.string().min(1).max(200),
  token: z.string().min(1).max(200),
});
export type PageSession = z.infer<typeof PageSession>;

export const PageToServer = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('hello'),
    session: PageSession.nullable(),
    resume: z.object({ lastSeq: z.number().int().nonnegative() }).nullable(),
    url: z.string().max(4096),
    tabId: z.string().max(200).optional(),
  }),
  z.object({ t: z.literal('ack'), seq: z.number().int().nonnegative() }),
  z.object({
    t: z.literal('req'),
    reqId: z.number().int().positive(),
    op: z.enum(['loadEarlier', 'getMsgs', 'takeover', 'logout', 'refreshQr', 'historySync']),
    chatId: z.string().max(4096).optional(),
    beforeId: z.string().max(4096).nullable().optional(),
    count: z.number().int().positive().max(1000).optional(),
    ids: z.array(z.string().max(4096)).max(1000).optional(),
  }),
]);
export type PageToServer = z.infer<typeof PageToServer>;
