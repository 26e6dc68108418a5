import pg from 'pg';
import { ARCHIVE_MIGRATIONS, type PgMigration } from './schema';

/**
 * Connections to the team archive. bigint columns hold Unix milliseconds and sort keys,
 * all below 2^53, so they come back as numbers (pg returns strings for int8 by default).
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** A query function bound to one connection (inside one transaction when applying). */
export type Sql = <R = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<R[]>;

export function createPool(url: string, max = 10, onError: (err: Error) => void = () => undefined): Pool {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'switchboard' });
  // An idle connection dropped by PostgreSQL (restart, failover) is an 'error' event; without
  // a listener it would end the process. The pool replaces the connection on next use.
  pool.on('error', onError);
  return pool;
}

export function sqlOf(client: PoolClient | pg.Client): Sql {
  return async <R,>(text: string, values?: unknown[]) => (await client.query(text, values)).rows as R[];
}

/** Runs `fn` in one transaction; rolled back if it throws. */
export async function inTransaction<T>(pool: Pool, fn: (sql: Sql, client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection that dies mid-transaction rejects the query in flight; its 'error' event
  // must not also end the process.
  const onError = () => undefined;
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const out = await fn(sqlOf(client), client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.off('error', onError);
    client.release();
  }
}

/** PostgreSQL gave up on this transaction to let another one through; running it again is the remedy. */
const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure

/**
 * `inTransaction`, run again (up to `attempts` times) when PostgreSQL aborts it as a deadlock
 * victim or a serialization failure (rare: each push locks its device and its accounts in a
 * fixed order, and rows of different accounts share no unique key); `fn` must only touch the database.
 */
export async function inRetriedTransaction<T>(pool: Pool, fn: (sql: Sql, client: PoolClient) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(pool, fn);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= attempts || typeof code !== 'string' || !RETRYABLE.has(code)) throw err;
    }
  }
}

const MIGRATION_LOCK = 0x5357_4244; // "SWBD": one migrator at a time across server instances

/** Brings the schema up to date; safe to run from several instances at once. */
export async function migrate(pool: Pool, migrations: readonly PgMigration[] = ARCHIVE_MIGRATIONS, table = 'schema_migrations'): Promise<number> {
  return inTransaction(pool, async (sql) => {
    await sql('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await sql(`CREATE TABLE IF NOT EXISTS ${table} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await sql<{ version: number }>(`SELECT version FROM ${table}`)).map((r) => r.version));
    let applied = 0;
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await sql(m.sql);
      await sql(`INSERT INTO ${table} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied++;
    }
    return applied;
  });
}
