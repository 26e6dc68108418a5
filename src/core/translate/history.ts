import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { asTranslateError } from './errors';
import { normalizeLang } from './languages';
import type { ProviderId } from './provider';
import type { TranslationService } from './service';
import type { HistoryProgressView } from '../../shared/translate-views';

export interface HistoryJobOptions {
  service: TranslationService;
  accountId: string;
  chatId: string;
  /** Target language. */
  to: string;
  /** Source language; default: detected per message, falling back to the sender's language. */
  from?: string;
  /** Only the other side's messages (the rep's own are usually in the buyer's language already). */
  incomingOnly?: boolean;
  provider?: ProviderId;
  /** Messages per page; each page is translated in provider batches and committed at once. */
  pageSize?: number;
}

export type { HistoryJobState } from '../../shared/translate-views';
/** A job's progress: the app's own view type, from the engine to the renderer. */
export type HistoryProgress = HistoryProgressView;

/**
 * One chat's history being translated in the background. Progress is emitted after every
 * committed page; `cancel()` stops before the next request and nothing of an unfinished
 * page is written. The job stops (state `failed`) when a whole page fails for a reason that
 * concerns the provider (server down, bad key, quota): going on would only fail again.
 */
export class HistoryJob extends EventEmitter<{ progress: [HistoryProgress] }> {
  readonly id = randomUUID();
  readonly done: Promise<HistoryProgress>;
  private readonly abort = new AbortController();
  private state: HistoryProgress;

  constructor(private readonly opts: HistoryJobOptions) {
    super();
    this.state = {
      jobId: this.id, accountId: opts.accountId, chatId: opts.chatId, to: normalizeLang(opts.to),
      state: 'running', total: 0, translated: 0, failed: 0, error: null,
    };
    // start on the next turn so callers can subscribe first
    this.done = new Promise<void>((r) => setImmediate(r)).then(() => this.run());
  }

  get finished(): boolean {
    return this.state.state !== 'running';
  }

  progress(): HistoryProgress {
    return { ...this.state };
  }

  cancel(): void {
    this.abort.abort(new Error('cancelled'));
  }

  private update(patch: Partial<HistoryProgress>): void {
    this.state = { ...this.state, ...patch };
    this.emit('progress', this.progress());
  }

  private async run(): Promise<HistoryProgress> {
    const { service, accountId, chatId } = this.opts;
    const lang = this.state.to;
    const signal = this.abort.signal;
    try {
      const p = await service.archive.query('translationProgress', { accountId, chatId, lang, incomingOnly: !!this.opts.incomingOnly });
      this.update({ total: p.remaining });
      let before: number | undefined;
      while (!signal.aborted) {
        const page = await service.archive.query('untranslatedMessages', {
          accountId, chatId, lang, limit: this.opts.pageSize ?? 100, incomingOnly: !!this.opts.incomingOnly,
          ...(before !== undefined ? { before } : {}),
        });
        if (page.messages.length === 0) break;
        const results = await service.translateMessages({
          accountId, to: lang, signal,
          messages: page.messages.map((m) => ({ id: m.messageId, text: m.text, senderId: m.senderId })),
          ...(this.opts.from ? { from: this.opts.from } : {}),
          ...(this.opts.provider ? { provider: this.opts.provider } : {}),
        });
        const ok = results.filter((r) => r.ok).length;
        const errors = results.flatMap((r) => (r.ok ? [] : [r.error]));
        this.update({ translated: this.state.translated + ok, failed: this.state.failed + errors.length, error: errors[0] ?? this.state.error });
        if (ok === 0 && errors.length > 0 && errors[0]!.code !== 'UNKNOWN_SOURCE_LANGUAGE') {
          this.update({ state: 'failed', error: errors[0]! });
          return this.progress();
        }
        if (page.next === null) break;
        before = page.next;
      }
      this.update({ state: signal.aborted ? 'cancelled' : 'done' });
    } catch (err) {
      const e = asTranslateError(err);
      this.update(signal.aborted || e.code === 'CANCELLED' ? { state: 'cancelled' } : { state: 'failed', error: e.toJSON() });
    }
    return this.progress();
  }
}
