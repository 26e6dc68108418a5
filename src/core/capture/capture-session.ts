import { notificationPreview } from '../archive/preview';
import { EventEmitter } from 'node:events';
import type { Archive } from '../archive/archive';
import type { ArchiveOpInput } from '../archive/operations';
import type { CapturedMessage, SyncProgress } from '../../shared/account-views';
import type { AttachedClient } from './attached-client';
import { MediaQueue, type MediaQueueOptions } from './media-queue';
import { readMe } from './page-reads';
import {
  ackOp, chatOps, type Checked, editOp, groupNotificationOps, type Identity, personId, reactionOp, type Rejection,
  revokedTarget, revokeOp, upsertMessage,
} from './normalize';
import { type ChatSync, DEFAULT_RECONCILE, type GapFound, reconcileAll, type ReconcileOptions, type ReconcileResult } from './reconcile';
import { WriteBatcher, type WriteBatcherOptions } from './write-batcher';
import type { WChat, WGroupNotification, WMessage, WReaction } from './wwebjs';
import { idUser, isLidId, isPhoneUserId } from '../../shared/vocabulary';

/**
 * One per account: turns a whatsapp-web.js client's events into archive operations
 * (research §6), reconciles after every `ready` and every reconnect, downloads media as it
 * arrives. A session outlives its clients: the supervisor binds a new client after a
 * reload or restart, and the session keeps what it learned (sync state, names).
 */

export interface CaptureSessionEvents {
  /** A live message was committed (not emitted for backfill). */
  captured: CapturedMessage;
  sync: SyncProgress;
  gap: GapFound & { accountId: string };
  /** Something from WhatsApp could not be archived; capture goes on. */
  rejected: Rejection & { accountId: string };
  problem: { accountId: string; where: string; message: string };
  reconciled: ReconcileResult & { accountId: string; ms: number };
}

export interface CaptureSessionOptions {
  accountId: string;
  archive: Pick<Archive, 'write' | 'query'>;
  mediaDir: string;
  now?: () => number;
  /** Share one batcher between sessions to merge their transactions. */
  batcher?: WriteBatcher;
  batching?: WriteBatcherOptions;
  media?: Partial<Omit<MediaQueueOptions, 'accountId' | 'mediaDir' | 'write'>>;
  reconcile?: ReconcileOptions;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

type Listener = (...args: never[]) => void;

export class CaptureSession {
  readonly accountId: string;
  private readonly emitter = new EventEmitter();
  private readonly batcher: WriteBatcher;
  private readonly media: MediaQueue;
  private readonly now: () => number;
  private readonly log: NonNullable<CaptureSessionOptions['log']>;
  private client: AttachedClient | null = null;
  private unbinders: Array<() => void> = [];
  private readonly identity: Identity;
  private readonly lidToPn = new Map<string, string>();
  private readonly names = new Map<string, string>();
  private readonly chatNames = new Map<string, string>();
  private readonly knownChats = new Set<string>();
  private readonly syncs = new Map<string, ChatSync>();
  private readonly historyRequested = new Set<string>();
  private readonly openGaps = new Map<string, Array<{ fromTs: number; toTs: number }>>();
  private readonly gapsChecked = new Set<string>();
  /** Media the page could not find in this session (not loaded, deleted for me). */
  private readonly mediaUnavailable = new Set<string>();
  private feeding: Promise<void> | null = null;
  private ready = false;
  private lastState: string | null = null;
  private reconciling: Promise<void> | null = null;
  private again = false;
  private lastSync: SyncProgress | null = null;
  private liveWrites = new Set<Promise<unknown>>();

  constructor(private readonly options: CaptureSessionOptions) {
    this.accountId = options.accountId;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((level, message) => (level === 'info' ? undefined : console.warn(`[capture ${options.accountId}] ${message}`)));
    this.batcher = options.batcher ?? new WriteBatcher(options.archive, {
      ...options.batching,
      onFailed: (op, err) => this.problem('archive', `an operation was refused: ${describe(err)} (${op.op})`),
    });
    this.identity = { accountId: this.accountId, me: { pn: null, lid: null }, lidToPn: this.lidToPn };
    this.media = new MediaQueue({
      accountId: this.accountId,
      mediaDir: options.mediaDir,
      ...options.media,
      write: (ops) => this.batcher.live(ops),
      onProblem: (id, reason) => this.problem('media', `${id.slice(0, 80)}: ${reason}`),
      onIdle: () => this.feedMedia(),
    });
  }

  on<K extends keyof CaptureSessionEvents>(event: K, listener: (e: CaptureSessionEvents[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  private emit<K extends keyof CaptureSessionEvents>(event: K, e: CaptureSessionEvents[K]): void {
    this.emitter.emit(event, e);
  }

  get syncProgress(): SyncProgress | null {
    return this.lastSync;
  }

  get isReady(): boolean {
    return this.ready;
  }

  get isReconciling(): boolean {
    return this.reconciling !== null;
  }

  /** Starts capturing from a client (call before client.initialize(), to miss nothing). */
  /** The media size cap from Settings; applies to downloads not yet started. */
  setMediaMaxBytes(maxBytes: number): void {
    this.media.setMaxBytes(maxBytes);
  }

  bind(client: AttachedClient): void {
    if (this.client) throw new Error(`capture for ${this.accountId} is already bound to a client`);
    this.client = client;
    this.ready = false;
    this.lastState = null;
    this.media.restart();
    const emitter: EventEmitter = client;
    const on = (event: string, fn: Listener) => {
      const wrapped = (...args: unknown[]) => {
        try {
          fn(...(args as never[]));
        } catch (err) {
          this.problem(event, describe(err));
        }
      };
      emitter.on(event, wrapped);
      this.unbinders.push(() => emitter.off(event, wrapped));
    };
    on('ready', () => this.onReady());
    on('message_create', (m: WMessage) => this.onMessage(m));
    on('message_ack', (m: WMessage, ack: number) => this.live('ack', [ackOp(this.identity, m, ack)]));
    on('message_edit', (m: WMessage, newBody: unknown) => {
      this.live('edit', [upsertMessage(this.identity, m), editOp(this.identity, m, newBody, this.now())]);
    });
    on('message_revoke_everyone', (revoked: WMessage, before?: WMessage) => this.onRevoke(revoked, before));
    on('message_revoke_me', (m: WMessage) => {
      this.live('revoke', [upsertMessage(this.identity, m), revokeOp(this.identity, m, 'me', this.now())]);
    });
    on('message_reaction', (r: WReaction) => this.live('reaction', [reactionOp(this.identity, r)]));
    for (const ev of ['group_join', 'group_leave', 'group_admin_changed', 'group_update', 'group_membership_request']) {
      on(ev, (n: WGroupNotification) => this.onGroupNotification(n));
    }
    on('chat_archived', (chat: WChat) => this.onChatChanged(chat));
    on('unread_count', (chat: WChat) => this.onChatChanged(chat));
    on('change_state', (state: string) => this.onState(state));
    on('attach_error', (err: Error) => this.problem('attach', err.message));
    on('disconnected', () => this.media.stop());
  }

  /** Stops capturing from the current client; writes already queued are committed. */
  async unbind(): Promise<void> {
    for (const u of this.unbinders) u();
    this.unbinders = [];
    this.client = null;
    this.ready = false;
    this.media.stop();
    this.feeding = null;
    // a reconcile on a crashed page may never settle: abandon it (it stops at the next chat,
    // and whatever it already queued is valid) instead of waiting for it
    this.reconciling = null;
    this.again = false;
    await Promise.allSettled([...this.liveWrites]);
    await this.batcher.flush().catch((err: unknown) => this.problem('archive', describe(err)));
  }

  /** Waits for queued writes and media downloads (tests, shutdown). */
  async settle(): Promise<void> {
    await this.reconciling?.catch(() => undefined);
    while (this.feeding) await this.feeding;
    await this.media.idle();
    while (this.feeding) await this.feeding;
    await this.media.idle();
    await Promise.allSettled([...this.liveWrites]);
    await this.batcher.flush();
  }

  private problem(where: string, message: string): void {
    this.log('warn', `${where}: ${message}`);
    this.emit('problem', { accountId: this.accountId, where, message });
  }

  private rejected(r: Rejection): void {
    this.log('warn', `rejected ${r.what} ${r.id}: ${r.reason}`);
    this.emit('rejected', { ...r, accountId: this.accountId });
  }

  /** Valid operations go to the live lane; invalid ones are reported, never written. */
  private live(what: string, checked: Checked[], after?: () => void): void {
    const ops: ArchiveOpInput[] = [];
    for (const c of checked) {
      if (c.ok) ops.push(c.op);
      else this.rejected(c.rejection);
    }
    if (ops.length === 0) return;
    const p = this.batcher.live(ops).then(after, (err: unknown) => this.problem(what, `could not write: ${describe(err)}`));
    this.liveWrites.add(p);
    void p.finally(() => this.liveWrites.delete(p));
  }

  // ------------------------------------------------------------ events

  private onReady(): void {
    const c = this.client;
    if (!c) return;
    const wid = c.info?.wid?._serialized ?? null;
    if (wid && isPhoneUserId(wid)) this.identity.me.pn = wid;
    if (wid && isLidId(wid)) this.identity.me.lid = wid;
    this.ready = true;
    this.lastState = 'CONNECTED';
    const meOps: ArchiveOpInput[] = [];
    if (wid) {
      meOps.push({ op: 'patchAccount', accountId: this.accountId, meId: wid, phone: idUser(wid) });
      meOps.push({ op: 'upsertContact', accountId: this.accountId, contactId: wid, isMe: true, pushName: c.info.pushname ?? null });
    }
    this.live('account', meOps.map((op) => ({ ok: true, op }) as Checked));
    this.requestReconcile();
  }

  private onState(state: string): void {
    const prev = this.lastState;
    this.lastState = state;
    // back online: events queued meanwhile arrive live, but reconcile anyway: nothing is assumed
    if (state === 'CONNECTED' && prev !== null && prev !== 'CONNECTED' && this.ready) this.requestReconcile();
  }

  private onMessage(m: WMessage): void {
    const checked = upsertMessage(this.identity, m);
    const chatId = (m.id as { remote?: unknown }).remote;
    this.live('message', [checked], () => {
      if (!checked.ok || checked.op.op !== 'upsertMessage') return;
      const msg = checked.op.message;
      this.emit('captured', {
        accountId: this.accountId,
        chatId: msg.chatId,
        messageId: msg.id,
        fromMe: msg.fromMe,
        ts: msg.timestamp,
        type: msg.type,
        text: msg.body ?? msg.caption ?? null,
        preview: notificationPreview(msg.type, msg.body ?? msg.caption ?? null),
        senderName: msg.fromMe ? null : (this.names.get(msg.senderId ?? '') ?? notifyName(m)),
        chatName: this.chatNames.get(msg.chatId) ?? null,
      });
    });
    if (checked.ok && m.hasMedia) this.media.enqueue(m);
    if (typeof chatId === 'string' && this.ready && !this.knownChats.has(chatId)) void this.refreshChat(chatId);
  }

  private onRevoke(revoked: WMessage, before?: WMessage): void {
    const target = revokedTarget(revoked);
    const checked: Checked[] = [];
    if (before) checked.push(upsertMessage(this.identity, before));
    // the placeholder carries the original's id: it creates the row if we never saw the original
    if (target && target === revoked.id?._serialized) checked.push(upsertMessage(this.identity, revoked));
    checked.push(revokeOp(this.identity, revoked, 'everyone', this.now()));
    this.live('revoke', checked);
  }

  private onGroupNotification(n: WGroupNotification): void {
    const { ops, rejections } = groupNotificationOps(this.identity, n);
    for (const r of rejections) this.rejected(r);
    this.live('group', ops.map((op) => ({ ok: true, op }) as Checked));
    const chatId = typeof n.chatId === 'string' ? n.chatId : null;
    if (chatId) void this.refreshChat(chatId);
  }

  private onChatChanged(chat: WChat): void {
    if (!chat?.id?._serialized) return;
    const { ops, rejections } = chatOps(this.identity, chat, this.now());
    for (const r of rejections) this.rejected(r);
    this.live('chat', ops.map((op) => ({ ok: true, op }) as Checked));
    this.rememberChat(chat);
  }

  /** Re-reads one chat (new chat, subject or membership change) for its authoritative state. */
  private async refreshChat(chatId: string): Promise<void> {
    const c = this.client;
    if (!c) return;
    this.knownChats.add(chatId);
    try {
      const chat = await c.getChatById(chatId);
      if (chat && this.client === c) this.onChatChanged(chat);
    } catch (err) {
      if (this.client === c) this.problem('chat', `could not read chat ${chatId.slice(0, 80)}: ${describe(err)}`);
    }
  }

  private rememberChat(chat: WChat): void {
    const id = chat.id._serialized;
    this.knownChats.add(id);
    if (typeof chat.name === 'string' && chat.name) this.chatNames.set(id, chat.name);
  }

  // ------------------------------------------------------------ media owed

  /** Fills the download queue from the files the archive still owes (newest first). */
  private feedMedia(): void {
    if (this.feeding || !this.client || !this.ready) return;
    const client = this.client;
    const p = this.feedOnce(client)
      .catch((err: unknown) => {
        if (this.client === client) this.problem('media', `could not list pending media: ${describe(err)}`);
      })
      .finally(() => {
        if (this.feeding === p) this.feeding = null;
      });
    this.feeding = p;
  }

  private async feedOnce(client: AttachedClient): Promise<void> {
    let cursor: number | undefined;
    while (this.media.room > 0 && this.client === client) {
      const rows = await this.options.archive.query('pendingMedia', { accountId: this.accountId, limit: 200, ...(cursor !== undefined ? { beforeRowId: cursor } : {}) });
      if (rows.length === 0) return;
      cursor = rows.at(-1)!.rowId;
      for (const r of rows) {
        if (this.media.room <= 0 || this.client !== client) return;
        if (this.media.knows(r.messageId) || this.mediaUnavailable.has(r.messageId)) continue;
        const msg = await client.getMessageById(r.messageId).catch(() => null);
        if (msg?.hasMedia) this.media.enqueue(msg);
        else this.mediaUnavailable.add(r.messageId);
      }
    }
  }

  // ------------------------------------------------------------ reconcile

  /** Runs a reconcile now, or once more after the one in progress. */
  requestReconcile(): void {
    if (this.reconciling) {
      this.again = true;
      return;
    }
    const run = async () => {
      do {
        this.again = false;
        await this.reconcileOnce();
      } while (this.again && this.client && this.ready);
    };
    const p: Promise<void> = run().finally(() => {
      if (this.reconciling === p) this.reconciling = null;
    });
    this.reconciling = p;
  }

  /** Resolves when the current reconcile (and any queued rerun) has finished. */
  async whenReconciled(): Promise<void> {
    while (this.reconciling) await this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    const client = this.client;
    if (!client || !this.ready) return;
    const started = this.now();
    try {
      const me = await readMe(client.page);
      if (me.pn) this.identity.me.pn = me.pn;
      if (me.lid) this.identity.me.lid = me.lid;
      if (me.pn && me.lid) this.lidToPn.set(me.lid, me.pn);
      const result = await reconcileAll({
        client,
        archive: this.options.archive,
        identity: this.identity,
        writeBulk: (ops) => this.batcher.bulk(ops),
        syncs: this.syncs,
        historyRequested: this.historyRequested,
        openGaps: this.openGaps,
        gapsChecked: this.gapsChecked,
        now: this.now,
        options: { ...DEFAULT_RECONCILE, ...this.options.reconcile },
        onRejected: (r) => this.rejected(r),
        onProgress: (p) => {
          this.lastSync = { accountId: this.accountId, ...p };
          this.emit('sync', this.lastSync);
        },
        onGap: (g) => this.emit('gap', { ...g, accountId: this.accountId }),
        onContacts: (lidToPn, names) => {
          for (const [k, v] of lidToPn) this.lidToPn.set(k, v);
          for (const [k, v] of names) this.names.set(k, v);
        },
        onChats: (chats) => chats.forEach((c) => this.rememberChat(c)),
        cancelled: () => this.client !== client,
      });
      this.emit('reconciled', { ...result, accountId: this.accountId, ms: this.now() - started });
      this.feedMedia();
    } catch (err) {
      if (this.client === client) this.problem('reconcile', describe(err));
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function notifyName(m: WMessage): string | null {
  const raw = (m as unknown as { rawData?: { notifyName?: unknown } }).rawData;
  return typeof raw?.notifyName === 'string' && raw.notifyName ? raw.notifyName : null;
}

export { personId };
