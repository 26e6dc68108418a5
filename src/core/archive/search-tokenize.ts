/**
 * Segmentation shared by the index side (`indexText`), the query side (`buildMatchQuery`)
 * and highlighting, so the three always agree on what a "word" is.
 *
 * The FTS table uses SQLite's unicode61 tokenizer (case folding, `remove_diacritics 2`,
 * `_` as a token character), which cannot split Chinese/Japanese/Korean text and knows
 * nothing about phone numbers. We therefore pre-segment in JS and hand SQLite a string of
 * space-separated tokens; unicode61 then only folds case and diacritics.
 *
 * Scheme:
 * - Text is made well-formed (lone surrogates become spaces) and NFKC-normalized, so
 *   full-width digits/letters, half-width katakana and ligatures match their plain forms.
 * - A "word" is a maximal run of letters, numbers, marks and `_`; runs are split where the
 *   script switches between CJK (Han, Hiragana, Katakana, Hangul) and everything else.
 * - Non-CJK words are emitted unchanged (unicode61 folds them). A word must contain a
 *   letter or digit, so SQLite never sees a token it would drop.
 * - CJK runs are emitted as overlapping bigrams plus a trailing unigram of the run's last
 *   character: 我们的报价单 → 我们 们的 的报 报价 价单 单. Every 2-character word is a token,
 *   longer words are phrases of adjacent bigrams, and a single-character query `"价"*`
 *   (prefix) finds every position: each character starts a bigram except the last of a
 *   run, which the trailing unigram covers. This costs one token per character (n tokens
 *   for n characters) and keeps bigrams adjacent, which plain bigram+unigram
 *   interleaving would not.
 * - Digit runs joined by phone separators (space, `-`, `.`, `(`, `)`) form a chain; when the
 *   chain has 7..17 digits we add its joined digits and the suffixes that drop a 1–3 digit
 *   country code (up to 5 digits after a `00` prefix): see `phoneStarts`.
 */

const CJK_CLASS = '\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}\\p{scx=Hangul}';
const WORD_CLASS = '\\p{L}\\p{N}\\p{M}_';

/** Group 1: a CJK run; group 2: a run of other word characters. Linear: one pass. */
const SEGMENT_RE = new RegExp(
  `((?:(?=[${WORD_CLASS}])[${CJK_CLASS}])+)|((?:(?![${CJK_CLASS}])[${WORD_CLASS}])+)`,
  'gu',
);
const SEARCHABLE_RE = /[\p{L}\p{N}]/u;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ASCII_DIGITS_RE = /^[0-9]+$/;
/** What may sit between two digit groups of one phone number: `+34 612-345-678`, `(555) 123`. */
const PHONE_GAP_RE = /^[ \t\-.()\u2010-\u2015\u2212]{1,3}$/;

/** Shortest digit string we treat as a (national) phone number. */
export const PHONE_MIN_DIGITS = 7;
/** Longest chain that gets phone tokens: E.164's 15 digits plus a `00` international prefix. */
export const PHONE_MAX_DIGITS = 17;

export interface Segment {
  readonly kind: 'cjk' | 'word';
  readonly text: string;
  /** UTF-16 offsets into the string that was segmented. */
  readonly start: number;
  readonly end: number;
}

export interface DigitChain {
  /** Indexes into the segment array: the chain is segments[first..last], all ASCII digits. */
  readonly first: number;
  readonly last: number;
  readonly groups: readonly string[];
  readonly digits: string;
}

/** Well-formed (lone surrogates → space) and NFKC-normalized. Never throws. */
export function sanitize(s: string): string {
  return wellFormed(s).normalize('NFKC');
}

/** Lone surrogates → space: same length, so offsets into the result are offsets into `s`. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE_RE, ' ');
}

/** Whether SQLite will see at least one token in `s` (a letter or a number). */
export function isSearchable(s: string): boolean {
  return SEARCHABLE_RE.test(s);
}

/** Splits `s` (already sanitized) into words and CJK runs. */
export function segment(s: string): Segment[] {
  const out: Segment[] = [];
  for (const m of s.matchAll(SEGMENT_RE)) {
    const text = m[0];
    out.push({ kind: m[1] === undefined ? 'word' : 'cjk', text, start: m.index, end: m.index + text.length });
  }
  return out;
}

/**
 * Maximal chains of all-digit words separated only by phone punctuation. Every all-digit
 * word belongs to exactly one chain (possibly of one group).
 */
export function digitChains(s: string, segs: readonly Segment[]): DigitChain[] {
  const chains: DigitChain[] = [];
  let i = 0;
  while (i < segs.length) {
    const seg = segs[i];
    if (!seg || seg.kind !== 'word' || !ASCII_DIGITS_RE.test(seg.text)) {
      i++;
      continue;
    }
    const groups = [seg.text];
    let last = i;
    let prev = seg;
    for (;;) {
      const next = segs[last + 1];
      if (!next || next.kind !== 'word' || !ASCII_DIGITS_RE.test(next.text)) break;
      if (!PHONE_GAP_RE.test(s.slice(prev.end, next.start))) break;
      groups.push(next.text);
      last++;
      prev = next;
    }
    chains.push({ first: i, last, groups, digits: groups.join('') });
    i = last + 1;
  }
  return chains;
}

/**
 * Offsets into a chain's joined digits at which the index holds a token starting there:
 * 0 (the full number) plus the starts after a 1–3 digit country code (2–5 after `00`),
 * as long as at least PHONE_MIN_DIGITS remain. Empty when the chain is not phone-sized.
 * Only a few suffixes rather than all of them: each suffix makes short digit queries
 * match the number, so the national-number cases are covered and nothing more.
 */
export function phoneStarts(digits: string): number[] {
  if (digits.length < PHONE_MIN_DIGITS || digits.length > PHONE_MAX_DIGITS) return [];
  const starts = [0];
  const maxSkip = digits.startsWith('00') ? 5 : 3;
  for (let p = 1; p <= maxSkip && digits.length - p >= PHONE_MIN_DIGITS; p++) starts.push(p);
  return starts;
}

function pushCjkTokens(run: string, out: string[]): void {
  const cps = Array.from(run);
  const n = cps.length;
  for (let i = 0; i + 1 < n; i++) {
    const bigram = `${cps[i] ?? ''}${cps[i + 1] ?? ''}`;
    if (isSearchable(bigram)) out.push(bigram);
  }
  const lastChar = cps[n - 1];
  if (lastChar !== undefined && isSearchable(lastChar)) out.push(lastChar);
}

/** Bigrams of a CJK run, as the query side needs them (no trailing unigram). */
export function cjkBigrams(run: string): string[] {
  const cps = Array.from(run);
  const out: string[] = [];
  for (let i = 0; i + 1 < cps.length; i++) out.push(`${cps[i] ?? ''}${cps[i + 1] ?? ''}`);
  return out;
}

function appendTokens(s: string, out: string[]): void {
  const segs = segment(s);
  const extras = new Map<number, string[]>();
  for (const chain of digitChains(s, segs)) {
    const tokens = phoneStarts(chain.digits)
      // A one-group chain's full number is already emitted as the word itself.
      .filter((p) => p > 0 || chain.groups.length > 1)
      .map((p) => chain.digits.slice(p));
    if (tokens.length > 0) extras.set(chain.last, tokens);
  }
  segs.forEach((seg, i) => {
    if (seg.kind === 'cjk') pushCjkTokens(seg.text, out);
    else if (isSearchable(seg.text)) out.push(seg.text);
    const more = extras.get(i);
    if (more) out.push(...more);
  });
}

/**
 * The string to store in `message_fts.text` for one message: body, caption, filename,
 * translations… Space-separated tokens only (no punctuation, control characters or
 * surrogates). Linear in the input size; never throws.
 */
export function indexText(parts: readonly string[]): string {
  if (!Array.isArray(parts)) return '';
  const tokens: string[] = [];
  for (const part of parts as readonly unknown[]) {
    if (typeof part !== 'string' || part.length === 0) continue;
    appendTokens(sanitize(part), tokens);
  }
  return tokens.join(' ');
}
