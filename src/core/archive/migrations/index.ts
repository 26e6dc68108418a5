import type Database from 'better-sqlite3-multiple-ciphers';
import { ArchiveError } from '../errors';
import { m001Initial } from './001-initial';
import { m002Translations } from './002-translations';
import { m003Crm } from './003-crm';
import { m004HistoryFills } from './004-history-fills';
import { m005TeamOutbox } from './005-team-outbox';
import { m006OutboxCounts } from './006-outbox-counts';

type Db = Database.Database;

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

/** Every schema change, in order. Append only; never edit a released migration. */
export const MIGRATIONS: readonly Migration[] = [m001Initial, m002Translations, m003Crm, m004HistoryFills, m005TeamOutbox, m006OutboxCounts];

export const LATEST_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Runs each pending migration in its own transaction, up to `target`. */
export function migrate(db: Db, target: number = LATEST_VERSION, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) {
    throw new ArchiveError(
      'TOO_NEW',
      `This archive was written by a newer Switchboard (schema ${current}, this build knows ${LATEST_VERSION}). Update the app.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
