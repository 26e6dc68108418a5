import { readFileSync } from 'node:fs';
import { createPool, type Pool } from '../../server/pg/db';
import { createEnrollmentCode, revokeDevice } from '../../server/team/accounts';
import { createUser, updateUser, UserError, userByLogin } from '../../server/team/users';
import { PASSWORD_MIN, TEAM_ROLES, type TeamRole } from '../../shared/team-console-api';
import { UsageError } from '../args';
import type { Output } from '../output';

/** `switchboard server add-user|set-password|set-role|enroll-code|revoke-device`: people and PCs, from the server's shell. */

export const PEOPLE_USAGE = `  add-user --database-url URL --login L --name N --role admin|lead|rep [--team T] [--password-file FILE|-]
           prints a one-time enrollment code for their PC
  set-password  --database-url URL --login L --password-file FILE|-   (- reads the first line of standard input)
  set-role      --database-url URL --login L --role admin|lead|rep [--team T]
  enroll-code   --database-url URL --login L   a new one-time code for that user's next PC
  revoke-device --database-url URL --device ID`;

export const PEOPLE_OPTIONS = {
  login: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  team: { type: 'string' },
  device: { type: 'string' },
  'password-file': { type: 'string' },
} as const;

export const PEOPLE_COMMANDS = ['add-user', 'set-password', 'set-role', 'enroll-code', 'revoke-device'] as const;

type Values = { [K in keyof typeof PEOPLE_OPTIONS]?: string };

/** A password from a file or standard input (never the command line, where `ps` would show it). */
export function readPassword(file: string): string {
  const password = (readFileSync(file === '-' ? 0 : file, 'utf8').split(/\r?\n/)[0] ?? '');
  if (password.length < PASSWORD_MIN) throw new UsageError(`The password needs at least ${PASSWORD_MIN} characters.`);
  return password;
}

function role(v: Values): TeamRole {
  const r = v.role as TeamRole | undefined;
  if (!r || !TEAM_ROLES.includes(r)) throw new UsageError('Give --role admin, lead or rep.');
  return r;
}

async function withPool<T>(url: string, fn: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = createPool(url, 1);
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

export async function peopleCommand(sub: (typeof PEOPLE_COMMANDS)[number], v: Values, databaseUrl: string, out: Output): Promise<number> {
  return withPool(databaseUrl, async (pool) => {
    const user = async () => {
      if (!v.login) throw new UsageError(`${sub} needs --login.`);
      const u = await userByLogin((text, values) => pool.query(text, values).then((r) => r.rows), v.login);
      if (!u) throw new UserError('NO_SUCH_USER', `No user ${v.login}. Add them first: switchboard server add-user …`);
      return u;
    };
    try {
      switch (sub) {
        case 'add-user': {
          if (!v.login || !v.name) throw new UsageError('add-user needs --login, --name and --role admin|lead|rep.');
          const r = role(v);
          const password = v['password-file'] ? readPassword(v['password-file']) : null;
          const id = await createUser(pool, { login: v.login, name: v.name, role: r, team: v.team ?? null, password }, 'cli');
          out.line(`User ${v.login} (${r}) created${password ? ' with a password for the console' : ''}. One-time enrollment code for their PC: ${await createEnrollmentCode(pool, id, 'cli')}`);
          return 0;
        }
        case 'set-password': {
          if (!v['password-file']) throw new UsageError('set-password needs --password-file FILE (or - for standard input).');
          const u = await user();
          await updateUser(pool, u.id, { password: readPassword(v['password-file']) }, 'cli');
          out.line(`Password of ${u.login} set; their open sessions were ended.`);
          return 0;
        }
        case 'set-role': {
          const u = await user();
          const after = await updateUser(pool, u.id, { role: role(v), ...(v.team !== undefined ? { team: v.team || null } : {}) }, 'cli');
          out.line(`${after.login} is now ${after.role}${after.team ? ` in team ${after.team}` : ''}.`);
          return 0;
        }
        case 'enroll-code': {
          const u = await user();
          out.line(`One-time enrollment code for ${u.login}: ${await createEnrollmentCode(pool, u.id, 'cli')}`);
          return 0;
        }
        case 'revoke-device': {
          if (!v.device) throw new UsageError('revoke-device needs --device ID.');
          const done = await revokeDevice(pool, v.device, 'cli');
          out.line(done ? `Device ${v.device} revoked: it is refused from now on.` : `No active device ${v.device}.`);
          return done ? 0 : 1;
        }
      }
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      out.error(err.message);
      return 1;
    }
  });
}
