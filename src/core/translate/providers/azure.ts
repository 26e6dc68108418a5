import { TRANSLATION_PROVIDERS } from '../../../shared/translation-providers';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { TranslateError } from '../errors';
import { matcher } from '../glossary';
import { endpoint, excerpt, httpRequest, retryAfterMs } from '../http';
import { matchProviderCode, normalizeLang, primaryLang } from '../languages';
import {
  type BatchContext, type BatchItem, BatchingProvider, type GlossaryMode, type LanguageSupport, type ProviderDeps, type ProviderHealth, probe,
} from '../provider';

/**
 * Azure AI Translator v3 (https://learn.microsoft.com/azure/ai-services/translator/reference/v3-0-translate).
 * POST /translate?api-version=3.0&to=X[&from=Y]&textType=plain with headers
 * Ocp-Apim-Subscription-Key (+ Ocp-Apim-Subscription-Region for regional/multi-service
 * resources), body [{Text}] (≤1000 elements, ≤50 000 characters) →
 * [{detectedLanguage?: {language, score}, translations: [{text, to}]}].
 * Errors: {error: {code: 6 digits = HTTP status + 3, message}}: 401000 bad credentials,
 * 403001 free quota used up, 429000/429001/429002 too many requests, 400035/400036 bad
 * source/target language, 400050 text too long.
 * Glossary: the dynamic dictionary markup, which Azure honours only when English is one side
 * and `from` is given; placeholders otherwise.
 */
export interface AzureConfig {
  apiKey: string;
  region?: string | null;
  baseUrl?: string | null;
}

const Translated = z.array(z.object({
  detectedLanguage: z.object({ language: z.string(), score: z.number() }).optional(),
  translations: z.array(z.object({ text: z.string(), to: z.string() })),
}));
const Languages = z.object({ translation: z.record(z.string(), z.object({ name: z.string() }).passthrough()) });
const ErrorBody = z.object({ error: z.object({ code: z.union([z.number(), z.string()]), message: z.string() }) });

const DICTIONARY_TAG_RE = /<\/?mstrans:dictionary[^>]*>/g;

export class AzureProvider extends BatchingProvider {
  readonly id = 'azure' as const;
  readonly offline = TRANSLATION_PROVIDERS.azure.offline;
  private readonly base: string;

  constructor(private readonly config: AzureConfig, deps: ProviderDeps = {}) {
    super({ maxItems: 100, maxChars: 10_000, concurrency: 2, intervalCap: 10, intervalMs: 1000, timeoutMs: 30_000 }, deps);
    this.base = config.baseUrl || 'https://api.cognitive.microsofttranslator.com';
  }

  private url(path: string, params: Record<string, string>): string {
    return endpoint(this.base, path, { 'api-version': '3.0', ...params }).toString();
  }

  private headers(): Record<string, string> {
    return {
      'ocp-apim-subscription-key': this.config.apiKey,
      ...(this.config.region ? { 'ocp-apim-subscription-region': this.config.region } : {}),
      'content-type': 'application/json; charset=UTF-8',
      'x-clienttraceid': randomUUID(),
    };
  }

  private fail(status: number, text: string, json: unknown, headers: Headers): never {
    const parsed = ErrorBody.safeParse(json);
    const code = parsed.success ? Number(parsed.data.error.code) : status * 1000;
    const msg = parsed.success ? parsed.data.error.message : excerpt(text);
    const d = { provider: this.id, status };
    if (code === 403001) throw new TranslateError('QUOTA_EXCEEDED', `The Azure Translator quota is used up (${code}: ${msg}).`, d);
    if (status === 401 || status === 403) {
      throw new TranslateError('BAD_KEY', `Azure Translator refused the credentials (${code}: ${msg}). Check the key and, for a regional resource, its region.`, d);
    }
    if (status === 429) {
      const after = retryAfterMs(headers);
      throw new TranslateError('RATE_LIMITED', `Azure Translator is limiting requests (${code}).`, { ...d, ...(after !== undefined ? { retryAfterMs: after } : {}) });
    }
    if (code === 400035 || code === 400036 || code === 400019 || code === 400023) {
      throw new TranslateError('UNSUPPORTED_PAIR', `Azure Translator does not support this language (${code}: ${msg}).`, d);
    }
    if (code === 400050 || code === 400077 || status === 413) throw new TranslateError('TEXT_TOO_LONG', `Azure Translator: the text is too long (${code}: ${msg}).`, d);
    if (status === 408 || status >= 500) throw new TranslateError('SERVER_ERROR', `Azure Translator failed (${code}: ${msg}).`, d);
    throw new TranslateError('BAD_RESPONSE', `Azure Translator rejected the request (${code}: ${msg}).`, d);
  }

  protected override async glossaryMode(from: string, to: string): Promise<GlossaryMode> {
    return from !== 'auto' && (primaryLang(from) === 'en' || primaryLang(to) === 'en') ? 'native' : 'placeholders';
  }

  private withDictionary(text: string, ctx: BatchContext): string {
    if (!ctx.glossary) return text;
    const hits = matcher(ctx.glossary).find(text).filter((h) => !h.entry.target.includes('"'));
    let out = '';
    let pos = 0;
    for (const h of hits) {
      out += `${text.slice(pos, h.start)}<mstrans:dictionary translation="${h.entry.target}">${text.slice(h.start, h.end)}</mstrans:dictionary>`;
      pos = h.end;
    }
    return out + text.slice(pos);
  }

  private codes: Promise<string[]> | null = null;
  private rawCodes(): Promise<string[]> {
    this.codes ??= httpRequest(this.id, { url: this.url('languages', { scope: 'translation' }), timeoutMs: this.limits.timeoutMs }, this.fetchFn)
      .then((res) => {
        if (res.status !== 200) this.fail(res.status, res.text, res.json, res.headers);
        const p = Languages.safeParse(res.json);
        if (!p.success) throw new TranslateError('BAD_RESPONSE', 'Azure /languages answered something unexpected.', { provider: this.id });
        return Object.keys(p.data.translation);
      });
    this.codes.catch(() => { this.codes = null; });
    return this.codes;
  }

  private async post(texts: string[], to: string, from: string | null, signal?: AbortSignal): Promise<BatchItem[]> {
    const res = await httpRequest(this.id, {
      url: this.url('translate', { to, textType: 'plain', ...(from ? { from } : {}) }),
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify(texts.map((Text) => ({ Text }))),
      timeoutMs: this.limits.timeoutMs,
      ...(signal ? { signal } : {}),
    }, this.fetchFn);
    if (res.status !== 200) this.fail(res.status, res.text, res.json, res.headers);
    const p = Translated.safeParse(res.json);
    if (!p.success) throw new TranslateError('BAD_RESPONSE', `Azure Translator answered something unexpected: ${excerpt(res.text)}`, { provider: this.id });
    return p.data.map((r) => ({
      text: (r.translations[0]?.text ?? '').replace(DICTIONARY_TAG_RE, ''),
      detectedFrom: r.detectedLanguage ? normalizeLang(r.detectedLanguage.language) : null,
    }));
  }

  protected async requestBatch(texts: string[], from: string, to: string, ctx: BatchContext): Promise<BatchItem[]> {
    const codes = await this.rawCodes();
    const target = matchProviderCode(to, codes, ['zh-Hans']);
    const source = from === 'auto' ? null : matchProviderCode(from, codes, ['zh-Hans']);
    if (!target || (from !== 'auto' && !source)) throw new TranslateError('UNSUPPORTED_PAIR', `Azure Translator does not translate ${from} → ${to}.`, { provider: this.id });
    return this.post(texts.map((t) => this.withDictionary(t, ctx)), target, source, ctx.signal);
  }

  protected async fetchLanguages(): Promise<LanguageSupport> {
    const codes = (await this.rawCodes()).map(normalizeLang);
    return { pairs: null, sources: codes, targets: codes, anyLanguage: false, autoDetect: true };
  }

  /** The languages list needs no key, so the probe translates two characters to check it. */
  health(): Promise<ProviderHealth> {
    return probe(this.id, async () => {
      await this.post(['ok'], 'en', null);
      return `${(await this.rawCodes()).length} languages`;
    });
  }
}
