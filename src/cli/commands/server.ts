import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startLocalCluster } from '../../server/pg/local-cluster';
import { randomBytes } from 'node:crypto';
import { PEOPLE_COMMANDS, PEOPLE_OPTIONS, PEOPLE_USAGE, peopleCommand, readPassword } from './server-people';
import { initTeamServer, parseListen, startTeamServer, verifyTeamServer } from '../../server/team-server';
import { defaultConsoleDir } from '../../server/http/console-assets';
import { parse, UsageError } from '../args';
import type { Output } from '../output';

export const SERVER_USAGE = `switchboard server init|start|trial|verify|${PEOPLE_COMMANDS.join('|')} [options]
  The team archive on PostgreSQL 15+ (company storage every rep's desktop replicates to).
  init     --database-url URL [--admin-login admin] [--admin-name NAME] [--admin-password-file FILE|-]
           creates the schema and the first admin; prints a one-time enrollment code
  start    --database-url URL [--listen 127.0.0.1:8443] [--tls-cert FILE --tls-key FILE | --behind-proxy] [--media-dir DIR]
  trial    --data DIR [--listen 127.0.0.1:8443]
           a private PostgreSQL cluster in DIR (started as the postgres user when run as root),
           initialised and served: one machine, for trying the team server out
  verify   --database-url URL            checks the server's audit chain
${PEOPLE_USAGE}
  Environment: SWITCHBOARD_DATABASE_URL, SWITCHBOARD_LISTEN, SWITCHBOARD_TLS_CERT, SWITCHBOARD_TLS_KEY, SWITCHBOARD_MEDIA_DIR.`;

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
  'admin-password-file': { type: 'string' },
  ...PEOPLE_OPTIONS,
} as const;

const env = process.env;

const consoleLine = (url: string) => (defaultConsoleDir()
  ? `Team console: open ${url}/ in a browser and sign in.`
  : 'No console build beside the server (npm run build:renderer makes one): the API serves desktops only.');

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
      const password = values['admin-password-file'] ? readPassword(values['admin-password-file']) : null;
      const r = await initTeamServer(needDb(), { login: values['admin-login'] ?? 'admin', name: values['admin-name'] ?? 'Administrator', password });
      out.line(r.created ? 'Schema ready; first admin created.' : 'Schema ready; the admin already existed.');
      if (r.created && !password) out.line(`Give the admin a password for the console: switchboard server set-password --login ${values['admin-login'] ?? 'admin'} --password-file -`);
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
      out.line(consoleLine(s.url));
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
        // a trial's admin gets a password at once, shown once, so the console can be tried too
        const password = randomBytes(12).toString('base64url');
        const init = await initTeamServer(cluster.url, { login: 'admin', name: 'Administrator', password });
        const s = await startTeamServer({ databaseUrl: cluster.url, listen: listen(), log: (l) => out.error(l), mediaDir: path.join(dataDir, 'media') });
        out.line(`Switchboard team server (trial) listening on ${s.url}; database ${cluster.url}`);
        out.line(consoleLine(s.url));
        out.line(`One-time enrollment code for a PC: ${init.enrollmentCode}`);
        if (init.created) out.line(`Console sign-in: admin / ${password} (shown once; change it with set-password).`);
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
    default:
      if ((PEOPLE_COMMANDS as readonly string[]).includes(sub ?? '')) return peopleCommand(sub as (typeof PEOPLE_COMMANDS)[number], values, needDb(), out);
      throw new UsageError(sub ? `Unknown server command "${sub}".` : `Which server command? init, start, trial, verify, ${PEOPLE_COMMANDS.join(', ')}.`);
  }
}
