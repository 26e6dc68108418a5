import { TRANSLATION_PROVIDERS } from '../../../shared/translation-providers';
import { z } from 'zod';
import { TranslateError } from '../errors';
import { endpoint, excerpt, httpRequest, retryAfterMs } from '../http';
import { matchProviderCode, normalizeLang } from '../languages';
import { type BatchContext, type BatchItem, BatchingProvider, type LanguageSupport, type ProviderDeps, type ProviderHealth, probe } from '../provider';

/**
 * Google Cloud Translation – Basic (v2), the edition that takes an API key.
 * POST /language/translate/v2?key=KEY, JSON {q: string[] (≤128), target, source?, format: 'text'}
 * → {data: {translations: [{translatedText, detectedSourceLanguage?}]}}.
 * GET /language/translate/v2/languages?key=KEY&target=en → {data: {languages: [{language, name}]}}.
 * Errors: {error: {code, message, errors: [{message, domain, reason}], status}}; a bad key is
 * 400 "API key not valid" (reason keyInvalid / status INVALID_ARGUMENT), quota 403
 * dailyLimitExceeded/quotaExceeded, rate 403 userRateLimitExceeded or 429 RESOURCE_EXHAUSTED.
 * v2 has no glossaries (those are v3, OAuth only), so the glossary goes in as placeholders.
 */
export interface GoogleConfig {
  apiKey: string;
  baseUrl?: string | null;
}

const Translations = z.object({
  data: z.object({ translations: z.array(z.object({ translatedText: z.string(), detectedSourceLanguage: z.string().optional() })) }),
});
const Languages = z.object({ data: z.object({ languages: z.array(z.object({ language: z.string(), name: z.string().optional() })) }) });
const ErrorBody = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string(),
    status: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional(), domain: z.string().optional(), message: z.string().optional() })).optional(),
    details: z.array(z.object({ reason: z.string().optional() }).passthrough()).optional(),
  }),
});

const QUOTA_REASONS = new Set(['dailyLimitExceeded', 'quotaExceeded', 'dailyLimitExceededUnreg', 'billingNotEnabled']);
const RATE_REASONS = new Set(['userRateLimitExceeded', 'rateLimitExceeded', 'userRateLimitExceededUnreg']);

export class GoogleProvider extends BatchingProvider {
  readonly id = 'google' as const;
  readonly offline = TRANSLATION_PROVIDERS.google.offline;
  private readonly base: string;

  constructor(private readonly config: GoogleConfig, deps: ProviderDeps = {}) {
    super({ maxItems: 100, maxChars: 5000, concurrency: 2, intervalCap: 10, intervalMs: 1000, timeoutMs: 30_000 }, deps);
    this.base = config.baseUrl || 'https://translation.googleapis.com';
  }

  private url(path: string, params: Record<string, string> = {}): string {
    return endpoint(this.base, path, { key: this.config.apiKey, ...params }).toString();
  }

  private async call(url: string, body?: unknown, signal?: AbortSignal) {
    const res = await httpRequest(this.id, {
      url,
      method: body === undefined ? 'GET' : 'POST',
      ...(body !== undefined ? { headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) } : {}),
      timeoutMs: this.limits.timeoutMs,
      ...(signal ? { signal } : {}),
    }, this.fetchFn);
    if (res.status === 200) return res;
    const parsed = ErrorBody.safeParse(res.json);
    const e = parsed.success ? parsed.data.error : null;
    const msg = e?.message ?? excerpt(res.text);
    const reasons = new Set([...(e?.errors ?? []).map((x) => x.reason), ...(e?.details ?? []).map((x) => x.reason)].filter((r): r is string => !!r));
    const d = { provider: this.id, status: res.status };
    const has = (set: Set<string>) => [...reasons].some((r) => set.has(r));
    if (reasons.has('keyInvalid') || reasons.has('API_KEY_INVALID') || /api key not valid/i.test(msg) || res.status === 401) {
      throw new TranslateError('BAD_KEY', `Google rejected the API key: ${msg}. Check the key and that the Cloud Translation API is enabled for its project.`, d);
    }
    if (has(QUOTA_REASONS)) throw new TranslateError('QUOTA_EXCEEDED', `Google Translation quota is used up: ${msg}`, d);
    if (has(RATE_REASONS) || res.status === 429) {
      const after = retryAfterMs(res.headers);
      throw new TranslateError('RATE_LIMITED', `Google is limiting requests: ${msg}`, { ...d, ...(after !== undefined ? { retryAfterMs: after } : {}) });
    }
    if (res.status === 403) throw new TranslateError('BAD_KEY', `Google refused access: ${msg}. The key may be restricted or the API not enabled.`, d);
    if (res.status === 400 && /language|target|source/i.test(msg)) throw new TranslateError('UNSUPPORTED_PAIR', `Google cannot translate this pair: ${msg}`, d);
    if (res.status === 413) throw new TranslateError('TEXT_TOO_LONG', `Google: the request is too large. ${msg}`, d);
    if (res.status >= 500) throw new TranslateError('SERVER_ERROR', `Google failed (${res.status}): ${msg}`, d);
    throw new TranslateError('BAD_RESPONSE', `Google rejected the request (${res.status}): ${msg}`, d);
  }

  private codes: Promise<string[]> | null = null;
  private rawCodes(): Promise<string[]> {
    this.codes ??= this.call(this.url('language/translate/v2/languages', { target: 'en' })).then((res) => {
      const p = Languages.safeParse(res.json);
      if (!p.success) throw new TranslateError('BAD_RESPONSE', 'Google /languages answered something unexpected.', { provider: this.id });
      return p.data.data.languages.map((l) => l.language);
    });
    this.codes.catch(() => { this.codes = null; });
    return this.codes;
  }

  protected async requestBatch(texts: string[], from: string, to: string, ctx: BatchContext): Promise<BatchItem[]> {
    const codes = await this.rawCodes();
    const target = matchProviderCode(to, codes, ['zh-CN']);
    const source = from === 'auto' ? null : matchProviderCode(from, codes, ['zh-CN']);
    if (!target || (from !== 'auto' && !source)) throw new TranslateError('UNSUPPORTED_PAIR', `Google does not translate ${from} → ${to}.`, { provider: this.id });
    const res = await this.call(this.url('language/translate/v2'), { q: texts, target, format: 'text', ...(source ? { source } : {}) }, ctx.signal ?? undefined);
    const p = Translations.safeParse(res.json);
    if (!p.success) throw new TranslateError('BAD_RESPONSE', `Google answered something unexpected: ${excerpt(res.text)}`, { provider: this.id });
    return p.data.data.translations.map((t) => ({
      text: t.translatedText,
      detectedFrom: t.detectedSourceLanguage ? normalizeLang(t.detectedSourceLanguage) : null,
    }));
  }

  protected async fetchLanguages(): Promise<LanguageSupport> {
    const codes = (await this.rawCodes()).map(normalizeLang);
    return { pairs: null, sources: codes, targets: codes, anyLanguage: false, autoDetect: true };
  }

  health(): Promise<ProviderHealth> {
    return probe(this.id, async () => {
      this.codes = null; // a health check must really ask (it validates the key)
      return `${(await this.rawCodes()).length} languages`;
    });
  }
}
