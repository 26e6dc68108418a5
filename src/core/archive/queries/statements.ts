import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../open';

const cache = new WeakMap<Db, Map<string, Statement>>();

/** Prepared once per connection; query functions call this with literal SQL. */
export function stmt(db: Db, sql: string): Statement {
  let map = cache.get(db);
  if (!map) {
    map = new Map();
    cache.set(db, map);
  }
  let s = map.get(sql);
  if (!s) {
    s = db.prepare(sql);
    map.set(sql, s);
  }
  return s;
}
