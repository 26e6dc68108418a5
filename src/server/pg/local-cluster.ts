import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A private PostgreSQL cluster in a folder of ours: the trial server (`switchboard server
 * trial`) and the tests start one with Debian's initdb/pg_ctl, on a loopback port, without
 * touching the machine's own clusters. PostgreSQL refuses to run as root, so as root the
 * binaries run as the `postgres` user, which must own the folder.
 */

export interface LocalCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
  /** Immediate shutdown: no checkpoint, like a crash; the next start recovers from WAL. */
  kill(): Promise<void>;
  start(): Promise<void>;
}

export interface LocalClusterOptions {
  /** Folder that holds the cluster; created and initialised when empty. */
  dataDir: string;
  port?: number;
  /** Folder of initdb/pg_ctl; default: the newest /usr/lib/postgresql/<major>/bin. */
  binDir?: string;
  /** Extra `-c name=value` settings for the server. */
  settings?: Record<string, string | number>;
}

export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root).filter((d) => /^\d+$/.test(d)).map(Number).filter((m) => m >= 15).sort((a, b) => b - a)
    : [];
  const major = majors[0];
  if (major === undefined) {
    throw new Error('PostgreSQL 15 or newer is not installed: run `apt-get install postgresql` (Debian), then try again.');
  }
  return join(root, String(major), 'bin');
}

/** A loopback port nobody listens on right now. */
export async function freeLoopbackPort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  await once(srv, 'close');
  return port;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
function pgCommand(bin: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

async function pgRun(bin: string, args: string[]): Promise<void> {
  const [cmd, argv] = pgCommand(bin, args);
  try {
    await run(cmd, argv, { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${bin.split('/').pop()} failed: ${(e.stderr ?? '').trim() || e.message}`);
  }
}

function postgresUid(): { uid: number; gid: number } {
  // The postgres user exists wherever Debian's postgresql package is installed.
  const st = statSync('/var/lib/postgresql');
  return { uid: st.uid, gid: st.gid };
}

export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const binDir = options.binDir ?? postgresBinDir();
  const port = options.port ?? (await freeLoopbackPort());
  const { dataDir } = options;
  const pgData = join(dataDir, 'pgdata');
  const socketDir = join(dataDir, 'socket');
  const logFile = join(dataDir, 'postgres.log');
  mkdirSync(socketDir, { recursive: true });
  if (asRoot) {
    const { uid, gid } = postgresUid();
    chownSync(dataDir, uid, gid);
    chownSync(socketDir, uid, gid);
  }
  if (!existsSync(join(pgData, 'PG_VERSION'))) {
    await pgRun(join(binDir, 'initdb'), [
      '-D', pgData, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions',
    ]);
  }
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    port,
    unix_socket_directories: socketDir,
    ...options.settings,
  };
  const serverOpts = Object.entries(settings).map(([k, v]) => `-c ${k}=${String(v)}`).join(' ');
  const pgCtl = join(binDir, 'pg_ctl');
  const start = () => pgRun(pgCtl, ['-D', pgData, '-l', logFile, '-o', serverOpts, '-w', '-t', '120', 'start']);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    start,
    stop: () => pgRun(pgCtl, ['-D', pgData, '-m', 'fast', '-w', 'stop']),
    kill: () => pgRun(pgCtl, ['-D', pgData, '-m', 'immediate', '-w', 'stop']),
  };
}
