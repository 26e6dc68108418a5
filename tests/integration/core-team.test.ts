import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/app';
import { staticKeyProvider } from '../../src/core/archive/key';
import { profilePaths } from '../../src/core/archive/profile';
import { freeLoopbackPort } from '../../src/server/pg/local-cluster';
import { createEnrollmentCode } from '../../src/server/team/accounts';
import type { ReplicationState } from '../../src/shared/team-views';
import { tempArchive } from '../helpers/archive';
import { pgRows } from '../helpers/pg';
import { useTeamServer } from '../helpers/team-server-fixture';

/**
 * Settings → Team server through the app's own channels: check the server, join with a
 * one-time code (an admin action), and from then on what the archive commits reaches the
 * team archive in PostgreSQL while `team.state` tells the window how replication stands.
 */

const team = useTeamServer();

const ME = '8613800000001@c.us';
const BUYER = '34600000001@c.us';
const message = (id: string, body: string) => ({
  op: 'upsertMessage' as const, accountId: 'acc-1', message: { id, chatId: BUYER, senderId: BUYER, fromMe: false, type: 'chat', body, timestamp: Date.now() },
});

describe('the app joins the team server', () => {
  it('checks the server, needs the admin passphrase, replicates history and what comes after, and says so', async () => {
    const { archive, dir, key } = await tempArchive();
    await archive.write([
      { op: 'createAccount', accountId: 'acc-1', label: 'Sales 1', partitionId: 'p-acc-1' },
      { op: 'patchAccount', accountId: 'acc-1', meId: ME, phone: '8613800000001' },
      message('false_before_1', 'Hola, ¿precio por 500 unidades?'),
    ]);
    const core = await createCore({ archive, paths: profilePaths(dir), supervisor: null, keys: staticKeyProvider(key) });
    const states: ReplicationState[] = [];
    const seen: Array<() => void> = [];
    core.on('team.state', (s) => {
      states.push(s);
      for (const f of seen.splice(0)) f();
    });
    /** Resolves once a synced state arrives with `body` in the team archive (checked on every state event). */
    const replicated = (body: string) => new Promise<void>((resolve, reject) => {
      const check = () => {
        void pgRows(team.server.pool, 'SELECT 1 FROM messages WHERE body = $1', [body]).then((rows) => {
          if (rows.length && states.at(-1)?.state === 'synced') resolve();
          else seen.push(check);
        }, reject);
      };
      check();
    });
    try {
      await core.call('admin.setPassphrase', { current: null, next: 'team admin pass' });
      expect(await core.call('team.status', {})).toEqual({ enrollment: null, replication: { state: 'stopped' } });

      const closed = `http://127.0.0.1:${await freeLoopbackPort()}`;
      await expect(core.call('team.preview', { serverUrl: closed })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/could not be reached/) });
      expect(await core.call('team.preview', { serverUrl: team.server.url })).toEqual({ https: false, fingerprint: null });

      const code = await createEnrollmentCode(team.server.pool, team.adminId, 'test');
      await expect(core.call('team.enroll', { serverUrl: team.server.url, code, fingerprint: null, passphrase: 'wrong' }))
        .rejects.toMatchObject({ code: 'ADMIN_PASSPHRASE_WRONG' });
      expect((await core.call('team.status', {})).enrollment).toBeNull();
      await expect(core.call('team.enroll', { serverUrl: team.server.url, code: 'NOPE-NOPE-NOPE-NOPE', fingerprint: null, passphrase: 'team admin pass' }))
        .rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/refused the enrollment/) });

      const joined = await core.call('team.enroll', { serverUrl: team.server.url, code, fingerprint: null, deviceName: 'Wang Fang laptop', passphrase: 'team admin pass' });
      expect(joined.enrollment).toMatchObject({ serverUrl: team.server.url, deviceName: 'Wang Fang laptop', fingerprint: null });
      await replicated('Hola, ¿precio por 500 unidades?');
      expect(states.map((s) => s.state)).toContain('uploading');

      await archive.write([message('false_after_1', 'Enviamos mañana')]);
      await replicated('Enviamos mañana');
      expect((await core.call('team.status', {})).replication.state).toBe('synced');
      await expect(core.call('team.enroll', { serverUrl: team.server.url, code, fingerprint: null, passphrase: 'team admin pass' }))
        .rejects.toMatchObject({ code: 'CONFLICT' });
    } finally {
      await core.close();
    }
  });

  it('a new PC of the same user restores the accounts from the team server, with progress', async () => {
    const { archive, dir, key } = await tempArchive();
    const core = await createCore({ archive, paths: profilePaths(dir), supervisor: null, keys: staticKeyProvider(key) });
    try {
      await core.call('admin.setPassphrase', { current: null, next: 'team admin pass' });
      await expect(core.call('team.restorable', {})).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/not enrolled/) });
      const code = await createEnrollmentCode(team.server.pool, team.adminId, 'test');
      await core.call('team.enroll', { serverUrl: team.server.url, code, fingerprint: null, deviceName: 'new laptop', passphrase: 'team admin pass' });
      const offered = await core.call('team.restorable', {});
      expect(offered).toEqual([expect.objectContaining({ id: ME, label: 'Sales 1', messages: 2 })]);
      const progress: string[] = [];
      core.on('team.restore', (p) => progress.push(`${p.stage} ${p.done}/${p.total}`));
      expect(await core.call('team.restore', {})).toEqual({ accounts: [ME], messages: 2, files: 0 });
      expect(progress).toContain('messages 2/2');
      expect((await core.call('accounts.list', {})).map((a) => a.id)).toContain(ME);
      const thread = await core.call('archive.threadSlice', { accountId: ME, chatId: BUYER, limit: 10 });
      expect(thread.messages.map((m) => m.body)).toEqual(['Hola, ¿precio por 500 unidades?', 'Enviamos mañana']);
    } finally {
      await core.close();
    }
  });
});
