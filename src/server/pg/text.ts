/**
 * PostgreSQL text cannot hold NUL or an unpaired UTF-16 surrogate, both of which a message
 * may contain (the local archive keeps them: text-codec.ts). Such a string is stored as a
 * marked base64 of its UTF-16LE code units and decoded on read; every other string is
 * stored as it is. A real string that begins with the mark is encoded too, so decoding is
 * never ambiguous.
 */
const MARK = '\uF8FF\uF8FEb64:';

export function toPg(s: string): string;
export function toPg(s: string | null): string | null;
export function toPg(s: string | null): string | null {
  if (s === null) return null;
  if (s.isWellFormed() && !s.includes('\u0000') && !s.startsWith(MARK)) return s;
  return MARK + Buffer.from(s, 'utf16le').toString('base64');
}

export function fromPg(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  return s.startsWith(MARK) ? Buffer.from(s.slice(MARK.length), 'base64').toString('utf16le') : s;
}

/** Every string argument through toPg: applied to each query's parameters. */
export function pgParams(values: readonly unknown[] | undefined): unknown[] | undefined {
  return values?.map((v) => (typeof v === 'string' ? toPg(v) : v));
}
