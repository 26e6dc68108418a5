import { TRANSLATION_PROVIDERS } from '../../../shared/translation-providers';
import { z } from 'zod';
import { TranslateError } from '../errors';
import { promptLines } from '../glossary';
import { endpoint, excerpt, httpRequest, retryAfterMs } from '../http';
import { primaryLang } from '../languages';
import {
  type BatchContext, type BatchItem, BatchingProvider, type GlossaryMode, type LanguageSupport, type ProviderDeps, type ProviderHealth, probe,
} from '../provider';

/**
 * Any OpenAI-compatible chat-completions endpoint (OpenAI, DeepSeek, Qwen/DashScope
 * compatible mode, a local Ollama or vLLM): the route for Chinese ↔ other languages, which
 * Apertium lacks. POST {baseUrl}/chat/completions with `Authorization: Bearer <key>` and
 * {model, temperature: 0, messages} → {choices: [{message: {content}, finish_reason}]}.
 * We send the texts as a JSON array and ask for {"translations": [...]} back, same length and
 * order; a wrong count or a cut-off answer is BAD_RESPONSE, and the batch is retried text by
 * text. The team glossary goes into the system prompt. Errors are
 * {error: {message, type, code}}: 401 invalid_api_key, 429 rate_limit_exceeded or
 * insufficient_quota (quota), 404 model_not_found, 5xx.
 */
export interface OpenAiConfig {
  baseUrl: string;
  apiKey?: string | null;
  model: string;
  /** Send response_format json_object (OpenAI, DeepSeek, Ollama accept it; some servers reject it). */
  jsonMode?: boolean;
}

const Completion = z.object({
  choices: z.array(z.object({
    message: z.object({ content: z.string().nullable() }),
    finish_reason: z.string().nullable().optional(),
  })).min(1),
});
const ErrorBody = z.object({
  error: z.object({ message: z.string(), type: z.string().nullable().optional(), code: z.union([z.string(), z.number()]).nullable().optional() }),
});
const Answer = z.object({ translations: z.array(z.string()) });

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The JSON object in a model's answer, tolerating code fences and chatter around it. */
export function parseAnswer(content: string): string[] | null {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(content);
  const body = fenced ? fenced[1]! : content;
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start === -1 || end <= start) return null;
  try {
    const r = Answer.safeParse(JSON.parse(body.slice(start, end + 1)));
    return r.success ? r.data.translations : null;
  } catch {
    return null;
  }
}

export class OpenAiProvider extends BatchingProvider {
  readonly id = 'openai' as const;
  readonly offline = TRANSLATION_PROVIDERS.openai.offline;

  constructor(private readonly config: OpenAiConfig, deps: ProviderDeps = {}) {
    super({ maxItems: 20, maxChars: 6000, concurrency: 2, intervalCap: 5, intervalMs: 1000, timeoutMs: 90_000 }, deps);
  }

  override get cacheKey(): string {
    return `openai:${this.config.model}`;
  }

  private url(path: string): string {
    return endpoint(this.config.baseUrl, path).toString();
  }

  private headers(): Record<string, string> {
    return {
      'content-type': 'application/json',
      ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {}),
    };
  }

  private fail(status: number, text: string, json: unknown, headers: Headers): never {
    const parsed = ErrorBody.safeParse(json);
    const e = parsed.success ? parsed.data.error : null;
    const msg = e?.message ?? excerpt(text);
    const code = String(e?.code ?? e?.type ?? '');
    const d = { provider: this.id, status };
    if (status === 401 || status === 403) throw new TranslateError('BAD_KEY', `The AI endpoint refused the key (${status}: ${msg}).`, d);
    if (code === 'insufficient_quota' || e?.type === 'insufficient_quota') {
      throw new TranslateError('QUOTA_EXCEEDED', `The AI account is out of quota or credit: ${msg}`, d);
    }
    if (status === 429) {
      const after = retryAfterMs(headers);
      throw new TranslateError('RATE_LIMITED', `The AI endpoint is limiting requests: ${msg}`, { ...d, ...(after !== undefined ? { retryAfterMs: after } : {}) });
    }
    if (status === 404) throw new TranslateError('NOT_CONFIGURED', `The AI endpoint does not know model "${this.config.model}" or the URL is wrong: ${msg}`, d);
    if (code === 'context_length_exceeded') throw new TranslateError('TEXT_TOO_LONG', `The text is too long for the model: ${msg}`, d);
    if (status >= 500) throw new TranslateError('SERVER_ERROR', `The AI endpoint failed (${status}): ${msg}`, d);
    throw new TranslateError('BAD_RESPONSE', `The AI endpoint rejected the request (${status}): ${msg}`, d);
  }

  protected override async glossaryMode(): Promise<GlossaryMode> {
    return 'prompt';
  }

  private systemPrompt(n: number, from: string, to: string, ctx: BatchContext): string {
    const src = from === 'auto' ? 'whatever language each string is written in' : languageName(primaryLang(from) === 'zh' ? from : primaryLang(from));
    const lines = [
      `You translate business chat messages between a sales team and its buyers from ${src} into ${languageName(to)}.`,
      'Translate faithfully. Keep numbers, prices, currencies, units, model numbers, URLs, emoji and line breaks as they are.',
      'Do not answer the messages, do not explain, do not add anything.',
      `The user sends a JSON object {"texts": [...]} with ${n} strings. Reply with only a JSON object {"translations": [...]} holding exactly ${n} strings, in the same order.`,
    ];
    if (ctx.glossary?.entries.length) lines.push('Use this team glossary wherever the terms occur:', ...promptLines(ctx.glossary));
    return lines.join('\n');
  }

  protected async requestBatch(texts: string[], from: string, to: string, ctx: BatchContext): Promise<BatchItem[]> {
    const res = await httpRequest(this.id, {
      url: this.url('chat/completions'),
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify({
        model: this.config.model,
        temperature: 0,
        messages: [
          { role: 'system', content: this.systemPrompt(texts.length, from, to, ctx) },
          { role: 'user', content: JSON.stringify({ texts }) },
        ],
        ...(this.config.jsonMode ? { response_format: { type: 'json_object' } } : {}),
      }),
      timeoutMs: this.limits.timeoutMs,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    }, this.fetchFn);
    if (res.status !== 200) this.fail(res.status, res.text, res.json, res.headers);
    const p = Completion.safeParse(res.json);
    if (!p.success) throw new TranslateError('BAD_RESPONSE', `The AI endpoint answered something unexpected: ${excerpt(res.text)}`, { provider: this.id });
    const choice = p.data.choices[0]!;
    if (choice.finish_reason === 'length') throw new TranslateError('BAD_RESPONSE', 'The AI answer was cut off (too long).', { provider: this.id });
    const list = parseAnswer(choice.message.content ?? '');
    if (!list || list.length !== texts.length) {
      throw new TranslateError('BAD_RESPONSE', `The AI answer did not hold ${texts.length} translations.`, { provider: this.id });
    }
    return list.map((text) => ({ text, detectedFrom: null }));
  }

  protected async fetchLanguages(): Promise<LanguageSupport> {
    return { pairs: null, sources: [], targets: [], anyLanguage: true, autoDetect: true };
  }

  health(): Promise<ProviderHealth> {
    return probe(this.id, async () => {
      const res = await httpRequest(this.id, { url: this.url('models'), headers: this.headers(), timeoutMs: 15_000 }, this.fetchFn);
      if (res.status !== 200) this.fail(res.status, res.text, res.json, res.headers);
      const ids = z.object({ data: z.array(z.object({ id: z.string() })) }).safeParse(res.json);
      if (ids.success && !ids.data.data.some((m) => m.id === this.config.model)) {
        throw new TranslateError('NOT_CONFIGURED', `The AI endpoint has no model "${this.config.model}".`, { provider: this.id });
      }
      return `model ${this.config.model}`;
    });
  }
}
