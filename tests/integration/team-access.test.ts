import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArchiveBatch, type ArchiveOpInput } from '../../src/core/archive/operations';
import { API_PREFIX } from '../../src/core/team/wire';
import { asViewer, TABLE_ACCESS } from '../../src/server/pg/access';
import { createEnrollmentCode, enrollDevice, revokeDevice } from '../../src/server/team/accounts';
import { ingestPush } from '../../src/server/team/ingest';
import { sessionOf, SESSION_IDLE_MS, SESSION_MAX_MS } from '../../src/server/team/sessions';
import { createUser, updateUser } from '../../src/server/team/users';
import { verifyTeamServer } from '../../src/server/team-server';
import type { ChatDetail, ChatListItem, SearchResult, ThreadSlice } from '../../src/shared/archive-views';
import type { AccountView } from '../../src/shared/account-views';
import type { AppInfo } from '../../src/shared/contract';
import type { TeamOverview } from '../../src/shared/team-views';
import type { CustomerConflict, CustomerListItem, CustomerView, TeamActivity } from '../../src/shared/crm-views';
import type { InvokeResult } from '../../src/shared/errors';
import { useTeamServer } from '../helpers/team-server-fixture';

/**
 * Who may see what on the team server, through every endpoint and in PostgreSQL itself:
 * an admin sees every account, a lead their team's, a rep their own. Row-level security
 * holds even for a query with no filter at all, so a bug in our SQL cannot leak a chat.
 */

const team = useTeamServer({ media: true });
const PASSWORD = 'correct horse battery';

interface Person { id: string; login: string; cookie: string }
const people: Record<string, Person> = {};
const devices: Record<string, { deviceId: string; token: string }> = {};
const seqs: Record<string, number> = {};
/** The next outbox sequence number of a rep's PC (each push must be above the last acknowledged one). */
const nextSeq = (login: string) => (seqs[login] = (seqs[login] ?? 1) + 1);
/** Each rep's PC links one WhatsApp number; each chat has a word only it contains. */
const REPS = [
  { login: 'rep-a1', team: 'A', number: '8613800000101@c.us', word: 'alpaca' },
  { login: 'rep-a2', team: 'A', number: '8613800000102@c.us', word: 'bison' },
  { login: 'rep-b1', team: 'B', number: '8613800000201@c.us', word: 'condor' },
];
const BUYER = '34600000001@c.us';
const numberOf = (login: string) => REPS.find((r) => r.login === login)!.number;

async function api<T>(who: Person | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${team.server.url}${API_PREFIX}${path}`, {
    method,
    headers: { ...(who ? { cookie: who.cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = (await res.json()) as T & { error?: { code: string; message: string } };
  return { status: res.status, body: json, headers: res.headers };
}

/** A contract channel as the console calls it; the InvokeResult's value, or its error. */
async function call<T>(who: Person | null, channel: string, input: unknown = {}) {
  const r = await api<InvokeResult<T>>(who, 'POST', `/call/${channel}`, input);
  return { status: r.status, result: r.body };
}
const value = <T,>(r: { result: InvokeResult<T> }): T => {
  if (!r.result.ok) throw new Error(`${r.result.error.code}: ${r.result.error.message}`);
  return r.result.value;
};

async function signIn(login: string, password = PASSWORD): Promise<Person> {
  const r = await api<{ id: string }>(null, 'POST', '/session', { login, password });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const cookie = r.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  return { id: r.body.id, login, cookie: cookie.split(';')[0]! };
}

const ops = (local: string, number: string, word: string) => ArchiveBatch.parse([
  { op: 'createAccount', accountId: local, label: `Sales ${word}`, partitionId: `p-${local}` },
  { op: 'patchAccount', accountId: local, meId: number, phone: number.split('@')[0] },
  { op: 'upsertMessage', accountId: local, message: { id: `in-${word}`, chatId: BUYER, senderId: BUYER, fromMe: false, type: 'chat',
    body: `precio ${word} 报价`, timestamp: 1_700_000_000_000 } },
  { op: 'upsertMessage', accountId: local, message: { id: `out-${word}`, chatId: BUYER, senderId: null, fromMe: true, type: 'chat',
    body: `price ${word}`, timestamp: 1_700_000_001_000 } },
] satisfies ArchiveOpInput[]);

beforeAll(async () => {
  const pool = team.server.pool;
  await updateUser(pool, team.adminId, { password: PASSWORD }, 'test');
  people.admin = { id: team.adminId, login: 'admin', cookie: '' };
  for (const [login, role, t] of [['lead-a', 'lead', 'A'], ['lead-b', 'lead', 'B']] as const) {
    people[login] = { id: await createUser(pool, { login, name: login, role, team: t, password: PASSWORD }, 'test'), login, cookie: '' };
  }
  for (const r of REPS) {
    const id = await createUser(pool, { login: r.login, name: r.login, role: 'rep', team: r.team, password: PASSWORD }, 'test');
    people[r.login] = { id, login: r.login, cookie: '' };
    const d = await enrollDevice(pool, { code: await createEnrollmentCode(pool, id, 'test'), deviceName: `${r.login}-pc` });
    devices[r.login] = d;
    await ingestPush(pool, d.deviceId, [{ seq: 1, now: 1_700_000_002_000, ops: ops('local-1', r.number, r.word) }]);
  }
  for (const login of Object.keys(people)) people[login] = await signIn(login);
}, 120_000);

/** Who sees which reps' accounts. */
const SEES: Record<string, string[]> = {
  admin: ['rep-a1', 'rep-a2', 'rep-b1'],
  'lead-a': ['rep-a1', 'rep-a2'],
  'lead-b': ['rep-b1'],
  'rep-a1': ['rep-a1'],
  'rep-a2': ['rep-a2'],
  'rep-b1': ['rep-b1'],
};

describe('who may see what', () => {
  it.each(Object.keys(SEES))('%s reads, searches and exports exactly the chats of the accounts it may see', async (login) => {
    const who = people[login]!;
    const seen = SEES[login]!;
    const accounts = value(await call<AccountView[]>(who, 'accounts.list'));
    expect(accounts.map((a) => a.id).sort()).toEqual(seen.map(numberOf).sort());
    expect(accounts.every((a) => seen.map((l) => people[l]!.id).includes(a.ownerId!))).toBe(true);

    const chats = value(await call<ChatListItem[]>(who, 'archive.chatList', {}));
    expect(chats.map((c) => c.accountId).sort()).toEqual(seen.map(numberOf).sort());
    expect(chats.every((c) => c.chatId === BUYER && c.lastMessage !== null)).toBe(true);

    for (const r of REPS) {
      const visible = seen.includes(r.login);
      const chat = { accountId: r.number, chatId: BUYER };
      const detail = value(await call<ChatDetail | null>(who, 'archive.chatDetail', chat));
      expect(detail?.messageCount ?? null).toBe(visible ? 2 : null);
      // asking for a colleague's chats by account gets nothing
      expect(value(await call<ChatListItem[]>(who, 'archive.chatList', { accountIds: [r.number] }))).toHaveLength(visible ? 1 : 0);
      const thread = await call<ThreadSlice>(who, 'archive.threadSlice', { ...chat, limit: 50 });
      if (visible) expect(value(thread).messages.map((m) => m.body)).toEqual([`precio ${r.word} 报价`, `price ${r.word}`]);
      else expect(thread.result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      // its activity (the dashboard's group panel) neither
      const activity = value(await call<{ chatId: string } | null>(who, 'analytics.group', { ...chat, from: 1_600_000_000_000, to: 1_800_000_000_000, bucket: 'month' }));
      expect(activity?.chatId ?? null).toBe(visible ? BUYER : null);
      const exported = await api<{ messages: unknown[] }>(who, 'GET', `/export?accountId=${encodeURIComponent(r.number)}&chatId=${encodeURIComponent(BUYER)}`);
      expect(exported.status).toBe(visible ? 200 : 404);
      if (visible) expect(exported.body.messages).toHaveLength(2);

      // the word only this rep's chat has, also when asking for that account or chat by name
      for (const filter of [{}, { accountIds: [r.number] }, { chat }]) {
        const found = value(await call<SearchResult>(who, 'search.query', { query: r.word, ...filter }));
        expect(found.hits.map((h) => h.message.accountId)).toEqual(visible ? [r.number, r.number] : []);
      }
    }
    // the buyer every rep talks to is one customer; each sees it with the chats they may see only
    const customers = value(await call<{ items: CustomerListItem[] }>(who, 'customers.list', {}));
    expect(customers.items.map((c) => [c.customerId, [...c.accountIds].sort()])).toEqual([['p:34600000001', seen.map(numberOf).sort()]]);
    const buyer = value(await call<CustomerView>(who, 'customers.get', { customerId: 'p:34600000001' }));
    expect(buyer.members.map((m) => m.accountId).sort()).toEqual(seen.map(numberOf).sort());
    expect((await call(who, 'customers.get', { customerId: 'p:99999999999' })).result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const search = async (input: object) => value(await call<SearchResult>(who, 'search.query', { query: 'price', ...input })).hits;
    const everything = value(await call<SearchResult>(who, 'search.query', { query: '报价' }));
    expect(new Set(everything.hits.map((h) => h.message.accountId))).toEqual(new Set(seen.map(numberOf)));
    // narrowed by kind and by date
    expect(await search({ kinds: ['direct'] })).toHaveLength(seen.length);
    expect(await search({ kinds: ['group'] })).toEqual([]);
    expect(await search({ from: 1_700_000_000_500 })).toHaveLength(seen.length);
    expect(await search({ to: 1_700_000_000_500 })).toEqual([]);
    expect((await call(who, 'search.query', { query: 'price', kinds: ['nonsense'] })).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('the console is told what this host can do, and refuses the rest', async () => {
    const rep = people['rep-a1']!;
    const info = value(await call<AppInfo>(rep, 'app.info'));
    expect(info).toMatchObject({ host: 'team', liveAccounts: false, canPickPaths: false, user: { login: 'rep-a1', role: 'rep', team: 'A' } });
    expect(info.channels).toEqual(expect.arrayContaining(['accounts.list', 'archive.threadSlice', 'search.query']));
    expect(info.channels).not.toContain('accounts.add');
    expect((await call(rep, 'accounts.add', { label: 'x' })).result).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect((await call(rep, 'settings.backupNow')).result).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect((await call(rep, 'no.suchChannel')).result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect((await call(rep, 'archive.threadSlice', { accountId: numberOf('rep-a1'), chatId: BUYER, limit: 0, extra: 1 })).result)
      .toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await call(null, 'accounts.list')).status).toBe(401);
    // a lead narrows the team's inbox to one rep; a rep of another team named there gives nothing
    const lead = people['lead-a']!;
    const ofRep = value(await call<ChatListItem[]>(lead, 'archive.chatList', { ownerIds: [people['rep-a2']!.id] }));
    expect(ofRep.map((c) => [c.accountId, c.ownerName])).toEqual([[numberOf('rep-a2'), 'rep-a2']]);
    expect(value(await call<ChatListItem[]>(lead, 'archive.chatList', { ownerIds: [people['rep-b1']!.id] }))).toEqual([]);

    // the dashboard counts the team's accounts only, under the team's people
    const activity = value(await call<TeamActivity>(lead, 'analytics.team', { from: 0, to: 1_800_000_000_000 }));
    expect(activity.accounts.map((a) => a.accountId).sort()).toEqual([numberOf('rep-a1'), numberOf('rep-a2')]);
    expect(activity.reps.map((r) => r.ownerName).sort()).toEqual(['rep-a1', 'rep-a2']);
    expect(activity.accounts.every((a) => a.messagesIn === 1 && a.messagesOut === 1)).toBe(true);
    expect(value(await call<TeamActivity>(people['rep-b1']!, 'analytics.team', { from: 0, to: 1_800_000_000_000 })).accounts.map((a) => a.accountId))
      .toEqual([numberOf('rep-b1')]);
  });

  it('row-level security holds in PostgreSQL for a query with no filter, and people\'s queries cannot write', async () => {
    const pool = team.server.pool;
    const rows = await asViewer(pool, people['rep-a1']!.id, (sql) => sql<{ account_id: string }>('SELECT DISTINCT account_id FROM messages'));
    expect(rows.map((r) => r.account_id)).toEqual([numberOf('rep-a1')]);
    const search = await asViewer(pool, people['lead-a']!.id, (sql) => sql<{ account_id: string }>('SELECT DISTINCT account_id FROM message_search ORDER BY 1'));
    expect(search.map((r) => r.account_id)).toEqual([numberOf('rep-a1'), numberOf('rep-a2')]);
    await expect(asViewer(pool, people['rep-a1']!.id, (sql) => sql('SELECT * FROM users'))).rejects.toThrow(/permission denied/);
    await expect(asViewer(pool, people['rep-a1']!.id, (sql) => sql('SELECT * FROM sessions'))).rejects.toThrow(/permission denied/);
    await expect(asViewer(pool, people.admin!.id, (sql) => sql(`UPDATE messages SET body = 'x'`))).rejects.toThrow(/read-only|permission denied/);
    // nobody signed in: nothing at all
    expect(await asViewer(pool, '', (sql) => sql('SELECT * FROM accounts'))).toEqual([]);

    // every table is classified, and every readable one is guarded by a policy
    const tables = (await pool.query<{ relname: string; relrowsecurity: boolean; readable: boolean }>(`SELECT c.relname, c.relrowsecurity,
        has_table_privilege('switchboard_reader', c.oid, 'SELECT') AS readable
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`)).rows;
    for (const t of tables) {
      expect(TABLE_ACCESS[t.relname], t.relname).toBeDefined();
      if (t.readable) expect(t.relrowsecurity, t.relname).toBe(true);
      expect(t.readable, t.relname).toBe(TABLE_ACCESS[t.relname]!.by !== 'none');
    }
  });

  it('a user moved to another team, or disabled, sees accordingly at once', async () => {
    const pool = team.server.pool;
    const lead = people['lead-b']!;
    await updateUser(pool, people['rep-a2']!.id, { team: 'B' }, people.admin!.id);
    try {
      const accounts = value(await call<AccountView[]>(lead, 'accounts.list'));
      expect(accounts.map((a) => a.id).sort()).toEqual([numberOf('rep-a2'), numberOf('rep-b1')].sort());
    } finally {
      await updateUser(pool, people['rep-a2']!.id, { team: 'A' }, people.admin!.id);
    }
    const disabled = await createUser(pool, { login: 'leaver', name: 'Leaver', role: 'lead', team: 'A', password: PASSWORD }, 'test');
    const leaver = await signIn('leaver');
    expect(value(await call<unknown[]>(leaver, 'accounts.list'))).toHaveLength(2);
    await updateUser(pool, disabled, { disabled: true }, people.admin!.id);
    expect((await call(leaver, 'accounts.list')).status).toBe(401);
    expect((await api(null, 'POST', '/session', { login: 'leaver', password: PASSWORD })).status).toBe(401);
    expect(await asViewer(pool, disabled, (sql) => sql('SELECT * FROM messages'))).toEqual([]);
  });
});

describe('the team overview', () => {
  it('shows each person the viewer may see, their PCs as last heard from, and their accounts as last reported', async () => {
    const rep = devices['rep-a1']!;
    const beat = await fetch(`${team.server.url}${API_PREFIX}/heartbeat`, { method: 'POST',
      headers: { authorization: `Bearer ${rep.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pendingOps: 7, upload: { done: 10, total: 20 }, appVersion: '1.2.3' }) });
    expect(beat.status).toBe(200);
    await ingestPush(team.server.pool, rep.deviceId, [{ seq: nextSeq('rep-a1'), now: Date.now(), ops: ArchiveBatch.parse([
      { op: 'accountState', accountId: 'local-1', state: 'banned', detail: 'WhatsApp banned this number' },
      // a buyer who has waited five hours for an answer
      { op: 'upsertMessage', accountId: 'local-1', message: { id: 'waiting-1', chatId: '34600000077@c.us', senderId: '34600000077@c.us', fromMe: false,
        type: 'chat', body: '¿hay alguien?', timestamp: Date.now() - 5 * 3600_000 } },
      // and one who just wrote in a chat the rep had seen before (unread; not waiting long yet)
      { op: 'upsertMessage', accountId: 'local-1', message: { id: 'unread-1', chatId: BUYER, senderId: BUYER, fromMe: false,
        type: 'chat', body: 'one more thing', timestamp: Date.now() } },
    ] satisfies ArchiveOpInput[]) }]);

    const overview = value(await call<TeamOverview>(people['lead-a']!, 'team.overview'));
    expect(overview.users.filter((u) => !u.disabled).map((u) => u.login).sort()).toEqual(['lead-a', 'rep-a1', 'rep-a2']);
    const a1 = overview.users.find((u) => u.login === 'rep-a1')!;
    expect(a1.devices).toEqual([expect.objectContaining({ name: 'rep-a1-pc', appVersion: '1.2.3', online: true, pendingOps: 7,
      upload: { done: 10, total: 20 }, revokedAt: null })]);
    expect(a1.accounts).toEqual([expect.objectContaining({ id: numberOf('rep-a1'), state: 'banned', detail: 'WhatsApp banned this number',
      unread: 1, waiting: 1 })]);
    expect(value(await call<TeamOverview>(people['rep-b1']!, 'team.overview')).users.map((u) => u.login)).toEqual(['rep-b1']);
    expect(value(await call<TeamOverview>(people.admin!, 'team.overview')).users.length).toBeGreaterThanOrEqual(6);
    // a bad heartbeat changes nothing
    const bad = await fetch(`${team.server.url}${API_PREFIX}/heartbeat`, { method: 'POST', headers: { authorization: `Bearer ${rep.token}` },
      body: JSON.stringify({ pendingOps: -1 }) });
    expect(bad.status).toBe(400);
    expect(value(await call<TeamOverview>(people['lead-a']!, 'team.overview')).users.find((u) => u.login === 'rep-a1')!.devices[0]!.pendingOps).toBe(7);
  });
});

describe('撞单 across PCs', () => {
  it('a lead sees two of their reps talking to the same buyer; a rep does not learn of a colleague\'s chats', async () => {
    for (const login of ['rep-a1', 'rep-a2']) {
      await ingestPush(team.server.pool, devices[login]!.deviceId, [{ seq: nextSeq(login), now: Date.now(), ops: ArchiveBatch.parse([
        { op: 'upsertMessage', accountId: 'local-1', message: { id: `recent-${login}`, chatId: BUYER, senderId: null, fromMe: true, type: 'chat',
          body: 'Quotation attached', timestamp: Date.now() - 3600_000 } },
      ] satisfies ArchiveOpInput[]) }]);
    }
    const seenByLead = value(await call<CustomerConflict[]>(people['lead-a']!, 'customers.conflicts', {}));
    expect(seenByLead.map((c) => [c.customerId, c.reps.map((r) => r.ownerName).sort()])).toEqual([['p:34600000001', ['rep-a1', 'rep-a2']]]);
    expect(value(await call<CustomerConflict[]>(people['rep-a1']!, 'customers.conflicts', {}))).toEqual([]);
    expect(value(await call<CustomerConflict[]>(people['lead-b']!, 'customers.conflicts', {}))).toEqual([]);

    // the lead splits one rep's chat out of the shared customer, then merges it back
    const lead = people['lead-a']!;
    const { customerId: split } = value(await call<{ customerId: string }>(lead, 'customers.split',
      { customerId: 'p:34600000001', accountId: numberOf('rep-a2'), contactId: BUYER }));
    const listed = async () => value(await call<{ items: CustomerListItem[] }>(lead, 'customers.list', {})).items.map((c) => c.customerId)
      .filter((id) => id === split || id === 'p:34600000001').sort();
    expect(await listed()).toEqual(['p:34600000001', split].sort());
    const merged = value(await call<CustomerView>(lead, 'customers.merge', { fromId: split, intoId: 'p:34600000001' }));
    expect(merged.members.map((m) => m.accountId).sort()).toEqual([numberOf('rep-a1'), numberOf('rep-a2')].sort());
    expect(await listed()).toEqual(['p:34600000001']);
    // a rep cannot split a colleague's chat out of a customer they share
    expect((await call(people['rep-a1']!, 'customers.split', { customerId: 'p:34600000001', accountId: numberOf('rep-a2'), contactId: BUYER })).result)
      .toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('media on the team server', () => {
  it('a file is served by its hash only to people who may see a message carrying it', async () => {
    const bytes = Buffer.from('%PDF-1.4 price list for alpaca wool');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const rep = devices['rep-a1']!;
    const put = await fetch(`${team.server.url}${API_PREFIX}/media/${sha256}`, { method: 'PUT', headers: { authorization: `Bearer ${rep.token}` }, body: bytes });
    expect(put.status).toBe(200);
    await ingestPush(team.server.pool, rep.deviceId, [{ seq: nextSeq('rep-a1'), now: 1_700_000_003_000, ops: ArchiveBatch.parse([
      { op: 'media', accountId: 'local-1', messageId: 'in-alpaca', status: 'stored', sha256, mime: 'application/pdf', size: bytes.length, filename: 'prices.pdf' },
    ] satisfies ArchiveOpInput[]) }]);

    const get = (who: Person | null, hash = sha256) => fetch(`${team.server.url}${API_PREFIX}/media/${hash}`, { headers: who ? { cookie: who.cookie } : {} });
    for (const login of ['rep-a1', 'lead-a', 'admin']) {
      const res = await get(people[login]!);
      expect(res.status, login).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
      // not a type the browser may show inline: a download, in a sandbox
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition')).toBe('attachment');
      expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
    }
    for (const login of ['rep-a2', 'rep-b1', 'lead-b']) expect((await get(people[login]!)).status, login).toBe(404);
    expect((await get(null)).status).toBe(401);
    expect((await get(people.admin!, 'f'.repeat(64))).status).toBe(404);
    expect((await get(people.admin!, '../etc/passwd')).status).toBe(404);
  });
});

describe('signing in', () => {
  it('refuses wrong passwords, throttles guessing, and ends sessions on sign-out and when they expire', async () => {
    const pool = team.server.pool;
    await createUser(pool, { login: 'guessed', name: 'Guessed', role: 'rep', password: PASSWORD }, 'test');
    const wrong = await api(null, 'POST', '/session', { login: 'guessed', password: 'not it at all' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.code).toBe('LOGIN_FAILED');
    expect((await api(null, 'POST', '/session', { login: 'nobody', password: 'whatever it is' })).body.error?.code).toBe('LOGIN_FAILED');
    for (let i = 0; i < 4; i++) await api(null, 'POST', '/session', { login: 'guessed', password: `guess ${i}` });
    const throttled = await api(null, 'POST', '/session', { login: 'guessed', password: PASSWORD });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    // another login from the same address is not locked out by it
    const other = await signIn('rep-b1');

    expect((await api(other, 'GET', '/me')).body).toMatchObject({ login: 'rep-b1', role: 'rep', team: 'B' });
    expect((await api(other, 'DELETE', '/session')).status).toBe(200);
    expect((await api(other, 'GET', '/me')).status).toBe(401);
    expect((await call(null, 'accounts.list')).status).toBe(401);

    const fresh = await signIn('rep-b1');
    const token = decodeURIComponent(fresh.cookie.split('=')[1]!);
    const start = Date.now();
    expect(await sessionOf(pool, token, start + SESSION_IDLE_MS / 2)).not.toBeNull();
    // idle for longer than the idle limit since the last use
    expect(await sessionOf(pool, token, start + SESSION_IDLE_MS / 2 + SESSION_IDLE_MS + 1)).toBeNull();
    const kept = await signIn('rep-b1');
    const keptToken = decodeURIComponent(kept.cookie.split('=')[1]!);
    // used every few hours, it still ends at the hard limit
    let t = Date.now();
    while (t < start + SESSION_MAX_MS - SESSION_IDLE_MS) {
      t += SESSION_IDLE_MS / 2;
      expect(await sessionOf(pool, keptToken, t)).not.toBeNull();
    }
    expect(await sessionOf(pool, keptToken, start + SESSION_MAX_MS + 60_000)).toBeNull();
  });
});

describe('administration', () => {
  it('only admins manage users and devices; bad input gets a 4xx and changes nothing; every change is audited', async () => {
    const pool = team.server.pool;
    const admin = people.admin!;
    const lead = people['lead-a']!;
    const users = async () => (await pool.query('SELECT login, role, team FROM users ORDER BY login')).rows;
    const before = await users();

    expect((await api(lead, 'POST', '/users', { login: 'new-rep', name: 'New', role: 'rep' })).status).toBe(403);
    expect((await api(admin, 'POST', '/users', { login: 'new rep!', name: 'New', role: 'rep' })).status).toBe(400);
    expect((await api(admin, 'POST', '/users', { login: 'new-rep', name: 'New', role: 'boss' })).status).toBe(400);
    expect((await api(admin, 'POST', '/users', { login: 'new-rep', name: 'New', role: 'rep', password: 'short' })).body.error?.message).toMatch(/at least 10/);
    expect((await api(admin, 'POST', '/users', 'login=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await api(admin, 'POST', '/users', { login: 'rep-a1', name: 'Again', role: 'rep' })).status).toBe(409);
    expect((await api(admin, 'PATCH', `/users/${admin.id}`, { role: 'rep' })).body.error?.code).toBe('LAST_ADMIN');
    expect((await api(admin, 'PATCH', `/users/${admin.id}`, {})).status).toBe(400);
    expect(await users()).toEqual(before);

    const created = await api<{ id: string }>(admin, 'POST', '/users', { login: 'new-rep', name: 'New', role: 'rep', team: 'A', password: PASSWORD });
    expect(created.status).toBe(201);
    expect((await api(admin, 'PATCH', `/users/${created.body.id}`, { role: 'lead' })).body).toMatchObject({ role: 'lead', team: 'A' });
    const code = await api<{ code: string }>(admin, 'POST', `/users/${created.body.id}/enrollment-code`);
    expect(code.body.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect((await api<unknown[]>(lead, 'GET', '/users')).body.length).toBeGreaterThan(1);
    expect((await api<Array<{ login: string }>>(people['rep-a1']!, 'GET', '/users')).body.map((u) => u.login)).toEqual(['rep-a1']);

    const devices = await api<Array<{ id: string; userId: string }>>(admin, 'GET', '/devices');
    const device = devices.body.find((d) => d.userId === people['rep-b1']!.id)!;
    expect((await api(lead, 'POST', `/devices/${device.id}/revoke`)).status).toBe(403);
    expect((await api(admin, 'POST', `/devices/${device.id}/revoke`)).body).toEqual({ revoked: true });
    expect(await revokeDevice(pool, device.id, 'test')).toBe(false);

    // a lead opening and exporting a rep's chat is audited; a rep opening their own is not
    const chat = { accountId: numberOf('rep-a1'), chatId: BUYER, limit: 10 };
    const opened = (await pool.query('SELECT count(*)::int AS n FROM server_audit WHERE action = $1', ['chat.open'])).rows[0].n as number;
    value(await call(people['rep-a1']!, 'archive.threadSlice', chat));
    value(await call(lead, 'archive.threadSlice', chat));
    value(await call(lead, 'archive.threadSlice', { ...chat, offset: 0 }));
    expect((await api(lead, 'GET', `/export?accountId=${encodeURIComponent(chat.accountId)}&chatId=${encodeURIComponent(BUYER)}`)).status).toBe(200);
    const audit = (await pool.query<{ actor: string; action: string; target: string }>(`SELECT actor, action, target FROM server_audit ORDER BY seq`)).rows;
    expect(audit.filter((a) => a.action === 'chat.open').length).toBe(opened + 1);
    expect(audit.at(-2)).toMatchObject({ actor: lead.id, action: 'chat.open', target: `${numberOf('rep-a1')}/${BUYER}` });
    expect(audit.at(-1)).toMatchObject({ actor: lead.id, action: 'chat.export' });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user.create', 'user.role', 'user.team', 'user.disable',
      'enrollment.code', 'device.enroll', 'device.revoke', 'session.login']));
    expect((await api(admin, 'GET', '/audit/verify')).body).toMatchObject({ ok: true });
    expect(await verifyTeamServer(team.cluster.url)).toMatchObject({ ok: true });
  });
});
