import PQueue from 'p-queue';
import pRetry from 'p-retry';
import type { ProviderId } from '../../shared/translation-providers';
import { TranslateError, type TranslateErrorInfo, asTranslateError } from './errors';
import { type PairGlossary, matcher, protect, restore } from './glossary';
import type { FetchFn } from './http';
import { matchProviderCode, normalizeLang } from './languages';

export type { ProviderId };

/** What a provider can translate, in Switchboard's language codes. */
export interface LanguageSupport {
  /** Explicit pairs (Apertium); null when any listed source goes to any listed target. */
  pairs: Array<{ from: string; to: string }> | null;
  sources: string[];
  targets: string[];
  /** An LLM: no fixed list. */
  anyLanguage: boolean;
  /** Whether it detects the source language itself (`from = 'auto'`). */
  autoDetect: boolean;
}

export interface ProviderHealth {
  ok: boolean;
  latencyMs: number;
  error: TranslateErrorInfo | null;
  /** e.g. "3 language pairs", "used 12 034 of 500 000 characters". */
  detail: string | null;
}

/** Per text: the translation, or why not. The caller still holds the original. */
export type TextResult =
  | { ok: true; text: string; detectedFrom: string | null; glossaryApplied: boolean }
  | { ok: false; error: TranslateError };

export interface TranslateOptions {
  glossary?: PairGlossary;
  signal?: AbortSignal;
}

export interface TranslationProvider {
  readonly id: ProviderId;
  /** Works without the internet (local or self-hosted server). */
  readonly offline: boolean;
  /** Identifies this provider's output in the cache (id, plus the model for an LLM). */
  readonly cacheKey: string;
  /**
   * Translates every text; never rejects except when cancelled. Batches, rate-limits and
   * retries internally; one result per input, in order.
   */
  translate(texts: readonly string[], from: string, to: string, options?: TranslateOptions): Promise<TextResult[]>;
  languages(): Promise<LanguageSupport>;
  supports(from: string, to: string): Promise<boolean>;
  health(): Promise<ProviderHealth>;
}

export interface ProviderLimits {
  /** Texts per request. */
  maxItems: number;
  /** Characters (or bytes, per `measure`) per request. */
  maxChars: number;
  concurrency: number;
  /** Requests allowed per interval (rate limit); omit for none. */
  intervalCap?: number;
  intervalMs?: number;
  timeoutMs: number;
  retries: number;
  minRetryDelayMs: number;
  maxRetryDelayMs: number;
}

export const DEFAULT_LIMITS: ProviderLimits = {
  maxItems: 50,
  maxChars: 10_000,
  concurrency: 2,
  timeoutMs: 20_000,
  retries: 3,
  minRetryDelayMs: 500,
  maxRetryDelayMs: 20_000,
};

export interface ProviderDeps {
  fetch?: FetchFn;
  limits?: Partial<ProviderLimits>;
}

export interface BatchContext {
  /** Set only when the provider said it handles the glossary itself (native or prompt). */
  glossary: PairGlossary | null;
  signal: AbortSignal | undefined;
}

export interface BatchItem {
  text: string;
  detectedFrom?: string | null;
}

export type GlossaryMode = 'native' | 'prompt' | 'placeholders';

const LANGUAGES_TTL_MS = 10 * 60_000;

function abortable(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Shared machinery: splits texts into requests within the provider's limits, runs them
 * through a rate-limited queue with retries (exponential backoff, Retry-After honoured),
 * applies the glossary by placeholders when the provider has nothing better, and turns
 * every failure into per-text results.
 */
export abstract class BatchingProvider implements TranslationProvider {
  abstract readonly id: ProviderId;
  abstract readonly offline: boolean;
  protected readonly limits: ProviderLimits;
  protected readonly fetchFn: FetchFn;
  private readonly queue: PQueue;
  private languagesCache: { at: number; value: Promise<LanguageSupport> } | null = null;

  constructor(defaults: Partial<ProviderLimits>, deps: ProviderDeps = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...defaults, ...deps.limits };
    this.fetchFn = deps.fetch ?? fetch;
    this.queue = new PQueue({
      concurrency: this.limits.concurrency,
      ...(this.limits.intervalCap && this.limits.intervalMs
        ? { intervalCap: this.limits.intervalCap, interval: this.limits.intervalMs }
        : {}),
    });
  }

  get cacheKey(): string {
    return this.id;
  }

  /** One request: every text translated, in order, or a thrown TranslateError. */
  protected abstract requestBatch(texts: string[], from: string, to: string, ctx: BatchContext): Promise<BatchItem[]>;
  protected abstract fetchLanguages(): Promise<LanguageSupport>;
  abstract health(): Promise<ProviderHealth>;

  /** How this provider honours the glossary for a pair (may ask the provider, hence async). */
  protected async glossaryMode(_from: string, _to: string): Promise<GlossaryMode> {
    return 'placeholders';
  }

  /** Size of a text against `maxChars`. */
  protected measure(text: string): number {
    return text.length;
  }

  languages(): Promise<LanguageSupport> {
    const now = Date.now();
    if (!this.languagesCache || now - this.languagesCache.at > LANGUAGES_TTL_MS) {
      const value = this.fetchLanguages();
      this.languagesCache = { at: now, value };
      // a failure is not cached: the next call asks again
      value.catch(() => { if (this.languagesCache?.value === value) this.languagesCache = null; });
    }
    return this.languagesCache.value;
  }

  async supports(from: string, to: string): Promise<boolean> {
    const l = await this.languages();
    if (l.anyLanguage) return true;
    if (from === 'auto' && !l.autoDetect) return false;
    if (l.pairs) {
      return l.pairs.some((p) => (from === 'auto' || matchProviderCode(from, [p.from]) !== null) && matchProviderCode(to, [p.to]) !== null);
    }
    return (from === 'auto' || matchProviderCode(from, l.sources) !== null) && matchProviderCode(to, l.targets) !== null;
  }

  async translate(texts: readonly string[], from: string, to: string, options: TranslateOptions = {}): Promise<TextResult[]> {
    const src = from === 'auto' ? 'auto' : normalizeLang(from);
    const dst = normalizeLang(to);
    const results: TextResult[] = new Array(texts.length);
    const mode = options.glossary?.entries.length ? await this.glossaryMode(src, dst) : null;
    const m = mode === 'placeholders' ? matcher(options.glossary!) : null;
    const work: Array<{ index: number; send: string; slots: string[] }> = [];
    texts.forEach((t, index) => {
      if (t.trim().length === 0) {
        results[index] = { ok: true, text: t, detectedFrom: null, glossaryApplied: false };
        return;
      }
      const p = m ? protect(t, m) : { text: t, slots: [] };
      work.push({ index, send: p.text, slots: p.slots });
    });
    const ctx: BatchContext = { glossary: mode === 'native' || mode === 'prompt' ? options.glossary! : null, signal: options.signal };
    const out = await this.runAll(work.map((w) => w.send), src, dst, ctx);
    const lost: typeof work = [];
    work.forEach((w, i) => {
      const r = out[i]!;
      if (!r.ok) {
        results[w.index] = r;
        return;
      }
      const back = restore(r.text, w.slots);
      if (!back.complete) lost.push(w);
      else results[w.index] = { ...r, text: back.text, glossaryApplied: mode !== null };
    });
    if (lost.length > 0) {
      // The engine dropped a placeholder: translate the original unprotected rather than lose words.
      const again = await this.runAll(lost.map((w) => texts[w.index]!), src, dst, { glossary: null, signal: options.signal });
      lost.forEach((w, i) => { results[w.index] = again[i]!; });
    }
    return results;
  }

  private chunk(texts: string[]): number[][] {
    const batches: number[][] = [];
    let cur: number[] = [];
    let size = 0;
    texts.forEach((t, i) => {
      const n = this.measure(t);
      if (cur.length > 0 && (cur.length >= this.limits.maxItems || size + n > this.limits.maxChars)) {
        batches.push(cur);
        cur = [];
        size = 0;
      }
      cur.push(i);
      size += n;
    });
    if (cur.length) batches.push(cur);
    return batches;
  }

  private async runAll(texts: string[], from: string, to: string, ctx: BatchContext): Promise<TextResult[]> {
    const results: TextResult[] = new Array(texts.length);
    await Promise.all(this.chunk(texts).map((idx) => this.runBatch(idx, texts, from, to, ctx, results)));
    if (ctx.signal?.aborted) throw new TranslateError('CANCELLED', 'The translation was cancelled.', { provider: this.id });
    return results;
  }

  private async runBatch(idx: number[], texts: string[], from: string, to: string, ctx: BatchContext, results: TextResult[]): Promise<void> {
    const batch = idx.map((i) => texts[i]!);
    try {
      const items = await this.queue.add(() => this.withRetry(() => this.requestBatch(batch, from, to, ctx), ctx.signal), { signal: ctx.signal });
      if (!items || items.length !== batch.length) {
        throw new TranslateError('BAD_RESPONSE', `${this.id} returned ${items?.length ?? 0} translations for ${batch.length} texts.`, { provider: this.id });
      }
      idx.forEach((i, k) => {
        const it = items[k]!;
        results[i] = { ok: true, text: it.text, detectedFrom: it.detectedFrom ?? null, glossaryApplied: false };
      });
    } catch (err) {
      const e = asTranslateError(err, this.id);
      if (e.code === 'BAD_RESPONSE' && idx.length > 1 && !ctx.signal?.aborted) {
        // One odd text can spoil a batch answer (an LLM merging lines): retry them one by one.
        await Promise.all(idx.map((i) => this.runBatch([i], texts, from, to, ctx, results)));
        return;
      }
      for (const i of idx) results[i] = { ok: false, error: e };
    }
  }

  private withRetry<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return pRetry(fn, {
      retries: this.limits.retries,
      minTimeout: this.limits.minRetryDelayMs,
      maxTimeout: this.limits.maxRetryDelayMs,
      factor: 2,
      randomize: true,
      ...(signal ? { signal } : {}),
      // A refused connection is immediate and rarely transient: one more try, not a long wait.
      shouldRetry: ({ error, attemptNumber }) =>
        error instanceof TranslateError && error.retryable && (error.code !== 'UNREACHABLE' || attemptNumber < 2),
      onFailedAttempt: async ({ error, retriesLeft }) => {
        const after = error instanceof TranslateError ? error.details.retryAfterMs : undefined;
        if (after !== undefined && retriesLeft > 0) await abortable(Math.min(after, this.limits.maxRetryDelayMs), signal);
      },
    });
  }
}

/** Health from a probe call: ok with detail, or the typed error. */
export async function probe(id: string, fn: () => Promise<string | null>): Promise<ProviderHealth> {
  const t0 = performance.now();
  try {
    const detail = await fn();
    return { ok: true, latencyMs: Math.round(performance.now() - t0), error: null, detail };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - t0), error: asTranslateError(err, id).toJSON(), detail: null };
  }
}
