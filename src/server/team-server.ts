import { readFileSync } from 'node:fs';
import { createPool, inTransaction, migrate, type Pool } from './pg/db';
import { ARCHIVE_MIGRATIONS } from './pg/schema';
import { TEAM_MIGRATIONS } from './pg/team-schema';
import { startHttp, type RunningHttp } from './http/server';
import { defaultConsoleDir } from './http/console-assets';
import { applyAccess } from './pg/access';
import { createEnrollmentCode } from './team/accounts';
import { createUser } from './team/users';
import { verifyServerAudit, type ServerAuditCheck } from './team/server-audit';

/**
 * `switchboard server`: the team archive. Configuration comes from flags and the
 * environment (SWITCHBOARD_DATABASE_URL, SWITCHBOARD_LISTEN, SWITCHBOARD_TLS_CERT/KEY,
 * SWITCHBOARD_MEDIA_DIR). Without TLS it listens on loopback only, for a reverse proxy in
 * front ("behind a reverse proxy"); it never serves plain HTTP to the network.
 */

export interface TeamServerConfig {
  databaseUrl: string;
  listen: { host: string; port: number };
  tls?: { certFile: string; keyFile: string } | null;
  behindProxy?: boolean;
  mediaDir?: string | null;
  /** Largest media file accepted (default 256 MiB). */
  mediaMaxBytes?: number;
  /** The built renderer served as the console; undefined: the build beside the server if there is one; null: none. */
  consoleDir?: string | null;
  version?: string;
  poolSize?: number;
  log?: (line: string) => void;
}

export async function migrateTeamDatabase(pool: Pool): Promise<void> {
  await migrate(pool, ARCHIVE_MIGRATIONS, 'schema_migrations');
  await migrate(pool, TEAM_MIGRATIONS, 'team_schema_migrations');
  await applyAccess(pool);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value.trim());
  const port = Number(m?.[3]);
  if (!m || !(port >= 0 && port <= 65535)) throw new Error(`--listen must look like 127.0.0.1:8443 or [::1]:8443, got "${value}".`);
  return { host: m[1] ?? m[2] ?? '127.0.0.1', port };
}

export interface RunningTeamServer {
  url: string;
  pool: Pool;
  http: RunningHttp;
  close(): Promise<void>;
}

export async function startTeamServer(c: TeamServerConfig): Promise<RunningTeamServer> {
  if (!c.tls && !c.behindProxy && !LOOPBACK.test(c.listen.host)) {
    throw new Error(`Refusing to serve plain HTTP on ${c.listen.host}: give --tls-cert and --tls-key, or --behind-proxy with a loopback --listen.`);
  }
  const pool = createPool(c.databaseUrl, c.poolSize ?? 10, (err) => c.log?.(`database connection lost: ${err.message}`));
  try {
    await migrateTeamDatabase(pool);
    const http = await startHttp({
      pool,
      listen: c.listen,
      tls: c.tls ? { cert: readFileSync(c.tls.certFile), key: readFileSync(c.tls.keyFile) } : null,
      version: c.version,
      behindProxy: !!c.behindProxy,
      log: c.log,
      mediaDir: c.mediaDir ?? null,
      consoleDir: c.consoleDir === undefined ? defaultConsoleDir() : c.consoleDir,
      ...(c.mediaMaxBytes ? { mediaMaxBytes: c.mediaMaxBytes } : {}),
    });
    return {
      url: http.url,
      pool,
      http,
      async close() {
        await http.close();
        await pool.end();
      },
    };
  } catch (err) {
    await pool.end();
    throw err;
  }
}

export interface InitResult {
  adminId: string;
  enrollmentCode: string;
  created: boolean;
}

/** Creates the schema and, on an empty server, the first admin with a one-time enrollment code. */
export async function initTeamServer(databaseUrl: string, admin: { login: string; name: string; password?: string | null }): Promise<InitResult> {
  const pool = createPool(databaseUrl, 2);
  try {
    await migrateTeamDatabase(pool);
    const existing = (await pool.query<{ id: string }>(`SELECT id FROM users WHERE role = 'admin' ORDER BY created_at LIMIT 1`)).rows[0];
    const adminId = existing?.id ?? await createUser(pool, { ...admin, role: 'admin' }, 'server-init');
    const enrollmentCode = await createEnrollmentCode(pool, adminId, 'server-init');
    return { adminId, enrollmentCode, created: !existing };
  } finally {
    await pool.end();
  }
}

export async function verifyTeamServer(databaseUrl: string): Promise<ServerAuditCheck> {
  const pool = createPool(databaseUrl, 1);
  try {
    return await inTransaction(pool, (sql) => verifyServerAudit(sql));
  } finally {
    await pool.end();
  }
}

