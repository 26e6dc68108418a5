import { TRANSLATION_PROVIDERS } from '../../../shared/translation-providers';
import { z } from 'zod';
import { TranslateError } from '../errors';
import { endpoint, excerpt, httpRequest } from '../http';
import { fromAlpha3, toAlpha3 } from '../languages';
import { type BatchContext, type BatchItem, BatchingProvider, type LanguageSupport, type ProviderDeps, type ProviderHealth, probe } from '../provider';

/**
 * Apertium APY (https://wiki.apertium.org/wiki/Apertium-apy): rule-based, runs locally,
 * needs no network. `/translate` takes ONE `q` (a repeated `q` is ignored but for the last),
 * so we batch by joining texts with a blank line: APY's plain-text deformatter turns a blank
 * line into a sentence boundary, and translating "a\n\nb" gives exactly the translations of
 * "a" and "b" (checked against apertium-eng-spa). One request then carries dozens of chat
 * messages instead of one, which is ~10× faster (each request also spawns APY's
 * deformatter/reformatter processes). Requests stay under PIPE_BUF (4096 bytes) so APY does
 * not split them itself; if an answer comes back with a different number of parts we fall
 * back to one request per text.
 */
export interface ApertiumConfig {
  baseUrl: string;
}

const SEPARATOR = '\n\n';
/** APY translates a request in one piece when it fits in PIPE_BUF; leave room for the separators. */
const MAX_REQUEST_BYTES = 3800;

const PairsResponse = z.object({
  responseData: z.array(z.object({ sourceLanguage: z.string(), targetLanguage: z.string() })),
  responseStatus: z.number(),
});
const TranslateResponse = z.object({
  responseData: z.object({ translatedText: z.string() }),
  responseStatus: z.number(),
});
const ErrorResponse = z.object({ status: z.literal('error'), code: z.number(), message: z.string(), explanation: z.string() });

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** A text as units APY translates independently: its paragraphs, each under the request size. */
interface Units {
  units: string[];
  /** What stood between units in the original (restored verbatim). */
  joins: string[];
}

function splitLong(paragraph: string): string[] {
  if (utf8Bytes(paragraph) <= MAX_REQUEST_BYTES) return [paragraph];
  const sentences = paragraph.match(/[^.!?。！？\n]+(?:[.!?。！？]+|\n|$)\s*/gu) ?? [paragraph];
  const out: string[] = [];
  let cur = '';
  for (const s of sentences) {
    if (cur && utf8Bytes(cur + s) > MAX_REQUEST_BYTES) {
      out.push(cur);
      cur = '';
    }
    if (utf8Bytes(s) > MAX_REQUEST_BYTES) {
      // no sentence break: cut at spaces
      for (const w of s.split(/(?<=\s)/)) {
        if (cur && utf8Bytes(cur + w) > MAX_REQUEST_BYTES) {
          out.push(cur);
          cur = '';
        }
        cur += w;
      }
    } else cur += s;
  }
  if (cur) out.push(cur);
  return out;
}

function toUnits(text: string): Units {
  const units: string[] = [];
  const joins: string[] = [];
  const parts = text.split(/(\s*\n[ \t]*\n\s*)/);
  for (let i = 0; i < parts.length; i += 2) {
    const para = parts[i]!.trim();
    const between = parts[i + 1];
    if (para) {
      const pieces = splitLong(para);
      pieces.forEach((p, k) => {
        units.push(p.trim());
        if (k < pieces.length - 1) joins.push(' ');
      });
      if (between !== undefined) joins.push(between);
    } else if (between !== undefined && joins.length > 0) {
      joins[joins.length - 1] += between;
    }
  }
  // restore the original's leading/trailing whitespace around the translation
  return { units, joins: joins.slice(0, Math.max(0, units.length - 1)) };
}

function fromUnits(translated: string[], u: Units, original: string): string {
  let out = '';
  translated.forEach((t, i) => { out += t + (i < u.joins.length ? u.joins[i] : ''); });
  const lead = /^\s*/.exec(original)?.[0] ?? '';
  const trail = /\s*$/.exec(original)?.[0] ?? '';
  return lead + out + trail;
}

export class ApertiumProvider extends BatchingProvider {
  readonly id = 'apertium' as const;
  readonly offline = TRANSLATION_PROVIDERS.apertium.offline;

  constructor(private readonly config: ApertiumConfig, deps: ProviderDeps = {}) {
    super({ maxItems: 200, maxChars: MAX_REQUEST_BYTES, concurrency: 2, timeoutMs: 30_000, retries: 2, minRetryDelayMs: 200 }, deps);
  }

  protected override measure(text: string): number {
    return utf8Bytes(text) + SEPARATOR.length;
  }

  private url(path: string): string {
    return endpoint(this.config.baseUrl, path).toString();
  }

  private async call(q: string, from: string, to: string, signal?: AbortSignal): Promise<string> {
    const a = toAlpha3(from);
    const b = toAlpha3(to);
    if (!a || !b) throw new TranslateError('UNSUPPORTED_PAIR', `Apertium has no ${from} → ${to} pair.`, { provider: this.id });
    const res = await httpRequest(this.id, {
      url: this.url('translate'),
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      // format=txt: messages are plain text (the default html would eat "<" and "&");
      // markUnknown=no: no "*" before words the dictionaries lack.
      body: new URLSearchParams({ langpair: `${a}|${b}`, q, format: 'txt', markUnknown: 'no' }),
      timeoutMs: this.limits.timeoutMs,
      ...(signal ? { signal } : {}),
    }, this.fetchFn);
    if (res.status === 200) {
      const ok = TranslateResponse.safeParse(res.json);
      if (!ok.success) throw new TranslateError('BAD_RESPONSE', `Apertium answered something unexpected: ${excerpt(res.text)}`, { provider: this.id, status: 200 });
      return ok.data.responseData.translatedText;
    }
    const err = ErrorResponse.safeParse(res.json);
    const explanation = err.success ? err.data.explanation : excerpt(res.text);
    if (res.status === 400 && /pair/i.test(explanation)) {
      throw new TranslateError('UNSUPPORTED_PAIR', `Apertium has no ${from} → ${to} pair installed (${explanation}).`, { provider: this.id, status: 400 });
    }
    if (res.status === 400 || res.status === 404) {
      throw new TranslateError('BAD_RESPONSE', `Apertium rejected the request (${res.status}: ${explanation}).`, { provider: this.id, status: res.status });
    }
    if (res.status === 401 || res.status === 403) {
      throw new TranslateError('BAD_KEY', `The Apertium server refused access (${res.status}: ${explanation}).`, { provider: this.id, status: res.status });
    }
    if (res.status === 429) throw new TranslateError('RATE_LIMITED', 'The Apertium server is rate-limiting us.', { provider: this.id, status: 429 });
    throw new TranslateError('SERVER_ERROR', `The Apertium server failed (${res.status}: ${explanation}).`, { provider: this.id, status: res.status });
  }

  protected async requestBatch(texts: string[], from: string, to: string, ctx: BatchContext): Promise<BatchItem[]> {
    if (from === 'auto') throw new TranslateError('UNKNOWN_SOURCE_LANGUAGE', 'Apertium needs to know the source language.', { provider: this.id });
    const perText = texts.map(toUnits);
    const flat = perText.flatMap((u) => u.units);
    const translatedUnits = await this.translateUnits(flat, from, to, ctx.signal);
    let k = 0;
    return perText.map((u, i) => {
      const part = translatedUnits.slice(k, k + u.units.length);
      k += u.units.length;
      return { text: fromUnits(part, u, texts[i]!) };
    });
  }

  /** Joined requests of units; one request per unit if APY's answer does not split cleanly. */
  private async translateUnits(units: string[], from: string, to: string, signal?: AbortSignal): Promise<string[]> {
    const groups: string[][] = [];
    let cur: string[] = [];
    let size = 0;
    for (const u of units) {
      const n = utf8Bytes(u) + SEPARATOR.length;
      if (cur.length && size + n > MAX_REQUEST_BYTES) {
        groups.push(cur);
        cur = [];
        size = 0;
      }
      cur.push(u);
      size += n;
    }
    if (cur.length) groups.push(cur);
    const out: string[] = [];
    for (const g of groups) {
      const answer = await this.call(g.join(SEPARATOR), from, to, signal);
      const parts = answer.split(/\n[ \t]*\n/);
      if (parts.length === g.length) out.push(...parts.map((p) => p.trim()));
      else for (const u of g) out.push((await this.call(u, from, to, signal)).trim());
    }
    return out;
  }

  protected async fetchLanguages(): Promise<LanguageSupport> {
    const res = await httpRequest(this.id, { url: this.url('listPairs'), timeoutMs: this.limits.timeoutMs }, this.fetchFn);
    const parsed = PairsResponse.safeParse(res.json);
    if (res.status !== 200 || !parsed.success) {
      throw new TranslateError(res.status >= 500 ? 'SERVER_ERROR' : 'BAD_RESPONSE',
        `Apertium /listPairs answered ${res.status}: ${excerpt(res.text)}`, { provider: this.id, status: res.status });
    }
    const pairs: Array<{ from: string; to: string }> = [];
    for (const p of parsed.data.responseData) {
      // variants such as eng_US are separate modes of the same pair; the base pair is enough
      if (p.sourceLanguage.includes('_') || p.targetLanguage.includes('_')) continue;
      const from = fromAlpha3(p.sourceLanguage);
      const to = fromAlpha3(p.targetLanguage);
      if (from && to) pairs.push({ from, to });
    }
    return {
      pairs,
      sources: [...new Set(pairs.map((p) => p.from))],
      targets: [...new Set(pairs.map((p) => p.to))],
      anyLanguage: false,
      autoDetect: false,
    };
  }

  health(): Promise<ProviderHealth> {
    return probe(this.id, async () => {
      const res = await httpRequest(this.id, { url: this.url('listPairs'), timeoutMs: Math.min(this.limits.timeoutMs, 5000) }, this.fetchFn);
      const parsed = PairsResponse.safeParse(res.json);
      if (res.status !== 200 || !parsed.success) throw new TranslateError('SERVER_ERROR', `Apertium /listPairs answered ${res.status}.`, { provider: this.id, status: res.status });
      return `${parsed.data.responseData.length} language pairs`;
    });
  }
}
