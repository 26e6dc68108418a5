import { TRANSLATION_PROVIDERS } from '../../../shared/translation-providers';
import { z } from 'zod';
import { TranslateError } from '../errors';
import { type PairGlossary, toTsv } from '../glossary';
import { endpoint, excerpt, httpRequest, retryAfterMs } from '../http';
import { matchProviderCode, normalizeLang, primaryLang } from '../languages';
import {
  type BatchContext, type BatchItem, BatchingProvider, type GlossaryMode, type LanguageSupport, type ProviderDeps, type ProviderHealth, probe,
} from '../provider';

/**
 * DeepL API v2 (https://developers.deepl.com/docs/api-reference/translate).
 * POST /v2/translate, `Authorization: DeepL-Auth-Key <key>`, JSON
 * {text: string[] (≤50), target_lang, source_lang?, glossary_id?} →
 * {translations: [{detected_source_language, text}]}. Free keys end in ":fx" and use
 * api-free.deepl.com. Errors: 400 bad request, 403 authorization failed, 413 too large,
 * 429 too many requests, 456 quota exceeded, 5xx / 529 temporary; body {message}.
 * Glossaries: POST /v2/glossaries (TSV entries; immutable), found again by name so a restart
 * does not create duplicates; /v2/glossary-language-pairs says which pairs can have one.
 */
export interface DeepLConfig {
  apiKey: string;
  /** Defaults from the key: api-free.deepl.com for ":fx" keys, else api.deepl.com. */
  baseUrl?: string | null;
}

const Translations = z.object({
  translations: z.array(z.object({ text: z.string(), detected_source_language: z.string().optional() })),
});
const Languages = z.array(z.object({ language: z.string(), name: z.string() }));
const Usage = z.object({ character_count: z.number(), character_limit: z.number() });
const GlossaryPairs = z.object({ supported_languages: z.array(z.object({ source_lang: z.string(), target_lang: z.string() })) });
const GlossaryInfo = z.object({ glossary_id: z.string(), name: z.string(), ready: z.boolean().optional(), source_lang: z.string(), target_lang: z.string() });
const GlossaryList = z.object({ glossaries: z.array(GlossaryInfo) });
const ErrorBody = z.object({ message: z.string(), detail: z.string().optional() });

export class DeepLProvider extends BatchingProvider {
  readonly id = 'deepl' as const;
  readonly offline = TRANSLATION_PROVIDERS.deepl.offline;
  private readonly base: string;
  private glossaryPairs: Promise<Set<string>> | null = null;
  private readonly glossaryIds = new Map<string, Promise<string | null>>();

  constructor(private readonly config: DeepLConfig, deps: ProviderDeps = {}) {
    super({ maxItems: 50, maxChars: 30_000, concurrency: 2, intervalCap: 10, intervalMs: 1000, timeoutMs: 30_000 }, deps);
    this.base = config.baseUrl || (config.apiKey.trim().endsWith(':fx') ? 'https://api-free.deepl.com' : 'https://api.deepl.com');
  }

  private async call(path: string, init: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal | undefined } = {}) {
    const res = await httpRequest(this.id, {
      url: endpoint(this.base, path).toString(),
      method: init.method ?? 'GET',
      headers: {
        authorization: `DeepL-Auth-Key ${this.config.apiKey}`,
        'user-agent': 'Switchboard/0.1',
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      timeoutMs: this.limits.timeoutMs,
      ...(init.signal ? { signal: init.signal } : {}),
    }, this.fetchFn);
    if (res.status >= 200 && res.status < 300) return res;
    const parsed = ErrorBody.safeParse(res.json);
    const msg = parsed.success ? [parsed.data.message, parsed.data.detail].filter(Boolean).join(': ') : excerpt(res.text);
    const d = { provider: this.id, status: res.status };
    switch (res.status) {
      case 401:
      case 403:
        throw new TranslateError('BAD_KEY', `DeepL refused the key (${res.status}${msg ? `: ${msg}` : ''}). Check the key; keys ending in ":fx" belong to the DeepL API Free plan.`, d);
      case 456:
        throw new TranslateError('QUOTA_EXCEEDED', `The DeepL character quota is used up${msg ? ` (${msg})` : ''}. Raise the plan or cost-control limit, or wait for the next billing period.`, d);
      case 429:
      case 529: {
        const after = retryAfterMs(res.headers);
        throw new TranslateError('RATE_LIMITED', `DeepL says too many requests (${res.status}).`, { ...d, ...(after !== undefined ? { retryAfterMs: after } : {}) });
      }
      case 413:
      case 414:
        throw new TranslateError('TEXT_TOO_LONG', `DeepL: the request is too large (${res.status}).`, d);
      case 400:
        if (/lang/i.test(msg)) throw new TranslateError('UNSUPPORTED_PAIR', `DeepL does not support this language pair: ${msg}`, d);
        throw new TranslateError('BAD_RESPONSE', `DeepL rejected the request: ${msg}`, d);
      default:
        if (res.status >= 500) throw new TranslateError('SERVER_ERROR', `DeepL failed (${res.status}${msg ? `: ${msg}` : ''}).`, d);
        throw new TranslateError('BAD_RESPONSE', `DeepL answered ${res.status}: ${msg}`, d);
    }
  }

  private parse<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
    const r = schema.safeParse(json);
    if (!r.success) throw new TranslateError('BAD_RESPONSE', `DeepL ${what} answered something unexpected.`, { provider: this.id });
    return r.data;
  }

  private async rawLanguages(type: 'source' | 'target'): Promise<string[]> {
    const res = await this.call(`v2/languages?type=${type}`);
    return this.parse(Languages, res.json, '/v2/languages').map((l) => l.language);
  }

  private codes: Promise<{ source: string[]; target: string[] }> | null = null;
  private providerCodes() {
    this.codes ??= Promise.all([this.rawLanguages('source'), this.rawLanguages('target')]).then(([source, target]) => ({ source, target }));
    this.codes.catch(() => { this.codes = null; });
    return this.codes;
  }

  protected override async glossaryMode(from: string, to: string): Promise<GlossaryMode> {
    if (from === 'auto') return 'placeholders';
    this.glossaryPairs ??= this.call('v2/glossary-language-pairs')
      .then((res) => new Set(this.parse(GlossaryPairs, res.json, '/v2/glossary-language-pairs').supported_languages
        .map((p) => `${p.source_lang.toLowerCase()}>${p.target_lang.toLowerCase()}`)));
    try {
      const pairs = await this.glossaryPairs;
      return pairs.has(`${primaryLang(from)}>${primaryLang(to)}`) ? 'native' : 'placeholders';
    } catch {
      this.glossaryPairs = null;
      return 'placeholders';
    }
  }

  /** The id of a glossary holding exactly these entries, creating it once. */
  private glossaryId(g: PairGlossary): Promise<string | null> {
    const src = primaryLang(g.from);
    const dst = primaryLang(g.to);
    const name = `switchboard ${g.rev} ${src}-${dst}`;
    let p = this.glossaryIds.get(name);
    if (!p) {
      p = (async () => {
        const tsv = toTsv(g);
        if (!tsv) return null;
        const list = this.parse(GlossaryList, (await this.call('v2/glossaries')).json, '/v2/glossaries');
        const found = list.glossaries.find((x) => x.name === name && x.source_lang.toLowerCase() === src && x.target_lang.toLowerCase() === dst);
        if (found) return found.glossary_id;
        const created = await this.call('v2/glossaries', {
          method: 'POST',
          body: { name, source_lang: src, target_lang: dst, entries: tsv, entries_format: 'tsv' },
        });
        return this.parse(GlossaryInfo, created.json, 'glossary creation').glossary_id;
      })();
      p.catch(() => this.glossaryIds.delete(name));
      this.glossaryIds.set(name, p);
    }
    return p;
  }

  protected async requestBatch(texts: string[], from: string, to: string, ctx: BatchContext): Promise<BatchItem[]> {
    const codes = await this.providerCodes();
    const target = matchProviderCode(to, codes.target, ['en-US', 'pt-BR', 'zh-Hans']);
    const source = from === 'auto' ? null : matchProviderCode(primaryLang(from), codes.source);
    if (!target || (from !== 'auto' && !source)) {
      throw new TranslateError('UNSUPPORTED_PAIR', `DeepL does not translate ${from} → ${to}.`, { provider: this.id });
    }
    const glossaryId = ctx.glossary && source ? await this.glossaryId(ctx.glossary) : null;
    const res = await this.call('v2/translate', {
      method: 'POST',
      body: {
        text: texts,
        target_lang: target,
        ...(source ? { source_lang: source } : {}),
        ...(glossaryId ? { glossary_id: glossaryId } : {}),
      },
      signal: ctx.signal,
    });
    return this.parse(Translations, res.json, '/v2/translate').translations.map((t) => ({
      text: t.text,
      detectedFrom: t.detected_source_language ? normalizeLang(t.detected_source_language) : null,
    }));
  }

  protected async fetchLanguages(): Promise<LanguageSupport> {
    const c = await this.providerCodes();
    return { pairs: null, sources: c.source.map(normalizeLang), targets: c.target.map(normalizeLang), anyLanguage: false, autoDetect: true };
  }

  health(): Promise<ProviderHealth> {
    return probe(this.id, async () => {
      const u = this.parse(Usage, (await this.call('v2/usage')).json, '/v2/usage');
      if (u.character_limit > 0 && u.character_count >= u.character_limit) {
        throw new TranslateError('QUOTA_EXCEEDED', `The DeepL character quota is used up (${u.character_count} of ${u.character_limit}).`, { provider: this.id });
      }
      return `used ${u.character_count} of ${u.character_limit} characters`;
    });
  }
}
