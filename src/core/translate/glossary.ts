import { createHash } from 'node:crypto';
import { z } from 'zod';
import { LangCode, normalizeLang, primaryLang } from './languages';

/**
 * The team glossary: product names, Incoterms, units, fixed phrasings.
 *
 * - `keep` entries are spelled the same in every language (`FOB`, `X200 Pro`, `pcs`).
 * - `term` entries give the fixed form per language (`{en: 'unit price', es: 'precio unitario', zh: '单价'}`);
 *   an entry applies to a pair when it has both languages.
 *
 * How each provider honours it (see providers/*):
 * - DeepL: a native glossary per pair (created once, found again by name), placeholders when
 *   DeepL has no glossary for that pair or the source language is unknown.
 * - Azure: dynamic dictionary markup when English is on one side (its documented limit),
 *   placeholders otherwise.
 * - OpenAI-compatible: the entries go into the prompt.
 * - Apertium, LibreTranslate, Google v2 (no glossary API with a key): placeholders. The term is
 *   swapped for a token the engines copy verbatim (`ZZ3ZZ`: letters+digits, tested against
 *   Apertium and typical NMT), translated, then the token is replaced by the target term.
 *   If an engine drops a token, that text is translated again without protection so no
 *   content is ever lost (the result says the glossary was not applied).
 */
export const GlossaryEntry = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('keep'),
    term: z.string().trim().min(1).max(200),
    caseSensitive: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('term'),
    terms: z.record(LangCode, z.string().trim().min(1).max(200)),
    caseSensitive: z.boolean().default(false),
  }),
]);
export type GlossaryEntry = z.output<typeof GlossaryEntry>;

export const Glossary = z.object({ entries: z.array(GlossaryEntry).max(5000).default([]) });
export type GlossaryInput = z.input<typeof Glossary>;
export type Glossary = z.output<typeof Glossary>;

export interface PairEntry {
  source: string;
  target: string;
  caseSensitive: boolean;
}

/** The entries that apply from `from` to `to`, longest source first; `rev` changes when they do. */
export interface PairGlossary {
  from: string;
  to: string;
  entries: PairEntry[];
  rev: string;
}

function termFor(terms: Record<string, string>, lang: string): string | undefined {
  const want = normalizeLang(lang);
  const byNorm = new Map(Object.entries(terms).map(([k, v]) => [normalizeLang(k), v]));
  const exact = byNorm.get(want) ?? byNorm.get(primaryLang(want));
  if (exact !== undefined) return exact;
  // a regional term (pt-BR) serves the bare language (pt)
  for (const [k, v] of byNorm) if (primaryLang(k) === primaryLang(want)) return v;
  return undefined;
}

export function pairGlossary(glossary: Glossary | null | undefined, from: string, to: string): PairGlossary {
  const entries: PairEntry[] = [];
  const seen = new Set<string>();
  for (const e of glossary?.entries ?? []) {
    const pair = e.kind === 'keep'
      ? { source: e.term, target: e.term }
      : from === 'auto' ? null : { source: termFor(e.terms, from), target: termFor(e.terms, to) };
    if (!pair?.source || !pair.target) continue;
    const key = e.caseSensitive ? pair.source : pair.source.toLowerCase();
    if (seen.has(key)) continue; // first entry wins; DeepL rejects duplicate sources anyway
    seen.add(key);
    entries.push({ source: pair.source, target: pair.target, caseSensitive: e.caseSensitive });
  }
  entries.sort((a, b) => b.source.length - a.source.length || a.source.localeCompare(b.source));
  const rev = entries.length === 0
    ? ''
    : createHash('sha256').update(JSON.stringify(entries.map((e) => [e.source, e.target, e.caseSensitive]))).digest('hex').slice(0, 16);
  return { from, to, entries, rev };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORDY = /^[\p{L}\p{N}]$/u;
const CJK = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]/u;

/** A term matches as a whole word where its edge is a letter or digit (not inside CJK runs, which have no spaces). */
function termPattern(term: string): string {
  const first = Array.from(term)[0] ?? '';
  const last = Array.from(term).at(-1) ?? '';
  const pre = WORDY.test(first) && !CJK.test(first) ? '(?<![\\p{L}\\p{N}])' : '';
  const post = WORDY.test(last) && !CJK.test(last) ? '(?![\\p{L}\\p{N}])' : '';
  return `${pre}${escapeRe(term)}${post}`;
}

export interface Matcher {
  /** Finds glossary terms in `text`: [start, end, entry] in order, non-overlapping, longest first. */
  find(text: string): Array<{ start: number; end: number; entry: PairEntry }>;
}

export function matcher(pair: PairGlossary): Matcher {
  if (pair.entries.length === 0) return { find: () => [] };
  const sensitive = pair.entries.filter((e) => e.caseSensitive);
  const insensitive = pair.entries.filter((e) => !e.caseSensitive);
  const build = (list: PairEntry[], flags: string) =>
    list.length ? new RegExp(list.map((e) => `(${termPattern(e.source)})`).join('|'), flags) : null;
  const res = [
    { re: build(sensitive, 'gu'), list: sensitive },
    { re: build(insensitive, 'giu'), list: insensitive },
  ];
  return {
    find(text) {
      const hits: Array<{ start: number; end: number; entry: PairEntry }> = [];
      for (const { re, list } of res) {
        if (!re) continue;
        for (const m of text.matchAll(re)) {
          const group = m.slice(1).findIndex((g) => g !== undefined);
          const entry = list[group];
          if (entry && m[0].length > 0) hits.push({ start: m.index, end: m.index + m[0].length, entry });
        }
      }
      hits.sort((a, b) => a.start - b.start || b.end - a.end);
      const out: typeof hits = [];
      for (const h of hits) if (!out.length || h.start >= out[out.length - 1]!.end) out.push(h);
      return out;
    },
  };
}

const PLACEHOLDER_RE = /ZZ\s?(\d{1,3})\s?ZZ/gi;

export interface Protected {
  text: string;
  /** Target terms, by placeholder number. */
  slots: string[];
}

/** Swaps glossary terms for placeholders the engines copy verbatim. */
export function protect(text: string, m: Matcher): Protected {
  PLACEHOLDER_RE.lastIndex = 0;
  if (PLACEHOLDER_RE.test(text)) return { text, slots: [] }; // the text already looks like ours: leave it alone
  const hits = m.find(text);
  if (hits.length === 0) return { text, slots: [] };
  let out = '';
  let pos = 0;
  const slots: string[] = [];
  for (const h of hits) {
    out += text.slice(pos, h.start) + `ZZ${slots.length}ZZ`;
    slots.push(h.entry.target);
    pos = h.end;
  }
  return { text: out + text.slice(pos), slots };
}

/** Puts the target terms back; `complete` is false when the engine lost a placeholder. */
export function restore(translated: string, slots: readonly string[]): { text: string; complete: boolean } {
  if (slots.length === 0) return { text: translated, complete: true };
  const used = new Set<number>();
  const text = translated.replace(PLACEHOLDER_RE, (whole, n: string) => {
    const i = Number(n);
    const target = slots[i];
    if (target === undefined) return whole;
    used.add(i);
    return target;
  });
  return { text, complete: used.size === slots.length };
}

/** DeepL's TSV: one `source<TAB>target` per line; terms with tabs or newlines cannot be expressed. */
export function toTsv(pair: PairGlossary): string {
  return pair.entries
    .filter((e) => !/[\t\r\n]/.test(e.source + e.target))
    .map((e) => `${e.source}\t${e.target}`)
    .join('\n');
}

/** Lines for an LLM prompt. */
export function promptLines(pair: PairGlossary): string[] {
  return pair.entries.map((e) =>
    e.source === e.target ? `- "${e.source}": keep exactly as written` : `- "${e.source}" → "${e.target}"`);
}
