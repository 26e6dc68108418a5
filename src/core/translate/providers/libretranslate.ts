import { TRANSLATION_PROVIDERS } from '../../../shared/translation-providers';
import { z } from 'zod';
import { TranslateError } from '../errors';
import { endpoint, excerpt, httpRequest, retryAfterMs } from '../http';
import { matchProviderCode, normalizeLang } from '../languages';
import { type BatchContext, type BatchItem, BatchingProvider, type LanguageSupport, type ProviderDeps, type ProviderHealth, probe } from '../provider';

/**
 * LibreTranslate (self-hosted, Argos models). API as in LibreTranslate's app.py:
 * POST /translate {q: string[], source, target, format: 'text', api_key?} →
 * {translatedText: string[], detectedLanguage?: [{language, confidence}]};
 * errors are {error: string} with 400 (bad request, unsupported language, over the char or
 * batch limit, or "get an API key"), 403 (invalid key, or banned for flooding), 429
 * ("Slowdown: …"), 500 ("Cannot translate text: …").
 */
export interface LibreTranslateConfig {
  baseUrl: string;
  apiKey?: string | null;
}

const Languages = z.array(z.object({ code: z.string(), name: z.string(), targets: z.array(z.string()).optional() }));
const Translated = z.object({
  translatedText: z.union([z.string(), z.array(z.string())]),
  detectedLanguage: z.union([
    z.object({ language: z.string(), confidence: z.number() }),
    z.array(z.object({ language: z.string(), confidence: z.number() })),
  ]).optional(),
});
const ErrorBody = z.object({ error: z.string() });

export class LibreTranslateProvider extends BatchingProvider {
  readonly id = 'libretranslate' as const;
  readonly offline = TRANSLATION_PROVIDERS.libretranslate.offline;

  constructor(private readonly config: LibreTranslateConfig, deps: ProviderDeps = {}) {
    super({ maxItems: 25, maxChars: 5000, concurrency: 2, timeoutMs: 60_000 }, deps);
  }

  private url(path: string): string {
    return endpoint(this.config.baseUrl, path).toString();
  }

  private fail(status: number, text: string, json: unknown, headers: Headers): never {
    const parsed = ErrorBody.safeParse(json);
    const msg = parsed.success ? parsed.data.error : excerpt(text);
    const d = { provider: this.id, status };
    if (status === 403 && /api key/i.test(msg)) throw new TranslateError('BAD_KEY', `LibreTranslate rejected the API key: ${msg}`, d);
    if (status === 400 && /api key/i.test(msg)) throw new TranslateError('BAD_KEY', `LibreTranslate needs an API key: ${msg}`, d);
    if (status === 403 || status === 429) {
      const after = retryAfterMs(headers);
      throw new TranslateError('RATE_LIMITED', `LibreTranslate is limiting requests: ${msg}`, { ...d, ...(after !== undefined ? { retryAfterMs: after } : {}) });
    }
    if (status === 400 && /not supported|not available/i.test(msg)) throw new TranslateError('UNSUPPORTED_PAIR', `LibreTranslate: ${msg}`, d);
    if (status === 400 && /limit/i.test(msg)) throw new TranslateError('TEXT_TOO_LONG', `LibreTranslate: ${msg}`, d);
    if (status >= 500) throw new TranslateError('SERVER_ERROR', `LibreTranslate failed (${status}): ${msg}`, d);
    throw new TranslateError('BAD_RESPONSE', `LibreTranslate rejected the request (${status}): ${msg}`, d);
  }

  private async code(lang: string, side: 'source' | 'target'): Promise<string> {
    const c = matchProviderCode(lang, await this.rawCodes());
    if (!c) throw new TranslateError('UNSUPPORTED_PAIR', `LibreTranslate has no ${side} language ${lang}.`, { provider: this.id });
    return c;
  }

  private listCache: Promise<z.infer<typeof Languages>> | null = null;
  private list(): Promise<z.infer<typeof Languages>> {
    this.listCache ??= this.getLanguages();
    this.listCache.catch(() => { this.listCache = null; });
    return this.listCache;
  }

  private async rawCodes(): Promise<string[]> {
    return (await this.list()).map((x) => x.code);
  }

  private async getLanguages(): Promise<z.infer<typeof Languages>> {
    const res = await httpRequest(this.id, { url: this.url('languages'), timeoutMs: this.limits.timeoutMs }, this.fetchFn);
    if (res.status !== 200) this.fail(res.status, res.text, res.json, res.headers);
    const parsed = Languages.safeParse(res.json);
    if (!parsed.success) throw new TranslateError('BAD_RESPONSE', `LibreTranslate /languages answered something unexpected: ${excerpt(res.text)}`, { provider: this.id });
    return parsed.data;
  }

  protected async requestBatch(texts: string[], from: string, to: string, ctx: BatchContext): Promise<BatchItem[]> {
    const source = from === 'auto' ? 'auto' : await this.code(from, 'source');
    const target = await this.code(to, 'target');
    const res = await httpRequest(this.id, {
      url: this.url('translate'),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ q: texts, source, target, format: 'text', ...(this.config.apiKey ? { api_key: this.config.apiKey } : {}) }),
      timeoutMs: this.limits.timeoutMs,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    }, this.fetchFn);
    if (res.status !== 200) this.fail(res.status, res.text, res.json, res.headers);
    const parsed = Translated.safeParse(res.json);
    if (!parsed.success) throw new TranslateError('BAD_RESPONSE', `LibreTranslate answered something unexpected: ${excerpt(res.text)}`, { provider: this.id });
    const list = Array.isArray(parsed.data.translatedText) ? parsed.data.translatedText : [parsed.data.translatedText];
    const detected = parsed.data.detectedLanguage;
    return list.map((text, i) => {
      const d = Array.isArray(detected) ? detected[i] : detected;
      return { text, detectedFrom: d ? normalizeLang(d.language) : null };
    });
  }

  protected async fetchLanguages(): Promise<LanguageSupport> {
    const list = await this.list();
    const pairs = list.every((l) => l.targets)
      ? list.flatMap((l) => (l.targets ?? []).map((t) => ({ from: normalizeLang(l.code), to: normalizeLang(t) })))
      : null;
    const codes = list.map((l) => normalizeLang(l.code));
    return { pairs, sources: codes, targets: codes, anyLanguage: false, autoDetect: true };
  }

  health(): Promise<ProviderHealth> {
    return probe(this.id, async () => `${(await this.getLanguages()).length} languages`);
  }
}
