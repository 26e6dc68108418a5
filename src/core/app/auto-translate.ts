import type { CapturedMessage } from '../../shared/account-views';

/** What auto-translate needs of a message: where it is, whose, when. */
type Incoming = Pick<CapturedMessage, 'accountId' | 'chatId' | 'messageId' | 'fromMe' | 'ts'>;
import type { ChatTranslateStatus, TranslationFailure } from '../../shared/translate-views';
import { contactOfChat, type IncomingTranslation } from '../translate';
import type { CoreContext } from './context';

/** Failures kept per chat; older ones drop off (a rerun of history retries them anyway). */
const MAX_FAILURES_PER_CHAT = 200;

/** Unread messages translated after one sync at most (the rest: history translation on demand). */
const CATCH_UP_LIMIT = 500;

const chatKey = (accountId: string, chatId: string) => `${accountId}\u0000${chatId}`;

/**
 * Which messages have no translation and why, per chat — the small marker with a reason and
 * a retry under the original. In memory on purpose: a failure is a moment's state of a
 * provider (down, out of quota), and the archive holds every original regardless.
 */
export class TranslationFailures {
  private readonly byChat = new Map<string, Map<string, TranslationFailure>>();

  constructor(private readonly ctx: Pick<CoreContext, 'events' | 'now'>) {}

  status(accountId: string, chatId: string): ChatTranslateStatus {
    return { accountId, chatId, failures: [...(this.byChat.get(chatKey(accountId, chatId))?.values() ?? [])] };
  }

  /** Records what happened to some messages of an account; emits translate.status for every chat that changed. */
  record(accountId: string, outcomes: ReadonlyArray<IncomingTranslation>): void {
    const changed = new Set<string>();
    for (const o of outcomes) {
      const key = chatKey(accountId, o.chatId);
      let failures = this.byChat.get(key);
      if (o.result.ok) {
        if (failures?.delete(o.messageId)) changed.add(o.chatId);
        continue;
      }
      if (o.result.error.code === 'CANCELLED') continue;
      if (!failures) this.byChat.set(key, (failures = new Map()));
      failures.delete(o.messageId); // re-insert: newest last
      failures.set(o.messageId, { messageId: o.messageId, lang: o.lang, error: o.result.error, at: this.ctx.now() });
      while (failures.size > MAX_FAILURES_PER_CHAT) failures.delete(failures.keys().next().value!);
      changed.add(o.chatId);
    }
    for (const chatId of changed) {
      const key = chatKey(accountId, chatId);
      if (this.byChat.get(key)?.size === 0) this.byChat.delete(key);
      this.ctx.events.emit('translate.status', this.status(accountId, chatId));
    }
  }
}

/**
 * Auto-translate after capture: captured messages queue per account and are translated in
 * the background, in batches (whatever arrived while the previous batch was translating goes
 * together), through the service's capture hook (contact languages, per-chat toggles,
 * cache). Capture never waits for it; a failure becomes a per-chat status, never a lost
 * original.
 */
export class AutoTranslator {
  private readonly pending = new Map<string, Incoming[]>();
  private readonly draining = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly ctx: Pick<CoreContext, 'archive' | 'translation'>,
    private readonly failures: TranslationFailures,
    private readonly report: (err: unknown, where: string) => void,
  ) {}

  push(m: Incoming): void {
    if (this.closed || m.fromMe) return;
    const list = this.pending.get(m.accountId) ?? [];
    list.push(m);
    this.pending.set(m.accountId, list);
    if (!this.draining.has(m.accountId)) {
      const run = this.drain(m.accountId).finally(() => this.draining.delete(m.accountId));
      this.draining.set(m.accountId, run);
    }
  }

  /**
   * After capture synced an account: its unread incoming messages without a translation, in
   * chats that auto-translate, join the queue. They arrived while the app was closed or the
   * account asleep, and capture only announces messages it sees live.
   */
  async catchUp(accountId: string): Promise<void> {
    if (this.closed) return;
    const rows = await this.ctx.archive.query('unreadUntranslated', { accountId, limit: CATCH_UP_LIMIT });
    const wanted = new Map<string, boolean>();
    for (const chatId of new Set(rows.map((r) => r.chatId))) {
      wanted.set(chatId, (await this.ctx.translation.prefs(accountId, chatId, contactOfChat(chatId))).effective.autoTranslate);
    }
    for (const r of rows) {
      if (!wanted.get(r.chatId)) continue;
      this.push({ accountId, chatId: r.chatId, messageId: r.messageId, fromMe: false, ts: r.ts });
    }
  }

  /** Resolves when everything queued so far has been handled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining.size > 0) await Promise.all(this.draining.values());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pending.clear();
    await this.idle();
  }

  private async drain(accountId: string): Promise<void> {
    for (;;) {
      const batch = this.pending.get(accountId) ?? [];
      this.pending.delete(accountId);
      if (batch.length === 0 || this.closed) return;
      try {
        await this.translate(accountId, batch);
      } catch (err) {
        this.report(err, 'auto-translate');
      }
    }
  }

  private async translate(accountId: string, batch: Incoming[]): Promise<void> {
    // The text as archived (the event carries a preview only).
    const details = await Promise.all(batch.map((m) => this.ctx.archive.query('messageDetail', { accountId, messageId: m.messageId })));
    const messages = details.flatMap((d) => (d && d.message.text ? [{
      id: d.message.waId, chatId: d.message.chatId, senderId: d.message.senderId, fromMe: d.message.fromMe, text: d.message.text,
    }] : []));
    if (messages.length === 0) return;
    this.failures.record(accountId, await this.ctx.translation.onIncomingMessages(accountId, messages));
  }
}
