import { ftsText, type FtsSource } from '../../core/archive/fts-index';
import { fold } from '../../core/archive/search-text';

/**
 * The team archive indexes exactly the tokens the local archive indexes (ftsText: Chinese
 * bigrams, phone-number chains, NFKC), folded the way SQLite's unicode61 folds them, and
 * hands PostgreSQL a tsvector literal with positions: PostgreSQL's own parsers would split
 * Chinese and phone numbers differently, so they never see raw text.
 */

/** PostgreSQL keeps positions up to 16383 and lexemes up to 2046 bytes. */
const MAX_POSITION = 16_383;
const MAX_LEXEME_BYTES = 2_000;

export function quoteLexeme(token: string): string {
  return `'${token.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** The tsvector literal of a message's searchable text; '' when nothing is searchable. */
export function searchVector(src: FtsSource): string {
  const text = ftsText(src);
  if (text === '') return '';
  const positions = new Map<string, number[]>();
  let pos = 0;
  for (const raw of text.split(' ')) {
    if (raw === '') continue;
    const token = fold(raw);
    if (token === '' || Buffer.byteLength(token) > MAX_LEXEME_BYTES) continue;
    pos = Math.min(pos + 1, MAX_POSITION);
    const list = positions.get(token);
    if (list) {
      if (list.length < 256 && list[list.length - 1] !== pos) list.push(pos);
    } else positions.set(token, [pos]);
  }
  return [...positions].map(([t, ps]) => `${quoteLexeme(t)}:${ps.join(',')}`).join(' ');
}
