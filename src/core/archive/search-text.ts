import { digitAlternatives, parseQuery, type SearchTerm } from './search-query';
import { digitChains, segment, wellFormed } from './search-tokenize';

export { indexText } from './search-tokenize';
export { buildMatchQuery, parseQuery } from './search-query';

/** Case and diacritic folding the way unicode61 `remove_diacritics 2` does it, near enough for highlighting. */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export interface Highlight {
  /** A window of the text around the first match (the whole text when short). */
  snippet: string;
  /** [start, end) UTF-16 offsets into `snippet`, sorted, non-overlapping. */
  ranges: Array<[number, number]>;
}

const SNIPPET_CHARS = 160;
const SNIPPET_LEAD = 40;

function termRanges(text: string, terms: readonly SearchTerm[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const segs = segment(text);
  for (const t of terms) {
    if (t.kind === 'word') {
      const needle = fold(t.text);
      for (const seg of segs) if (seg.kind === 'word' && fold(seg.text).startsWith(needle)) out.push([seg.start, seg.end]);
    } else if (t.kind === 'cjk') {
      for (let i = text.indexOf(t.text); i !== -1; i = text.indexOf(t.text, i + t.text.length)) {
        out.push([i, i + t.text.length]);
      }
    } else {
      const alts = digitAlternatives(t.groups);
      for (const chain of digitChains(text, segs)) {
        if (!alts.some((a) => chain.digits.includes(a))) continue;
        const first = segs[chain.first];
        const last = segs[chain.last];
        if (first && last) out.push([first.start, last.end]);
      }
    }
  }
  out.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of out) {
    const prev = merged[merged.length - 1];
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/**
 * Where the query's terms occur in `text`, for showing a search hit. Uses the same
 * segmentation as the index, so what is highlighted is what matched. Never throws.
 */
export function highlight(rawText: string, query: string): Highlight {
  // Match on a same-length well-formed copy, show the message as written: NFKC would turn
  // full-width punctuation (，。) into ASCII and shift every offset after it.
  const original = typeof rawText === 'string' ? rawText : '';
  const ranges = termRanges(wellFormed(original), parseQuery(query));
  const text = original;
  if (text.length <= SNIPPET_CHARS) return { snippet: text, ranges };
  const first = ranges[0]?.[0] ?? 0;
  let start = Math.max(0, first - SNIPPET_LEAD);
  // do not cut a surrogate pair in half
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? '')) start--;
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end++;
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const shift = prefix.length - start;
  const inWindow = ranges
    .filter(([a, b]) => a < end && b > start)
    .map(([a, b]): [number, number] => [Math.max(a, start) + shift, Math.min(b, end) + shift]);
  return { snippet: prefix + text.slice(start, end) + suffix, ranges: inWindow };
}
