import type { Archive } from '../archive/archive';
import type { ArchiveOpInput } from '../archive/operations';
import type { AttachedClient } from './attached-client';
import { chatOps, contactOp, type Identity, reactionOp, type Rejection, upsertMessage } from './normalize';
import { readContacts } from './page-reads';
import type { WChat, WMessage } from './wwebjs';

/**
 * Backfill and reconcile, run after every `ready` and every reconnect: contacts, chats
 * (with participants and community links), then each chat's history paged back with
 * fetchMessages until it overlaps what the archive already had. Each chat's sync state is
 * recorded once its messages are committed; history the device cannot give (it never
 * reaches back to the archive's newest message) is recorded as a gap and reported.
 * Media is not fetched here: the session feeds its download queue from the archive's
 * list of files still owed (pendingMedia), which also survives restarts.
 */

export interface ChatSync {
  oldestTs: number | null;
  newestTs: number | null;
  complete: boolean;
}

export interface ReconcileOptions {
  /** First fetchMessages limit per chat; grows by `growth` until overlap or the start. */
  firstPage?: number;
  /** First limit for a chat the archive has no sync state for (its whole history is wanted). */
  firstSyncPage?: number;
  growth?: number;
  /** Messages at or before the archive's newest to re-read (edits/revokes made meanwhile). */
  overlap?: number;
}

export interface GapFound {
  chatId: string;
  fromTs: number;
  toTs: number;
  reason: string;
}

export interface ReconcileProgress {
  phase: 'chats' | 'history' | 'done';
  chatsDone: number;
  chatsTotal: number;
  messages: number;
}

export interface ReconcileResult {
  chats: number;
  messages: number;
  gaps: GapFound[];
}

export interface ReconcileContext {
  client: AttachedClient;
  archive: Pick<Archive, 'query'>;
  identity: Identity;
  writeBulk: (ops: ArchiveOpInput[]) => Promise<void>;
  /** Per-chat sync state known in this session (filled from the archive on first use). */
  syncs: Map<string, ChatSync>;
  /** Chats whose phone history we already asked for in this session. */
  historyRequested: Set<string>;
  /** Open gaps per chat (filled from the archive with the sync state). */
  openGaps: Map<string, Array<{ fromTs: number; toTs: number }>>;
  /** Chats whose open gaps were already looked for on the device in this session. */
  gapsChecked: Set<string>;
  now: () => number;
  options: Required<ReconcileOptions>;
  onRejected: (r: Rejection) => void;
  onProgress: (p: ReconcileProgress) => void;
  onGap: (g: GapFound) => void;
  onContacts: (lidToPn: Map<string, string>, names: Map<string, string>) => void;
  onChats: (chats: WChat[]) => void;
  /** Stops between chats when the client went away. */
  cancelled: () => boolean;
}

export const DEFAULT_RECONCILE: Required<ReconcileOptions> = { firstPage: 64, firstSyncPage: 1000, growth: 4, overlap: 32 };

function push(ctx: ReconcileContext, ops: ArchiveOpInput[], r: { ops: ArchiveOpInput[]; rejections: Rejection[] }): void {
  ops.push(...r.ops);
  for (const x of r.rejections) ctx.onRejected(x);
}

export async function reconcileAll(ctx: ReconcileContext): Promise<ReconcileResult> {
  const started = ctx.now();
  ctx.onProgress({ phase: 'chats', chatsDone: 0, chatsTotal: 0, messages: 0 });
  await syncContacts(ctx);
  const chats = await ctx.client.getChats();
  ctx.onChats(chats);
  const head: ArchiveOpInput[] = [];
  for (const chat of chats) push(ctx, head, chatOps(ctx.identity, chat, started));
  await ctx.writeBulk(head);
  // recent conversations first: they are what people open
  const order = [...chats].sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0));
  const result: ReconcileResult = { chats: chats.length, messages: 0, gaps: [] };
  let done = 0;
  // the next chat is read while the previous ones are being written (a few at most in memory)
  const inflight: Array<Promise<void>> = [];
  for (const chat of order) {
    if (ctx.cancelled()) throw new Error('capture detached during reconcile');
    const r = await reconcileChat(ctx, chat);
    result.messages += r.messages;
    result.gaps.push(...r.gaps);
    inflight.push(r.committed.then(() => {
      ctx.onProgress({ phase: 'history', chatsDone: ++done, chatsTotal: chats.length, messages: result.messages });
    }));
    if (inflight.length >= MAX_INFLIGHT_CHATS) await inflight.shift();
  }
  await Promise.all(inflight);
  ctx.onProgress({ phase: 'done', chatsDone: done, chatsTotal: chats.length, messages: result.messages });
  return result;
}

const MAX_INFLIGHT_CHATS = 4;

async function syncContacts(ctx: ReconcileContext): Promise<void> {
  const contacts = await readContacts(ctx.client.page);
  const lidToPn = new Map<string, string>();
  const names = new Map<string, string>();
  for (const c of contacts) {
    if (c.lid && c.pn) lidToPn.set(c.lid, c.pn);
    const name = (c.isMyContact ? c.name : null) ?? c.pushname;
    if (name) names.set(c.pn ?? c.id, name);
  }
  ctx.onContacts(lidToPn, names);
  const ops: ArchiveOpInput[] = [];
  for (const c of contacts) {
    const checked = contactOp(ctx.identity, c);
    if (checked.ok) ops.push(checked.op);
    else ctx.onRejected(checked.rejection);
  }
  await ctx.writeBulk(ops);
}

async function knownSync(ctx: ReconcileContext, chatId: string): Promise<ChatSync | null> {
  const cached = ctx.syncs.get(chatId);
  if (cached) return cached;
  const state = await ctx.archive.query('chatSyncState', { accountId: ctx.identity.accountId, chatId });
  if (state.gaps.length) ctx.openGaps.set(chatId, state.gaps.map((g) => ({ fromTs: g.fromTs, toTs: g.toTs })));
  if (!state.sync) return null;
  const s = { oldestTs: state.sync.oldestTs, newestTs: state.sync.newestTs, complete: state.sync.complete };
  ctx.syncs.set(chatId, s);
  return s;
}

/** Reads one chat and queues its writes; `committed` resolves when they are durable. */
export async function reconcileChat(ctx: ReconcileContext, chat: WChat): Promise<{ messages: number; gaps: GapFound[]; committed: Promise<void> }> {
  const chatId = chat.id._serialized;
  const known = await knownSync(ctx, chatId);
  let fetched = await pageBack(ctx, chat, known);
  const reachesArchive = (msgs: WMessage[]) => known?.newestTs == null || msgs.some((m) => m.timestamp * 1000 <= known.newestTs!);
  let phoneAsked = false;
  let phoneSent = false;
  if (fetched.reachedEnd && (known === null || !reachesArchive(fetched.msgs)) && !ctx.historyRequested.has(chatId)) {
    // the device's history stops here: ask the phone for the rest (once per chat and session)
    phoneAsked = await ctx.client.syncHistory(chatId).catch(() => false);
    if (phoneAsked) {
      ctx.historyRequested.add(chatId);
      const before = fetched.msgs.length;
      fetched = await pageBack(ctx, chat, known);
      phoneSent = fetched.msgs.length > before;
    }
  }
  // Open gaps from earlier runs: page back across them once per session (asking the phone
  // once if the device stops short). What the device now has of a gap is archived, and a gap
  // it holds end to end is closed with a fill.
  const filled = await lookIntoGaps(ctx, chat, fetched.msgs);
  const msgs = filled.msgs;
  const ops: ArchiveOpInput[] = [];
  let written = 0;
  for (const m of msgs) {
    const checked = upsertMessage(ctx.identity, m);
    if (checked.ok) {
      ops.push(checked.op);
      written++;
    } else {
      ctx.onRejected(checked.rejection);
    }
  }
  const times = msgs.map((m) => Math.round(m.timestamp * 1000)).filter((t) => Number.isFinite(t) && t >= 0);
  const oldest = times.length ? Math.min(...times) : null;
  const newest = times.length ? Math.max(...times) : null;
  const gaps: GapFound[] = [];
  if (fetched.reachedEnd && known?.newestTs != null && oldest !== null && oldest > known.newestTs) {
    gaps.push({
      chatId, fromTs: known.newestTs, toTs: oldest,
      reason: phoneAsked
        ? 'messages between these times are not on this device; the phone was asked for its history'
        : 'this device\'s history does not reach back to what the archive has (history not synced, or the chat was cleared)',
    });
  } else if (fetched.reachedEnd && known === null && phoneAsked && !phoneSent && oldest !== null) {
    gaps.push({ chatId, fromTs: 0, toTs: oldest, reason: 'older history is only on the phone; it was asked to send it' });
  }
  const complete = fetched.reachedEnd && gaps.length === 0;
  const sync: ChatSync = {
    oldestTs: minNullable(known?.oldestTs ?? null, oldest),
    newestTs: maxNullable(known?.newestTs ?? null, newest),
    complete: (known?.complete ?? false) || complete,
  };
  ops.push(...(await reactionOps(ctx, msgs)));
  for (const g of gaps) ops.push({ op: 'gap', accountId: ctx.identity.accountId, ...g });
  if (filled.fill) ops.push({ op: 'historyFilled', accountId: ctx.identity.accountId, chatId, ...filled.fill, source: 'device' });
  // sync state goes last: the writer commits in order, so it never claims unwritten messages
  ops.push({ op: 'syncState', accountId: ctx.identity.accountId, chatId, ...sync });
  const committed = ctx.writeBulk(ops).then(() => {
    ctx.syncs.set(chatId, sync);
    const stillOpen = (ctx.openGaps.get(chatId) ?? []).filter((g) => !filled.fill || g.fromTs < filled.fill.fromTs || g.toTs > filled.fill.toTs);
    stillOpen.push(...gaps.map((g) => ({ fromTs: g.fromTs, toTs: g.toTs })));
    if (stillOpen.length) ctx.openGaps.set(chatId, stillOpen);
    else ctx.openGaps.delete(chatId);
    for (const g of gaps) ctx.onGap(g);
  });
  return { messages: written, gaps, committed };
}

/** Reactions of history messages (live ones arrive as events). */
async function reactionOps(ctx: ReconcileContext, msgs: WMessage[]): Promise<ArchiveOpInput[]> {
  const ops: ArchiveOpInput[] = [];
  const reacted = msgs.filter((m) => m.hasReaction && m.type !== 'revoked');
  for (let i = 0; i < reacted.length; i += 8) {
    // a failed read fails the chat: its sync state must not claim reactions it never read
    const lists = await Promise.all(reacted.slice(i, i + 8).map((m) => m.getReactions()));
    for (const list of lists) {
      for (const r of (list ?? []).flatMap((x) => x.senders ?? [])) {
        const checked = reactionOp(ctx.identity, r);
        if (checked.ok) ops.push(checked.op);
        else ctx.onRejected(checked.rejection);
      }
    }
  }
  return ops;
}

function minNullable(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function maxNullable(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

const MAX_GAP_PAGE = 20_000;

async function lookIntoGaps(ctx: ReconcileContext, chat: WChat, fetched: WMessage[]): Promise<{ msgs: WMessage[]; fill: { fromTs: number; toTs: number } | null }> {
  const chatId = chat.id._serialized;
  const open = ctx.openGaps.get(chatId);
  if (!open?.length || ctx.gapsChecked.has(chatId)) return { msgs: fetched, fill: null };
  ctx.gapsChecked.add(chatId);
  const target = Math.min(...open.map((g) => g.fromTs));
  const reaches = (msgs: WMessage[]) => msgs.some((m) => m.timestamp * 1000 <= target);
  let deep = await pageBackTo(ctx, chat, target);
  if (!reaches(deep.msgs) && deep.reachedEnd && !ctx.historyRequested.has(chatId)) {
    const asked = await ctx.client.syncHistory(chatId).catch(() => false);
    if (asked) {
      ctx.historyRequested.add(chatId);
      deep = await pageBackTo(ctx, chat, target);
    }
  }
  const msgs = deep.msgs.length > fetched.length ? deep.msgs : fetched;
  const times = msgs.map((m) => Math.round(m.timestamp * 1000)).filter((t) => Number.isFinite(t) && t >= 0);
  if (times.length === 0) return { msgs, fill: null };
  // the device's history is contiguous from its oldest loaded message to the newest
  return { msgs, fill: reaches(msgs) ? { fromTs: Math.min(...times), toTs: Math.max(...times) } : null };
}

/** fetchMessages with a growing limit until a message at or before `targetTs`, or the start. */
async function pageBackTo(ctx: ReconcileContext, chat: WChat, targetTs: number): Promise<{ msgs: WMessage[]; reachedEnd: boolean }> {
  let limit = ctx.options.firstPage;
  for (;;) {
    const msgs = await chat.fetchMessages({ limit });
    const reachedEnd = msgs.length < limit;
    if (reachedEnd || limit >= MAX_GAP_PAGE || msgs.some((m) => m.timestamp * 1000 <= targetTs)) return { msgs, reachedEnd };
    limit = Math.min(MAX_GAP_PAGE, limit * ctx.options.growth);
  }
}

/** fetchMessages with a growing limit until the archive's newest is well covered, or the start. */
async function pageBack(ctx: ReconcileContext, chat: WChat, known: ChatSync | null): Promise<{ msgs: WMessage[]; reachedEnd: boolean }> {
  // each call returns the newest `limit` again, so start where most chats end
  let limit = known ? ctx.options.firstPage : ctx.options.firstSyncPage;
  for (;;) {
    const msgs = await chat.fetchMessages({ limit });
    const reachedEnd = msgs.length < limit;
    if (reachedEnd) return { msgs, reachedEnd };
    if (known?.newestTs != null) {
      const covered = msgs.filter((m) => m.timestamp * 1000 <= known.newestTs!).length;
      if (covered >= ctx.options.overlap) return { msgs, reachedEnd: false };
    }
    limit *= ctx.options.growth;
  }
}
