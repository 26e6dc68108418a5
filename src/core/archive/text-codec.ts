/**
 * SQLite stores TEXT as UTF-8, which cannot hold an unpaired UTF-16 surrogate: it would
 * come back as U+FFFD and the archive would no longer hold exactly what was said. The
 * rare ill-formed string is therefore stored as a UTF-16LE BLOB and turned back into the
 * same JS string on read; well-formed text stays plain TEXT (searchable, readable in SQL).
 */

export type DbText = string | Buffer;

export function toDb(s: string): DbText;
export function toDb(s: string | null): DbText | null;
export function toDb(s: string | null): DbText | null {
  if (s === null || s.isWellFormed()) return s;
  return Buffer.from(s, 'utf16le');
}

export function fromDb(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf16le');
  return String(v);
}
