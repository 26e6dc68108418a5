import { cjkBigrams, digitChains, isSearchable, sanitize, segment } from './search-tokenize';

/**
 * What the user typed, split the same way `indexText` splits messages.
 * - word: a non-CJK word, matched as a token prefix (case- and diacritic-insensitive).
 * - cjk: a run of Han/kana/Hangul, matched as a substring (phrase of adjacent bigrams).
 * - digits: one or more digit groups typed as one number (`+34 612-345-678`, `2024`).
 */
export type SearchTerm =
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'cjk'; readonly text: string }
  | { readonly kind: 'digits'; readonly groups: readonly string[] };

/** Input beyond this is ignored: a pasted essay still searches by its first words. */
export const MAX_QUERY_CHARS = 1000;
/** At most this many distinct terms are ANDed. */
export const MAX_TERMS = 16;
const MAX_WORD_CHARS = 64;
const MAX_CJK_CHARS = 32;
const MAX_DIGIT_GROUPS = 12;
const MAX_GROUP_DIGITS = 24;
/** The last digit group of a phrase gets a prefix match only from this length on. */
const MIN_PHRASE_PREFIX_DIGITS = 3;
/** A leading-zero-stripped alternative (`020 7946` → `207946`) needs this many digits left. */
const MIN_STRIPPED_DIGITS = 6;

function truncateChars(s: string, max: number): string {
  const cps = Array.from(s);
  return cps.length <= max ? s : cps.slice(0, max).join('');
}

function termKey(t: SearchTerm): string {
  return t.kind === 'digits' ? `d:${t.groups.join(' ')}` : `${t.kind}:${t.text}`;
}

/** Splits user input into at most MAX_TERMS distinct terms, in typing order. Never throws. */
export function parseQuery(userInput: string): SearchTerm[] {
  if (typeof userInput !== 'string') return [];
  // Slice before sanitizing: a surrogate pair cut in half becomes a space.
  const s = sanitize(userInput.slice(0, MAX_QUERY_CHARS));
  const segs = segment(s);
  const chainAt = new Map(digitChains(s, segs).map((c) => [c.first, c]));
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  const add = (t: SearchTerm) => {
    const key = termKey(t);
    if (seen.has(key) || terms.length >= MAX_TERMS) return;
    seen.add(key);
    terms.push(t);
  };
  for (let i = 0; i < segs.length; i++) {
    const chain = chainAt.get(i);
    if (chain) {
      const groups = chain.groups.slice(0, MAX_DIGIT_GROUPS).map((g) => g.slice(0, MAX_GROUP_DIGITS));
      add({ kind: 'digits', groups });
      i = chain.last;
      continue;
    }
    const seg = segs[i];
    if (!seg || !isSearchable(seg.text)) continue;
    if (seg.kind === 'cjk') add({ kind: 'cjk', text: truncateChars(seg.text, MAX_CJK_CHARS) });
    else add({ kind: 'word', text: truncateChars(seg.text, MAX_WORD_CHARS) });
  }
  return terms;
}

/** An FTS5 string literal: the tokenizer sees its content, never query syntax. */
function quote(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** The phone alternatives of a digits term, most specific first. */
export function digitAlternatives(groups: readonly string[]): string[] {
  const joined = groups.join('');
  const alts = [joined];
  const stripped = joined.replace(/^0+/, '');
  if (stripped !== joined && stripped.length >= MIN_STRIPPED_DIGITS) alts.push(stripped);
  return alts;
}

function termExpression(t: SearchTerm): string {
  switch (t.kind) {
    case 'word':
      // Prefix on every word, not just the last: people type "prec env" for
      // "precio de envío", and a recall-heavy search suits an archive.
      return `${quote(t.text)}*`;
    case 'cjk': {
      const bigrams = cjkBigrams(t.text);
      // One character: prefix over the bigrams it starts plus trailing unigrams.
      if (bigrams.length === 0) return `${quote(t.text)}*`;
      // Two or more: adjacent bigrams; "报价单" → "报价 价单".
      return quote(bigrams.join(' '));
    }
    case 'digits': {
      // Joined digits as a prefix of the indexed phone tokens (full number or national
      // suffix), the groups as a phrase (matches however the groups were indexed even
      // when the number is too short for phone tokens), and without leading zeros
      // (trunk 0 / 00 international prefix).
      const alts = digitAlternatives(t.groups).map((d) => `${quote(d)}*`);
      if (t.groups.length > 1) {
        // A prefix on a 1–2 digit last group ("+34 6") would expand to every indexed number
        // starting with it; the joined-digits prefix above already finds those numbers.
        const last = t.groups[t.groups.length - 1] ?? '';
        alts.push(`${quote(t.groups.join(' '))}${last.length >= MIN_PHRASE_PREFIX_DIGITS ? '*' : ''}`);
      }
      return alts.length === 1 ? (alts[0] ?? '') : `(${alts.join(' OR ')})`;
    }
  }
}

/**
 * A safe FTS5 MATCH expression for whatever the user typed, or null when nothing in it is
 * searchable. Terms are ANDed; every term is a quoted string, so `AND`, `NEAR(`, `col:x`,
 * `*`, `-`, `^` and quotes are searched as words (or ignored as punctuation), never parsed.
 */
export function buildMatchQuery(userInput: string): string | null {
  const terms = parseQuery(userInput);
  if (terms.length === 0) return null;
  return terms.map(termExpression).join(' AND ');
}
