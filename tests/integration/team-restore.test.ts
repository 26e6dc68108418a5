import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticKeyProvider } from '../../src/core/archive/key';
import { openDatabase } from '../../src/core/archive/open';
import { enroll } from '../../src/core/team/enrollment';
import { Replicator } from '../../src/core/team/replicator';
import { restoreFromTeam, type RestoreProgress } from '../../src/core/team/restore';
import { TeamHttpError, teamRequest } from '../../src/core/team/team-http';
import { createEnrollmentCode } from '../../src/server/team/accounts';
import { createUser } from '../../src/server/team/users';
import { tempArchive, type TempArchive } from '../helpers/archive';
import { pgRows } from '../helpers/pg';
import { useTeamServer } from '../helpers/team-server-fixture';
import { canonicalState, seedRich } from './exchange-fixtures';

/**
 * A rep's new PC gets their history back from the team server: the restored archive holds
 * what the old PC had of that account — messages with their edits, revokes, reactions,
 * media (with the files) and translations, contacts, groups and their members — and
 * linking the number afterwards continues the same team account without doubling anything.
 */

const team = useTeamServer({ media: true });
const NUMBER = '8613900000001@c.us';
const media = (t: TempArchive) => path.join(t.dir, 'media');

/** A profile's state for one account, with its local id replaced by the team's (the number). */
function accountState(t: TempArchive, localId: string): Record<string, unknown> {
  const all = canonicalState(t.file, t.key, media(t));
  const keep = ['chats', 'contacts', 'participants', 'participantEvents', 'snapshots', 'messages', 'pendingAcks', 'revisions', 'revocations',
    'reactions', 'messageMedia', 'sync', 'gaps', 'translations', 'prefs', 'media'] as const;
  const out: Record<string, unknown> = {};
  for (const k of keep) {
    const v = all[k];
    out[k] = Array.isArray(v)
      ? (v as Array<Record<string, unknown>>).filter((r) => r.account_id === localId).map((r) => ({ ...r, account_id: NUMBER }))
      : v;
  }
  return out;
}

const receivedAt = (t: TempArchive) => {
  const db = openDatabase(t.file, t.key, { readonly: true });
  try {
    return db.prepare(`SELECT wa_id, received_at FROM messages WHERE account_id IN ('acc-1', ?) ORDER BY wa_id`).all(NUMBER);
  } finally {
    db.close();
  }
};

async function enrolled(t: TempArchive, userId: string, name: string) {
  const code = await createEnrollmentCode(team.server.pool, userId, 'test');
  return enroll(t.archive, staticKeyProvider(t.key), { serverUrl: team.server.url, code, deviceName: name });
}

describe('restoring a rep\'s accounts on a new PC', () => {
  it('brings every account of the rep down with its whole history and files; linking the number continues the same account', async () => {
    const rep = await createUser(team.server.pool, { login: 'li', name: 'Li', role: 'rep', team: 'A' }, 'test');
    const old = await tempArchive();
    await seedRich(old.archive, media(old));
    const oldEnrollment = await enrolled(old, rep, 'old-pc');
    expect(await new Replicator({ archive: old.archive, enrollment: oldEnrollment, mediaDir: media(old) }).drain()).toMatchObject({ state: 'synced' });

    const fresh = await tempArchive();
    const enrollment = await enrolled(fresh, rep, 'new-pc');
    const queuedBefore = (await fresh.archive.query('replicationStatus')).pendingOps;
    const progress: RestoreProgress[] = [];
    const result = await restoreFromTeam({ archive: fresh.archive, enrollment, mediaDir: media(fresh), onProgress: (p) => progress.push(p) });
    expect(result.accounts).toEqual([NUMBER]);
    expect(result.files).toBe(2);
    expect(progress.at(-1)).toMatchObject({ accountId: NUMBER, index: 1, accounts: 1 });
    expect(progress.filter((p) => p.stage === 'messages').at(-1)).toMatchObject({ done: result.messages, total: result.messages });

    // the restored account equals the old PC's, row for row, files included, and keeps when each message was first stored
    expect(accountState(fresh, NUMBER)).toEqual(accountState(old, 'acc-1'));
    expect(receivedAt(fresh)).toEqual(receivedAt(old));
    // nothing that came down is queued to go back up
    expect((await fresh.archive.query('replicationStatus')).pendingOps).toBe(queuedBefore);

    // running it again changes nothing
    await restoreFromTeam({ archive: fresh.archive, enrollment, mediaDir: media(fresh) });
    expect(accountState(fresh, NUMBER)).toEqual(accountState(old, 'acc-1'));

    // the rep links the number on the new PC by QR, and new messages continue the same team account
    await fresh.archive.write([
      { op: 'patchAccount', accountId: NUMBER, meId: NUMBER, phone: '8613900000001' },
      { op: 'upsertMessage', accountId: NUMBER, message: { id: 'false_new_pc_1', chatId: '34600000001@c.us', senderId: '34600000001@c.us',
        fromMe: false, type: 'chat', body: 'hola desde el PC nuevo', timestamp: Date.now() } },
    ]);
    expect(await new Replicator({ archive: fresh.archive, enrollment, mediaDir: media(fresh) }).drain()).toMatchObject({ state: 'synced' });
    const counts = await pgRows(team.server.pool, `SELECT count(*)::int AS n, count(DISTINCT wa_id)::int AS d,
      count(*) FILTER (WHERE wa_id = 'false_new_pc_1')::int AS added FROM messages WHERE account_id = $1`, [NUMBER]);
    expect(counts[0]).toEqual({ n: result.messages + 1, d: result.messages + 1, added: 1 });
  });

  it('offers only the rep\'s own accounts; another rep\'s account cannot be brought down', async () => {
    const other = await createUser(team.server.pool, { login: 'wang', name: 'Wang', role: 'rep', team: 'A' }, 'test');
    const t = await tempArchive();
    const enrollment = await enrolled(t, other, 'wang-pc');
    const http = { serverUrl: enrollment.serverUrl, token: enrollment.token };
    expect(await teamRequest(http, 'POST', '/restore/accounts', {})).toEqual([]);
    const cursor = { stage: 'meta', chatRowIds: [], chat: 0, after: -1, done: 0, total: 0 };
    await expect(teamRequest(http, 'POST', '/restore/page', { accountId: NUMBER, cursor })).rejects.toMatchObject({ status: 404 });
    await expect(teamRequest(http, 'POST', '/restore/page', { accountId: NUMBER, cursor: { ...cursor, stage: 'sideways' } }))
      .rejects.toBeInstanceOf(TeamHttpError);
    expect((await restoreFromTeam({ archive: t.archive, enrollment, mediaDir: media(t) })).accounts).toEqual([]);
  });
});
