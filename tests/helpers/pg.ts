import { startLocalCluster, type LocalCluster } from '../../src/server/pg/local-cluster';
import { createPool, migrate, type Pool } from '../../src/server/pg/db';
import { fromPg } from '../../src/server/pg/text';
import { fold } from '../../src/core/archive/search-text';
import { quoteLexeme } from '../../src/server/pg/search-vector';
import { tempDir } from './temp';

/** A private PostgreSQL cluster for one test file, migrated; stop() ends it. */
export interface TestPg {
  cluster: LocalCluster;
  pool: Pool;
  stop(): Promise<void>;
}

export async function startTestPg(): Promise<TestPg> {
  const cluster = await startLocalCluster({ dataDir: tempDir('sb-pg-', 'file'), settings: { fsync: 'off', full_page_writes: 'off' } });
  const pool = createPool(cluster.url, 4);
  await migrate(pool);
  return {
    cluster,
    pool,
    async stop() {
      await pool.end();
      await cluster.stop();
    },
  };
}

/** Empties every archive table (between property runs). */
export async function truncateArchive(pool: Pool): Promise<void> {
  const tables = (await pool.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`)).rows.map((r) => r.tablename);
  await pool.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

/** Rows as plain values (text codec decoded), for comparing with the local archive's rows. */
export async function pgRows(pool: Pool, sql: string, values?: unknown[]): Promise<Record<string, unknown>[]> {
  const rows = (await pool.query(sql, values)).rows as Record<string, unknown>[];
  for (const row of rows) for (const k of Object.keys(row)) if (typeof row[k] === 'string') row[k] = fromPg(row[k]);
  return rows;
}

/** PostgreSQL's counterpart of ftsHits: which messages the search index finds for each word, as a prefix. */
export async function pgFtsHits(pool: Pool, words: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const w of words) {
    const rows = await pgRows(pool, `SELECT m.wa_id FROM message_search s JOIN messages m ON m.id = s.message_id
      WHERE s.tsv @@ $1::tsquery ORDER BY m.wa_id`, [`${quoteLexeme(fold(w))}:*`]);
    out[w] = rows.map((r) => String(r.wa_id));
  }
  return out;
}
