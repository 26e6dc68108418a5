import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';
import type { Output } from '../../src/cli/output';
import { API_PREFIX } from '../../src/core/team/wire';
import { startLocalCluster, type LocalCluster } from '../../src/server/pg/local-cluster';
import { startTeamServer } from '../../src/server/team-server';
import { tempDir } from '../helpers/temp';

/** `switchboard server …` as IT runs it: schema and first admin, people and roles, the audit check. */

let cluster: LocalCluster;
beforeAll(async () => {
  cluster = await startLocalCluster({ dataDir: tempDir('sb-pg-', 'file'), settings: { fsync: 'off' } });
});
afterAll(async () => {
  await cluster?.stop();
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const out: Output = { line: (t) => lines.push(t), error: (t) => errors.push(t), json: (v) => lines.push(JSON.stringify(v)) };
  const code = await main(['server', ...argv, '--database-url', cluster.url], out);
  return { code, out: lines.join('\n'), err: errors.join('\n') };
}

describe('switchboard server (people and roles)', () => {
  it('initialises once, adds people, changes roles and passwords, and the audit chain holds', async () => {
    const dir = tempDir();
    const pw = (name: string, value: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, `${value}\n`);
      return file;
    };
    const init = await run('init', '--admin-password-file', pw('admin', 'admin password 1'));
    expect(init.code).toBe(0);
    expect(init.out).toMatch(/first admin created[\s\S]*enrollment code[^:]*: [A-Z2-9]{4}-/);
    expect((await run('init')).out).toMatch(/already existed/);

    expect((await run('add-user', '--login', 'lead-1', '--name', 'Lead One', '--role', 'boss')).code).toBe(2);
    expect((await run('add-user', '--login', 'lead-1', '--name', 'Lead One', '--role', 'rep', '--password-file', pw('short', 'short'))).code).toBe(2);
    const added = await run('add-user', '--login', 'lead-1', '--name', 'Lead One', '--role', 'rep', '--team', 'A');
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/lead-1 \(rep\) created\. One-time enrollment code/);
    expect((await run('add-user', '--login', 'lead-1', '--name', 'Again', '--role', 'rep')).err).toMatch(/taken/);
    expect((await run('set-role', '--login', 'lead-1', '--role', 'lead')).out).toBe('lead-1 is now lead in team A.');
    expect((await run('set-role', '--login', 'nobody', '--role', 'lead')).err).toMatch(/No user nobody/);
    expect((await run('set-password', '--login', 'lead-1', '--password-file', pw('lead', 'lead password 1'))).code).toBe(0);
    expect((await run('enroll-code', '--login', 'lead-1')).out).toMatch(/code for lead-1: [A-Z2-9]{4}-/);
    expect((await run('revoke-device', '--device', 'no-such-device')).code).toBe(1);

    const server = await startTeamServer({ databaseUrl: cluster.url, listen: { host: '127.0.0.1', port: 0 } });
    try {
      const signIn = (login: string, password: string) => fetch(`${server.url}${API_PREFIX}/session`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
      expect((await signIn('admin', 'admin password 1')).status).toBe(200);
      const lead = await signIn('lead-1', 'lead password 1');
      expect(await lead.json()).toMatchObject({ login: 'lead-1', role: 'lead', team: 'A', hasPassword: true });
    } finally {
      await server.close();
    }
    const verify = await run('verify');
    expect(verify.code).toBe(0);
    expect(verify.out).toMatch(/Audit chain intact: \d+ entries/);
  });
});
