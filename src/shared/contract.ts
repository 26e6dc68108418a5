import { z } from 'zod';
import type {
  AccountStateEvent, AccountStatus, AccountView, CapturedEvent, GapEvent, NotificationItem, OpenTarget, QrEvent,
  SyncProgress, UnreadEvent,
} from './account-views';
import {
  type AccountUnread, type ArchiveStats, type ChatDetail, type ChatListItem, ChatKind, type ContactDetail,
  type MessageDetail, type Person, type SearchResult, type ThreadSlice,
} from './archive-views';
import {
  type CustomerConflict, type CustomerListItem, CustomerStage, type CustomerView, DATE_ORDERS, type ExchangeDone, type ExchangeProgress, EXPORT_FORMATS,
  type FollowUp, type GroupActivity, type HandoverReport, type TeamActivity, type TimelinePage, type WhatsAppExportPreview,
} from './crm-views';
import { CustomerPatch } from './customer-fields';
import type {
  CustomerHandover, OffboardReport, ReassignPlan, ReplicationState, TeamAssignment, TeamOverview, TeamRestorable, TeamRestoreProgress, TeamRestoreResult, TeamServerPreview, TeamStatusView,
} from './team-views';
import { Layout, SlotReport, type SlotRect } from './layout';
import { PROVIDER_IDS, ProviderSettingsPatch } from './translation-providers';
import { type Settings, SettingsPatch } from './settings';
import {
  type ChatTranslatePrefs, type ChatTranslateStatus, type ComposeResult, type ComposerInsertResult, type GlossaryView,
  type HistoryProgressView, LangTag, type MessageTranslationView, type ProviderStatusView, type ProviderView,
  type TranslateDefaultsView, type TranslateMessagesResult, type TranslationsUpdated,
} from './translate-views';

/**
 * THE IPC contract (ARCHITECTURE §6): every channel the app renderer may invoke — name,
 * zod input schema, output type — and every event pushed to it. No channel exists
 * outside this file. Main registers one handler per CHANNELS key (zod validation and a
 * sender check) and forwards to the Core facade; the browser harness binds the same Core.
 * Calls resolve to an InvokeResult (shared/errors.ts), never reject across the wire.
 */

// ---------------------------------------------------------------- definition helpers

/** A channel: its input schema, whether it needs the admin passphrase, its output type. */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  /** Admin channels carry `passphrase` in their input; Core checks it and audits the call. */
  readonly admin: boolean;
  /** Type-level only: never set at runtime. */
  readonly __output?: O;
}

function rpc<I extends z.ZodType>(input: I, opts: { admin?: boolean } = {}) {
  return { returns: <O>(): ChannelDef<I, O> => ({ input, admin: opts.admin ?? false }) };
}

/** An event pushed to the renderer; the payload type is type-level only. */
export interface EventDef<P = unknown> {
  readonly __payload?: P;
}
const event = <P>(): EventDef<P> => ({});

// ---------------------------------------------------------------- shared input pieces

const id = z.string().min(1).max(512);
const ms = z.number().int().nonnegative();
const label = z.string().trim().min(1).max(64);
const passphrase = z.string().min(1).max(1024);
const none = z.strictObject({});
const teamServerUrl = z.string().trim().max(2048).refine((u) => /^https?:\/\/[^\s/]+/i.test(u), 'an https:// address (http:// only for a server on this machine)');
const account = z.strictObject({ accountId: id });
const chat = z.strictObject({ accountId: id, chatId: id });

/** One stable proxy per account, `scheme://[user:pass@]host:port`. Never rotated. */
export const ProxyUrl = z
  .string()
  .trim()
  .max(2048)
  .regex(
    /^(https?|socks[45]):\/\/([^\s:@/]+(:[^\s@/]*)?@)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}\/?$/,
    'Use scheme://host:port, e.g. socks5://127.0.0.1:1080 or http://user:pass@proxy.example:8080',
  );

const ChatListInput = z.strictObject({
  accountIds: z.array(id).max(500).optional(),
  kinds: z.array(ChatKind).max(7).optional(),
  ownerIds: z.array(id).max(500).optional(),
  unreadOnly: z.boolean().optional(),
  /** Only direct chats whose customer is at one of these stages. */
  stages: z.array(CustomerStage).max(6).optional(),
  /** Cursor: lastMessage.ts of the last chat of the previous page. */
  beforeTs: ms.optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

const ThreadSliceInput = z.strictObject({
  accountId: id,
  chatId: id,
  /** 0 = oldest message. Without offset and around: the newest `limit` messages. */
  offset: z.number().int().nonnegative().optional(),
  /** Open around this message: the slice contains it, `anchor` is its index in the chat. */
  around: id.optional(),
  limit: z.number().int().min(1).max(500),
});

const SearchInput = z.strictObject({
  query: z.string().max(1000),
  accountIds: z.array(id).max(500).optional(),
  chat: chat.optional(),
  senderId: id.optional(),
  kinds: z.array(ChatKind).max(7).optional(),
  /** Inclusive time range, Unix ms. */
  from: ms.optional(),
  to: ms.optional(),
  /** Cursor: SearchResult.next of the previous page. */
  before: z.number().int().optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

/** What a native file dialog is opened for (main picks its title, filters and mode). */
export const PICK_PURPOSES = ['whatsappExport', 'bundleOpen', 'bundleSave', 'dataFolder'] as const;
export type PickPurpose = (typeof PICK_PURPOSES)[number];

export interface AppInfo {
  /** A native file dialog is available (Electron): Browse buttons beside path fields. */
  canPickPaths: boolean;
  /** The data folder can be moved from Settings (the app restarts from the new one). */
  canMoveDataFolder: boolean;
  version: string;
  dataFolder: string;
  archiveFile: string;
  /** False when the app runs on an archive alone (no live accounts can start). */
  liveAccounts: boolean;
  /** Where the renderer runs: the desktop app (over IPC), or the team server in a browser. */
  host: 'desktop' | 'team';
  /** The channels this host serves: the UI offers only what it can do. */
  channels: ChannelName[];
  /** On the team server: who is signed in. */
  user: { id: string; login: string; name: string; role: 'admin' | 'lead' | 'rep'; team: string | null } | null;
}

export interface LayoutChanged {
  layout: Layout;
  slots: SlotRect[];
}

// ---------------------------------------------------------------- customers, handover, exchange, analytics (issue 6)

const personId = id.nullable();
const text = (max: number) => z.string().trim().min(1).max(max);
const FollowUpDetailsInput = z.strictObject({ text: text(4096), dueAt: ms, assigneeId: personId });
const HandoverInput = z.strictObject({
  fromId: id,
  toId: id,
  accountIds: z.array(id).max(500).optional(),
  customerIds: z.array(id).max(100_000).optional(),
  all: z.boolean().optional(),
});
const ExportSelectionInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('chat'), accountId: id, chatId: id }),
  z.strictObject({ kind: z.literal('customer'), customerId: id }),
  z.strictObject({ kind: z.literal('range'), accountIds: z.array(id).max(500).optional() }),
]);
/** An absolute path chosen by the user (a native dialog in main, or typed). */
const filePath = z.string().min(1).max(4096);
const bundlePassphrase = z.string().min(8).max(1024).nullable().optional();

const CRM_CHANNELS = {
  'customers.list': rpc(z.strictObject({
    query: z.string().max(200).optional(),
    ownerId: id.optional(),
    stage: CustomerStage.optional(),
    tag: z.string().max(64).optional(),
    accountId: id.optional(),
    conflictOnly: z.boolean().optional(),
    limit: z.number().int().min(1).max(5000).optional(),
    offset: z.number().int().nonnegative().optional(),
  })).returns<{ items: CustomerListItem[]; total: number }>(),
  'customers.get': rpc(z.strictObject({ customerId: id })).returns<CustomerView>(),
  /** The customer a direct chat belongs to (null for groups). */
  'customers.ofChat': rpc(chat).returns<string | null>(),
  'customers.timeline': rpc(z.strictObject({ customerId: id, before: ms.optional(), limit: z.number().int().min(1).max(500).optional() }))
    .returns<TimelinePage>(),
  /** Omitted fields stay; null clears one. A stage change joins the stage history. */
  'customers.update': rpc(z.strictObject({
    customerId: id,
    by: personId.optional(),
    patch: CustomerPatch,
  })).returns<CustomerView>(),
  'customers.setTag': rpc(z.strictObject({ customerId: id, tag: text(64), present: z.boolean() })).returns<void>(),
  'customers.addNote': rpc(z.strictObject({ customerId: id, body: text(64 * 1024), authorId: personId.optional() })).returns<{ noteId: string }>(),
  'customers.addFollowUp': rpc(z.strictObject({ customerId: id, details: FollowUpDetailsInput, by: personId.optional() }))
    .returns<{ followUpId: string }>(),
  'customers.updateFollowUp': rpc(z.strictObject({
    customerId: id, followUpId: id, details: FollowUpDetailsInput.optional(), done: z.boolean().optional(), by: personId.optional(),
  })).returns<FollowUp>(),
  'customers.merge': rpc(z.strictObject({ fromId: id, intoId: id })).returns<CustomerView>(),
  'customers.unmerge': rpc(z.strictObject({ customerId: id, mergedId: id })).returns<void>(),
  /** Takes one chat out of a customer into a new one; returns the new customer's id. */
  'customers.split': rpc(z.strictObject({ customerId: id, accountId: id, contactId: id })).returns<{ customerId: string }>(),
  /** 撞单: customers that two or more reps' accounts talked to within `days`. */
  'customers.conflicts': rpc(z.strictObject({ days: z.number().int().min(1).max(365).optional() })).returns<CustomerConflict[]>(),

  /** What a handover would do (the wizard's preview); changes nothing. */
  'handover.plan': rpc(HandoverInput).returns<HandoverReport>(),
  'handover.run': rpc(HandoverInput.extend({ passphrase }), { admin: true }).returns<HandoverReport>(),
  /** Hands everything over, exports a bundle (to `bundleFile`, or the profile's exports folder), deactivates the person. */
  'handover.offboard': rpc(z.strictObject({
    personId: id, toId: id, bundle: z.boolean(), bundleFile: filePath.optional(), bundlePassphrase, passphrase,
  }), { admin: true }).returns<{ report: HandoverReport; bundleFile: string | null }>(),

  /** Starts an export (progress and result arrive as exchange.* events); `outDir` defaults to the profile's exports folder. */
  'exchange.exportChats': rpc(z.strictObject({
    format: z.enum(EXPORT_FORMATS), selection: ExportSelectionInput, from: ms.optional(), to: ms.optional(), outDir: filePath.optional(),
    language: z.enum(['zh-CN', 'en']).optional(), timeZone: z.string().max(64).optional(),
  })).returns<{ jobId: string }>(),
  'exchange.exportBundle': rpc(z.strictObject({
    accountIds: z.array(id).max(500).optional(), customerIds: z.array(id).max(100_000).optional(), from: ms.optional(), to: ms.optional(),
    file: filePath.optional(), bundlePassphrase, includeMedia: z.boolean().optional(), passphrase,
  }), { admin: true }).returns<{ jobId: string }>(),
  'exchange.importBundle': rpc(z.strictObject({ file: filePath, bundlePassphrase, passphrase }), { admin: true }).returns<{ jobId: string }>(),
  /** WhatsApp's own "Export chat" (.txt or .zip) into one chat. */
  'exchange.importWhatsApp': rpc(z.strictObject({
    file: filePath, accountId: id, chatId: id, me: z.array(text(256)).max(10).optional(), timeZone: z.string().max(64).optional(),
    dateOrder: z.enum(DATE_ORDERS).optional(),
  })).returns<{ jobId: string }>(),
  /** Reads a WhatsApp export without importing: its message count and the date orders it can be read in. */
  'exchange.previewWhatsApp': rpc(z.strictObject({ file: filePath })).returns<WhatsAppExportPreview>(),
  'exchange.cancel': rpc(z.strictObject({ jobId: z.string().min(1).max(128) })).returns<void>(),

  'analytics.team': rpc(z.strictObject({
    from: ms, to: ms, unansweredHours: z.number().min(0.25).max(24 * 30).optional(), tzOffsetMinutes: z.number().int().min(-840).max(840).optional(),
    accountIds: z.array(id).max(500).optional(),
  })).returns<TeamActivity>(),
  'analytics.group': rpc(z.strictObject({
    accountId: id, chatId: id, from: ms, to: ms, bucket: z.enum(['day', 'week', 'month']).optional(),
    tzOffsetMinutes: z.number().int().min(-840).max(840).optional(),
  })).returns<GroupActivity | null>(),
} as const;

// ---------------------------------------------------------------- translation (issue 7; handlers in core/app/handlers/translate.ts)

const providerId = z.enum(PROVIDER_IDS);
const glossaryTerm = z.string().trim().min(1).max(200);
const GlossaryInput = z.strictObject({
  entries: z.array(z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('keep'), term: glossaryTerm, caseSensitive: z.boolean().optional() }),
    z.strictObject({ kind: z.literal('term'), terms: z.record(LangTag, glossaryTerm), caseSensitive: z.boolean().optional() }),
  ])).max(5000),
});
const messageIds = (max: number) => z.array(id).min(1).max(max);

const TEAM_CHANNELS = {
  /** Whether this profile is enrolled in a team server, and how replication stands. */
  'team.status': rpc(none).returns<TeamStatusView>(),
  /** The server's certificate fingerprint, to compare with what IT gave, before enrolling. */
  'team.preview': rpc(z.strictObject({ serverUrl: teamServerUrl })).returns<TeamServerPreview>(),
  /** Joins the team server with a one-time code and pins its certificate; replication starts at once. */
  'team.enroll': rpc(z.strictObject({
    serverUrl: teamServerUrl, code: z.string().trim().min(4).max(64), fingerprint: z.string().max(200).nullable(),
    deviceName: z.string().trim().min(1).max(128).optional(), passphrase,
  }), { admin: true }).returns<TeamStatusView>(),
  /** The accounts the team server holds for this PC's user: what a restore would bring down. */
  'team.restorable': rpc(none).returns<TeamRestorable[]>(),
  /** Brings those accounts (or the given ones) and their whole history down to this PC; progress as `team.restore` events. */
  'team.restore': rpc(z.strictObject({ accountIds: z.array(id).max(500).optional() })).returns<TeamRestoreResult>(),
} as const;

const TRANSLATION_CHANNELS = {
  /** Every provider: the configured ones with their settings, the others with defaults (never a key). */
  'translate.providers': rpc(none).returns<ProviderView[]>(),
  /** Checks providers now (all, or one: "test connection"). */
  'translate.providerStatus': rpc(z.strictObject({ id: providerId.optional() })).returns<ProviderStatusView[]>(),
  /** `apiKey`: a string sets it, null removes it, omitted keeps the stored one. Keys go in and never come out. */
  'translate.configureProvider': rpc(z.strictObject({ settings: ProviderSettingsPatch, apiKey: z.string().max(4096).nullable().optional() }))
    .returns<ProviderView[]>(),
  'translate.glossary': rpc(none).returns<GlossaryView>(),
  'translate.setGlossary': rpc(GlossaryInput).returns<GlossaryView>(),
  'translate.defaults': rpc(none).returns<TranslateDefaultsView>(),
  'translate.setDefaults': rpc(z.strictObject({ targetLang: LangTag })).returns<TranslateDefaultsView>(),

  'translate.prefs': rpc(chat).returns<ChatTranslatePrefs>(),
  /** Auto-translate and target language of a chat, or of its contact (direct chats). Omitted: unchanged; null: inherit. */
  'translate.setPrefs': rpc(z.strictObject({
    accountId: id, chatId: id, scope: z.enum(['chat', 'contact']),
    autoTranslate: z.boolean().nullable().optional(), targetLang: LangTag.nullable().optional(),
  })).returns<ChatTranslatePrefs>(),
  /** The contact's language (direct chats) as the rep knows it; null: back to the detected one. */
  'translate.setContactLanguage': rpc(z.strictObject({ accountId: id, chatId: id, language: LangTag.nullable() })).returns<ChatTranslatePrefs>(),
  /** Detects the contact's language again from their recent messages. */
  'translate.detectLanguage': rpc(chat).returns<ChatTranslatePrefs>(),

  /** Translates these messages now (a page, or a retry) into `to` (default: the chat's target) and stores them. */
  'translate.messages': rpc(z.strictObject({ accountId: id, chatId: id, messageIds: messageIds(200), to: LangTag.optional() }))
    .returns<TranslateMessagesResult>(),
  /** Stored translations of a page of messages. */
  'translate.stored': rpc(z.strictObject({ accountId: id, messageIds: messageIds(1000), lang: LangTag })).returns<MessageTranslationView[]>(),
  /** Auto-translate failures of a chat (the originals are archived regardless). */
  'translate.chatStatus': rpc(chat).returns<ChatTranslateStatus>(),
  /** The translator composer: translation and back-translation. Sends nothing to WhatsApp. */
  'translate.compose': rpc(z.strictObject({
    text: z.string().max(5000).refine((s) => s.trim().length > 0, 'Type something to translate.'),
    to: LangTag, from: z.union([LangTag, z.literal('auto')]).optional(), provider: providerId.optional(),
  })).returns<ComposeResult>(),
  /** Puts text into WhatsApp's message box of the open chat. Never sends: the rep presses Enter. */
  'translate.insert': rpc(z.strictObject({ accountId: id, chatId: id, text: z.string().min(1).max(65_536) })).returns<ComposerInsertResult>(),

  /** Translates a chat's older messages in the background; progress arrives as translate.history events. */
  'translate.historyStart': rpc(z.strictObject({ accountId: id, chatId: id, to: LangTag.optional(), incomingOnly: z.boolean().optional() }))
    .returns<HistoryProgressView>(),
  'translate.historyCancel': rpc(z.strictObject({ jobId: z.string().min(1).max(128) })).returns<void>(),
  'translate.historyJobs': rpc(none).returns<HistoryProgressView[]>(),
} as const;

// ---------------------------------------------------------------- channels

export const CHANNELS = {
  // accounts: registry and lifecycle (supervisor)
  'accounts.list': rpc(none).returns<AccountView[]>(),
  'accounts.add': rpc(z.strictObject({ label, ownerId: id.nullable().optional(), proxy: ProxyUrl.nullable().optional() }))
    .returns<{ accountId: string }>(),
  'accounts.rename': rpc(z.strictObject({ accountId: id, label })).returns<void>(),
  'accounts.reorder': rpc(z.strictObject({ accountIds: z.array(id).min(1).max(500) })).returns<void>(),
  'accounts.setOwner': rpc(z.strictObject({ accountId: id, ownerId: id.nullable(), passphrase }), { admin: true }).returns<void>(),
  'accounts.setProxy': rpc(z.strictObject({ accountId: id, proxy: ProxyUrl.nullable(), passphrase }), { admin: true }).returns<void>(),
  /** Stops and hides the account; its archive is kept. */
  'accounts.remove': rpc(z.strictObject({ accountId: id, passphrase }), { admin: true }).returns<void>(),
  'accounts.start': rpc(account).returns<void>(),
  'accounts.stop': rpc(account).returns<void>(),
  'accounts.hibernate': rpc(account).returns<void>(),
  'accounts.wake': rpc(account).returns<void>(),
  'accounts.useHere': rpc(account).returns<void>(),
  'accounts.retry': rpc(account).returns<void>(),
  'accounts.status': rpc(account).returns<AccountStatus | null>(),

  // people (account owners) and the admin passphrase
  'people.list': rpc(none).returns<Person[]>(),
  'people.save': rpc(z.strictObject({
    personId: id.optional(),
    name: label,
    role: z.enum(['rep', 'admin']),
    active: z.boolean().optional(),
    passphrase,
  }), { admin: true }).returns<{ personId: string }>(),
  'admin.status': rpc(none).returns<{ passphraseSet: boolean }>(),
  /** `current` is null only while no passphrase is set. */
  'admin.setPassphrase': rpc(z.strictObject({ current: passphrase.nullable(), next: z.string().min(8).max(1024) })).returns<void>(),

  // live area
  'layout.get': rpc(none).returns<LayoutChanged>(),
  'layout.set': rpc(Layout).returns<Layout>(),
  'layout.reportSlots': rpc(SlotReport).returns<void>(),

  // archive (works the same for live, banned and logged-out accounts)
  'archive.chatList': rpc(ChatListInput).returns<ChatListItem[]>(),
  'archive.threadSlice': rpc(ThreadSliceInput).returns<ThreadSlice>(),
  'archive.message': rpc(z.strictObject({ accountId: id, messageId: id })).returns<MessageDetail | null>(),
  'archive.chatDetail': rpc(chat).returns<ChatDetail | null>(),
  'archive.contactDetail': rpc(z.strictObject({ accountId: id, contactId: id })).returns<ContactDetail | null>(),
  /** The user read the chat up to `upTo` (a message ts): its unread count falls. */
  'archive.markSeen': rpc(z.strictObject({ accountId: id, chatId: id, upTo: ms })).returns<UnreadEvent>(),
  'archive.unread': rpc(none).returns<AccountUnread[]>(),
  'archive.stats': rpc(none).returns<ArchiveStats>(),

  // search
  'search.query': rpc(SearchInput).returns<SearchResult>(),

  // notifications centre
  'notifications.list': rpc(z.strictObject({ limit: z.number().int().min(1).max(500).optional() }))
    .returns<{ items: NotificationItem[]; unread: number }>(),
  /** Without ids: all. */
  'notifications.markRead': rpc(z.strictObject({ ids: z.array(z.string().min(1).max(128)).max(500).optional() })).returns<void>(),
  /** Marks it read and says which account and chat to show. */
  'notifications.open': rpc(z.strictObject({ id: z.string().min(1).max(128) })).returns<OpenTarget>(),

  // settings and app
  'settings.get': rpc(none).returns<Settings>(),
  'settings.set': rpc(SettingsPatch).returns<Settings>(),
  /** An encrypted copy of the archive in <data folder>/backups. */
  'settings.backupNow': rpc(none).returns<{ file: string; bytes: number }>(),
  /**
   * Copies the archive and media into `target` (empty or new), verifies the copy, and restarts
   * the app from it. Capture pauses first, so the copy misses nothing; the old folder is kept.
   */
  'settings.moveDataFolder': rpc(z.strictObject({ target: z.string().min(1).max(4096) }))
    .returns<{ dataFolder: string; messages: number; mediaFiles: number }>(),
  /** The team server's console only: every rep the user may see, their PCs and accounts as last reported. */
  'team.overview': rpc(none).returns<TeamOverview>(),
  /** The team console only: hand an account to another user across PCs (dryRun: the plan, to show first). */
  'team.reassign': rpc(z.strictObject({ accountId: id, toUserId: id, dryRun: z.boolean() })).returns<ReassignPlan>(),
  /** The team console only: a leaving rep's accounts to another user, their PCs revoked, their sign-in disabled. */
  'team.offboard': rpc(z.strictObject({ userId: id, toUserId: id, dryRun: z.boolean() })).returns<OffboardReport>(),
  /** The team console only: every customer one person owns to another (their accounts stay). */
  'team.reassignCustomers': rpc(z.strictObject({ fromUserId: id, toUserId: id, dryRun: z.boolean() })).returns<CustomerHandover>(),
  'app.info': rpc(none).returns<AppInfo>(),
  /** A native file dialog; path null when the user cancelled. */
  'app.pickPath': rpc(z.strictObject({ purpose: z.enum(PICK_PURPOSES) })).returns<{ path: string | null }>(),

  // ---- customers, handover, exports/imports, team analytics (issue 6; handlers in core/app/handlers/{crm,exchange}.ts)
  ...CRM_CHANNELS,

  // ---- translation (issue 7; handlers in core/app/handlers/translate.ts)
  ...TRANSLATION_CHANNELS,
  ...TEAM_CHANNELS,
} as const;

// ---------------------------------------------------------------- events

export const EVENTS = {
  'account.state': event<AccountStateEvent>(),
  'account.qr': event<QrEvent>(),
  'account.sync': event<SyncProgress>(),
  'account.gap': event<GapEvent>(),
  /** The account list changed (added, renamed, reordered, owner, proxy, removed). */
  'accounts.changed': event<{ accountId: string | null }>(),
  /** A new message was archived by live capture. */
  'message.captured': event<CapturedEvent>(),
  'unread.changed': event<UnreadEvent>(),
  'notifications.changed': event<{ unread: number }>(),
  'layout.changed': event<LayoutChanged>(),
  'settings.changed': event<Settings>(),
  /** Moving the data folder: copying the archive, then media, then verifying the copy. */
  'settings.moveProgress': event<{ phase: 'archive' | 'media' | 'verify'; done: number; total: number }>(),
  /** Show this chat (a native notification was clicked, a tray item chosen…). */
  'app.open': event<OpenTarget>(),
  /** Show this customer (a follow-up reminder was clicked); null: the customer list. */
  'app.openCustomer': event<{ customerId: string | null }>(),
  // ---- issue 6
  /** A customer changed (fields, notes, follow-ups, merge, split); null: several. */
  'crm.changed': event<{ customerId: string | null }>(),
  /** Follow-ups that just came due (each reported once per due time). */
  'crm.followUpsDue': event<FollowUp[]>(),
  'exchange.progress': event<ExchangeProgress>(),
  'exchange.done': event<ExchangeDone>(),
  // ---- issue 7
  /** Translations were stored for these messages: open threads refresh them. */
  'translate.updated': event<TranslationsUpdated>(),
  /** A chat's auto-translate failures changed (a failure, or a retry that worked). */
  'translate.status': event<ChatTranslateStatus>(),
  /** A chat's translation settings changed (toggle, target, contact language). */
  'translate.prefsChanged': event<{ accountId: string; chatId: string }>(),
  'translate.history': event<HistoryProgressView>(),
  // ---- issue 12
  /** Replication to the team server moved on (synced, pending, uploading, unreachable, revoked). */
  'team.state': event<ReplicationState>(),
  /** A restore from the team server moved on. */
  'team.restore': event<TeamRestoreProgress>(),
  /** The team server handed an account to this PC's user (it came down), or took one away (its login was let go). */
  'team.assignment': event<TeamAssignment>(),
} as const;

// ---------------------------------------------------------------- derived types

export type Channels = typeof CHANNELS;
export type ChannelName = keyof Channels;
/** What a caller passes (defaults optional). */
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
/** What a handler receives after validation. */
export type ChannelArgs<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = Channels[C] extends ChannelDef<z.ZodType, infer O> ? O : never;

export type Events = typeof EVENTS;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E] extends EventDef<infer P> ? P : never;

export const CHANNEL_NAMES = Object.keys(CHANNELS) as ChannelName[];
/** Channels only the team server's console serves (the desktop has no team to overview). */
export const TEAM_ONLY_CHANNELS = ['team.overview', 'team.reassign', 'team.offboard', 'team.reassignCustomers'] as const satisfies readonly ChannelName[];
export type DesktopChannelName = Exclude<ChannelName, (typeof TEAM_ONLY_CHANNELS)[number]>;
export const DESKTOP_CHANNEL_NAMES = CHANNEL_NAMES.filter((c): c is DesktopChannelName => !(TEAM_ONLY_CHANNELS as readonly string[]).includes(c));
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(CHANNELS, name);
}

