import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createPool } from '../../server/pg/db';
import { startLocalCluster } from '../../server/pg/local-cluster';
import { createEnrollmentCode, createUser, revokeDevice, type Role } from '../../server/team/accounts';
import { initTeamServer, parseListen, startTeamServer, verifyTeamServer } from '../../server/team-server';
import { parse, UsageError } from '../args';
import type { Output } from '../output';

export const SERVER_USAGE = `switchboard server init|start|trial|verify|add-user|enroll-code|revoke-device [options]
  The team archive on PostgreSQL 15+ (company storage every rep's desktop replicates to).
  init     --database-url URL [--admin-login admin] [--admin-name NAME]
           creates the schema and the first admin; prints a one-time enrollment code
  start    --database-url URL [--listen 127.0.0.1:8443] [--tls-cert FILE --tls-key FILE | --behind-proxy] [--media-dir DIR]
  trial    --data DIR [--listen 127.0.0.1:8443]
           a private PostgreSQL cluster in DIR (started as the postgres user when run as root),
           initialised and served: one machine, for trying the team server out
  verify   --database-url URL            checks the server's audit chain
  add-user --database-url URL --login L --name N --role admin|lead|rep [--team T]
  enroll-code   --database-url URL --login L   a new one-time code for that user's next PC
  revoke-device --database-url URL --device ID
  Environment: SWITCHBOARD_DATABASE_URL, SWITCHBOARD_LISTEN, SWITCHBOARD_TLS_CERT, SWITCHBOARD_TLS_KEY.`;

const OPTIONS = {
  'database-url': { type: 'string' },
  listen: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'behind-proxy': { type: 'boolean' },
  data: { type: 'string' },
  'media-dir': { type: 'string' },
  'admin-login': { type: 'string' },
  'admin-name': { type: 'string' },
  login: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  team: { type: 'string' },
  device: { type: 'string' },
} as const;

const env = process.env;

/** Resolves when the process is asked to stop (Ctrl+C, systemd stop). */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

export async function serverCommand(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  const [sub] = positionals;
  const databaseUrl = values['database-url'] ?? env.SWITCHBOARD_DATABASE_URL;
  const needDb = () => {
    if (!databaseUrl) throw new UsageError('Give --database-url (or SWITCHBOARD_DATABASE_URL), e.g. postgres://switchboard@db.example:5432/switchboard');
    return databaseUrl;
  };
  const listen = () => parseListen(values.listen ?? env.SWITCHBOARD_LISTEN ?? '127.0.0.1:8443');
  switch (sub) {
    case 'init': {
      const r = await initTeamServer(needDb(), { login: values['admin-login'] ?? 'admin', name: values['admin-name'] ?? 'Administrator' });
      out.line(r.created ? 'Schema ready; first admin created.' : 'Schema ready; the admin already existed.');
      out.line(`One-time enrollment code for the admin's PC (valid 7 days): ${r.enrollmentCode}`);
      return 0;
    }
    case 'start': {
      const certFile = values['tls-cert'] ?? env.SWITCHBOARD_TLS_CERT;
      const keyFile = values['tls-key'] ?? env.SWITCHBOARD_TLS_KEY;
      if (!!certFile !== !!keyFile) throw new UsageError('--tls-cert and --tls-key go together.');
      const mediaDir = values['media-dir'] ?? env.SWITCHBOARD_MEDIA_DIR ?? null;
      const s = await startTeamServer({
        databaseUrl: needDb(), listen: listen(), tls: certFile && keyFile ? { certFile, keyFile } : null,
        behindProxy: !!values['behind-proxy'], log: (l) => out.error(l), mediaDir: mediaDir && path.resolve(mediaDir),
      });
      if (!mediaDir) out.line('No --media-dir: messages replicate, media files stay on the desktops.');
      out.line(`Switchboard team server listening on ${s.url}`);
      const sig = await untilSignal();
      out.line(`Stopping (${sig})…`);
      await s.close();
      return 0;
    }
    case 'trial': {
      if (!values.data) throw new UsageError('trial needs --data DIR (a folder for the database and its logs).');
      const dataDir = path.resolve(values.data);
      mkdirSync(dataDir, { recursive: true });
      out.line(`Starting a private PostgreSQL cluster in ${dataDir}…`);
      const cluster = await startLocalCluster({ dataDir });
      try {
        const init = await initTeamServer(cluster.url, { login: 'admin', name: 'Administrator' });
        const s = await startTeamServer({ databaseUrl: cluster.url, listen: listen(), log: (l) => out.error(l), mediaDir: path.join(dataDir, 'media') });
        out.line(`Switchboard team server (trial) listening on ${s.url}; database ${cluster.url}`);
        out.line(`One-time enrollment code for a PC: ${init.enrollmentCode}`);
        out.line('In the app: Settings → Team, enter the address and the code. Ctrl+C stops the server and the database.');
        await untilSignal();
        await s.close();
      } finally {
        await cluster.stop();
      }
      return 0;
    }
    case 'verify': {
      const r = await verifyTeamServer(needDb());
      out.line(r.ok ? `Audit chain intact: ${r.entries} entries.` : `Audit chain BROKEN at entry ${r.brokenAt}.`);
      return r.ok ? 0 : 1;
    }
    case 'add-user': {
      const role = values.role as Role | undefined;
      if (!values.login || !values.name || !role || !['admin', 'lead', 'rep'].includes(role)) {
        throw new UsageError('add-user needs --login, --name and --role admin|lead|rep.');
      }
      const pool = createPool(needDb(), 1);
      try {
        const id = await createUser(pool, { login: values.login, name: values.name, role, team: values.team ?? null }, 'cli');
        const code = await createEnrollmentCode(pool, id, 'cli');
        out.line(`User ${values.login} (${role}) created. One-time enrollment code for their PC: ${code}`);
      } finally {
        await pool.end();
      }
      return 0;
    }
    case 'enroll-code': {
      if (!values.login) throw new UsageError('enroll-code needs --login.');
      const pool = createPool(needDb(), 1);
      try {
        const row = (await pool.query<{ id: string }>('SELECT id FROM users WHERE login = $1', [values.login])).rows[0];
        if (!row) {
          out.error(`No user ${values.login}. Add them first: switchboard server add-user …`);
          return 1;
        }
        out.line(`One-time enrollment code for ${values.login}: ${await createEnrollmentCode(pool, row.id, 'cli')}`);
      } finally {
        await pool.end();
      }
      return 0;
    }
    case 'revoke-device': {
      if (!values.device) throw new UsageError('revoke-device needs --device ID.');
      const pool = createPool(needDb(), 1);
      try {
        const done = await revokeDevice(pool, values.device, 'cli');
        out.line(done ? `Device ${values.device} revoked: it is refused from now on.` : `No active device ${values.device}.`);
        return done ? 0 : 1;
      } finally {
        await pool.end();
      }
    }
    default:
      throw new UsageError(sub ? `Unknown server command "${sub}".` : 'Which server command? init, start, trial, verify, add-user, enroll-code or revoke-device.');
  }
}
