import { AppError, invalidInput, toErrorData } from '../../core/app/app-error';
import { toAppError } from '../../core/app/handlers/service-errors';
import type { AccountView } from '../../shared/account-views';
import type { Person } from '../../shared/archive-views';
import { type AppInfo, type ChannelArgs, type ChannelName, type ChannelOutput, CHANNELS, isChannelName } from '../../shared/contract';
import type { InvokeResult } from '../../shared/errors';
import { asViewer } from '../pg/access';
import type { Pool, Sql } from '../pg/db';
import { pgThreadSlice } from '../pg/read/messages';
import { pgSearch } from '../pg/read/search';
import { fromPg } from '../pg/text';
import { auditChatRead } from '../team/chat-audit';
import { teamOverview } from './team-overview';
import { offboardUser, reassignAccount, reassignCustomers, ReassignError } from '../team/reassign';
import { changeUserLayout, changeUserSettings, userLayout, userSettings } from './user-prefs';
import { listUsers, type UserRow } from '../team/users';
import { personOf } from '../team/team-people';
import { AccountState } from '../../shared/account-state';
import { pgGroupActivity, pgTeamActivity } from '../pg/read/analytics';
import { TooManyBucketsError } from '../../core/archive/queries/analytics';
import { pgCustomerConflicts, pgCustomerDetail, pgCustomerList, pgCustomerTimeline } from '../pg/read/customers';
import { localTime } from '../../shared/time-zone';
import type { CustomerView } from '../../shared/crm-views';
import { CustomerService } from '../../core/crm/customers';
import { consoleCrmStore } from './console-crm';
import { pgChatDetail, pgChatList } from '../pg/read/chats';
import { pgMessageTranslations } from '../pg/read/translations';
import { normalizeLang } from '../../core/translate/languages';

/**
 * The team server as a host of the app's renderer (the lead's console in a browser): the
 * contract's channels it can serve, over the team archive in PostgreSQL. Input is checked
 * with the contract's own schemas, exactly as the desktop's IPC router does, and every read
 * runs under row-level security as the signed-in user (asViewer). Channels a team host
 * cannot serve (live WhatsApp views, QR, local files) are simply not here; `app.info` lists
 * the ones that are, and the UI shows only those.
 */

export interface Viewer {
  user: UserRow;
  pool: Pool;
  version: string;
  /** Runs reads as this user: row-level security decides what they see. */
  read<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
}

type Handlers = { [C in ChannelName]?: (input: ChannelArgs<C>, v: Viewer) => Promise<ChannelOutput<C>> };

/** What the team knows beside the archive: each account's state as its PCs last reported it, and users' names. */
async function teamFacts(pool: Pool, accountIds: string[]): Promise<{ states: Map<string, { state: AccountState; detail: string | null; at: number }>;
  names: Map<string, string>; owners: Map<string, string> }> {
  const states = (await pool.query<{ account: string; state: string | null; detail: string | null; at: number }>(
    `SELECT DISTINCT ON (team_account_id) team_account_id AS account, state, state_detail AS detail, updated_at AS at FROM device_accounts
      WHERE team_account_id = ANY($1::text[]) AND state IS NOT NULL ORDER BY team_account_id, updated_at DESC`, [accountIds])).rows;
  const names = (await pool.query<{ id: string; name: string }>('SELECT id, name FROM users')).rows;
  // whose each account is now (handed over, or linked by their PCs); the first by id when several linked it
  const owners = (await pool.query<{ account_id: string; user_id: string }>(
    'SELECT DISTINCT ON (account_id) account_id, user_id FROM sb_account_users() WHERE account_id = ANY($1::text[]) ORDER BY account_id, user_id',
    [accountIds])).rows;
  return {
    owners: new Map(owners.map((o) => [o.account_id, o.user_id])),
    states: new Map(states.map((s) => [s.account, { state: AccountState.safeParse(s.state).data ?? 'stopped', detail: s.detail, at: s.at }])),
    names: new Map(names.map((u) => [u.id, u.name])),
  };
}

/** Each visible account's current owner and the team's people, for views that name owners. */
async function teamPeople(v: Viewer, sql: Sql): Promise<{ owners: Map<string, string>; people: Array<{ id: string; name: string }> }> {
  const visible = await sql<{ id: string }>('SELECT id FROM accounts');
  const team = await teamFacts(v.pool, visible.map((a) => a.id));
  return { owners: team.owners, people: [...team.names].map(([id, name]) => ({ id, name })) };
}

async function customerView(v: Viewer, customerId: string): Promise<CustomerView> {
  const d = await v.read(async (sql) => pgCustomerDetail(sql, { customerId, now: Date.now() }, await teamPeople(v, sql)));
  if (!d) throw new AppError('NOT_FOUND', 'No such customer, or it is not yours to see.');
  return { ...d, localTime: d.timeZone ? localTime(d.timeZone, Date.now()) : null };
}

const crm = (v: Viewer) => new CustomerService(consoleCrmStore({ pool: v.pool, userId: v.user.id, read: v.read, team: (sql) => teamPeople(v, sql) }));

const reassignError = (err: unknown): never => {
  if (err instanceof ReassignError) throw new AppError(err.code, err.message);
  throw err;
};

const sqlOf = (pool: Pool): Sql => async <R,>(text: string, values?: unknown[]) => (await pool.query(text, values)).rows as R[];

const handlers: Handlers = {
  'app.info': async (_input, v): Promise<AppInfo> => ({
    canPickPaths: false,
    canMoveDataFolder: false,
    version: v.version,
    dataFolder: '',
    archiveFile: '',
    liveAccounts: false,
    host: 'team',
    channels: TEAM_CHANNELS,
    user: { id: v.user.id, login: v.user.login, name: v.user.name, role: v.user.role, team: v.user.team },
  }),

  // the person's own console preferences (language, theme, tiles)
  'settings.get': (_input, v) => userSettings(v.pool, v.user.id),
  'settings.set': (patch, v) => changeUserSettings(v.pool, v.user.id, patch),
  'layout.get': async (_input, v) => ({ layout: await userLayout(v.pool, v.user.id), slots: [] }),
  'layout.set': (layout, v) => changeUserLayout(v.pool, v.user.id, layout),

  'accounts.list': async (_input, v) => {
    const rows = await v.read((sql) => sql<{ id: string; label: unknown; phone: string | null; created_at: number }>(
      'SELECT id, label, phone, created_at FROM accounts ORDER BY label, id'));
    const team = await teamFacts(v.pool, rows.map((r) => r.id));
    return rows.map((a, i): AccountView => {
      const s = team.states.get(a.id);
      return {
        id: a.id, label: fromPg(a.label) ?? a.id, phone: a.phone, ownerId: team.owners.get(a.id) ?? null,
        ownerName: team.names.get(team.owners.get(a.id) ?? '') ?? null,
        proxy: null, sortOrder: i, createdAt: a.created_at, state: s?.state ?? 'stopped', detail: s?.detail ?? null,
        stateChangedAt: s?.at ?? null, qr: null, sync: null, unread: 0,
      };
    });
  },

  // the people of the team (owners of accounts are users here, not a PC's people)
  'people.list': async (_input, v) => (await listUsers(sqlOf(v.pool), v.user)).map((u): Person => personOf(u)),

  'archive.chatList': async (input, v) => {
    // owners here are the team's users (whose each account is now), not a PC's people
    const { ownerIds, ...rest } = input;
    let accountIds = rest.accountIds;
    if (ownerIds?.length) {
      const owned = (await v.pool.query<{ account_id: string }>('SELECT account_id FROM sb_account_users() WHERE user_id = ANY($1::text[])', [ownerIds]))
        .rows.map((r) => r.account_id);
      accountIds = accountIds ? accountIds.filter((a) => owned.includes(a)) : owned;
      if (accountIds.length === 0) return [];
    }
    const items = await v.read((sql) => pgChatList(sql, { ...rest, ...(accountIds ? { accountIds } : {}) }));
    const team = await teamFacts(v.pool, [...new Set(items.map((c) => c.accountId))]);
    return items.map((c) => {
      const owner = team.owners.get(c.accountId) ?? null;
      return { ...c, accountState: team.states.get(c.accountId)?.state ?? 'stopped', ownerId: owner, ownerName: owner ? (team.names.get(owner) ?? null) : null };
    });
  },

  'archive.chatDetail': (input, v) => v.read((sql) => pgChatDetail(sql, input)),
  // the console shows the translations the reps' PCs stored, in the viewer's language; it translates nothing itself
  'translate.prefs': async ({ accountId, chatId }, v) => {
    const lang = (await userSettings(v.pool, v.user.id)).language.startsWith('zh') ? 'zh' : 'en';
    return { accountId, chatId, chat: { autoTranslate: null, targetLang: null }, contact: null, effective: { autoTranslate: false, targetLang: lang },
      contactLanguage: null };
  },
  // the translations the reps' PCs stored, shown under the originals
  'translate.stored': ({ accountId, messageIds, lang }, v) => v.read((sql) => pgMessageTranslations(sql, { accountId, messageIds, lang: normalizeLang(lang) })),

  // customers of the chats the user may see, owned by the team's people
  'customers.list': async (input, v) => v.read(async (sql) => pgCustomerList(sql, { ...input, now: Date.now() }, await teamPeople(v, sql))),
  'customers.get': ({ customerId }, v) => customerView(v, customerId),
  'customers.timeline': async ({ customerId, before, limit }, v) => v.read(async (sql) => pgCustomerTimeline(sql,
    { customerId, ...(before !== undefined ? { before } : {}), ...(limit ? { limit } : {}) }, await teamPeople(v, sql))),
  // 撞单 across the team's PCs: one buyer, two or more of the team's people talking to them lately
  'customers.conflicts': async ({ days }, v) => v.read(async (sql) => pgCustomerConflicts(sql, { now: Date.now(), ...(days ? { days } : {}) },
    await teamPeople(v, sql))),
  // CRM edits from the console: the desktop's own service over the team archive; the edit reaches the reps' PCs too
  'customers.update': async ({ customerId, patch }, v) => {
    const d = await crm(v).update(customerId, patch, v.user.id);
    return customerView(v, d.customerId);
  },
  'customers.setTag': ({ customerId, tag, present }, v) => crm(v).setTag(customerId, tag, present),
  'customers.addNote': async ({ customerId, body }, v) => ({ noteId: await crm(v).addNote(customerId, body, v.user.id) }),
  'customers.addFollowUp': async ({ customerId, details }, v) => ({ followUpId: await crm(v).addFollowUp(customerId, details, v.user.id) }),
  'customers.merge': async ({ fromId, intoId }, v) => customerView(v, (await crm(v).merge(fromId, intoId)).customerId),
  'customers.unmerge': ({ customerId, mergedId }, v) => crm(v).unmerge(customerId, mergedId),
  'customers.split': async ({ customerId, accountId, contactId }, v) => ({ customerId: await crm(v).split(customerId, accountId, contactId) }),
  'customers.updateFollowUp': ({ customerId, followUpId, details, done }, v) =>
    crm(v).updateFollowUp(customerId, followUpId, { ...(details ? { details } : {}), ...(done !== undefined ? { done } : {}) }, v.user.id),

  // the team dashboard: each account under whose it is now, so the reps are the team's people
  'analytics.team': async (input, v) => {
    const visible = await v.read((sql) => sql<{ id: string }>('SELECT id FROM accounts'));
    const team = await teamFacts(v.pool, visible.map((a) => a.id));
    const owners = new Map([...team.owners].map(([a, u]) => [a, { id: u, name: team.names.get(u) ?? u }]));
    return v.read((sql) => pgTeamActivity(sql, { ...input, now: Date.now() }, owners));
  },

  // a group the viewer may not see reads as no such group (row-level security)
  'analytics.group': (input, v) => v.read((sql) => pgGroupActivity(sql, input)).catch((err: unknown) => {
    // too many buckets for the range, as on the desktop
    if (err instanceof TooManyBucketsError) throw new AppError('INVALID_INPUT', err.message);
    throw err;
  }),

  'team.overview': (_input, v) => teamOverview(v.pool, v.user, v.read),
  'team.reassign': ({ accountId, toUserId, dryRun }, v) => reassignAccount(v.pool, v.user, accountId, toUserId, dryRun).catch(reassignError),
  'team.offboard': ({ userId, toUserId, dryRun }, v) => offboardUser(v.pool, v.user, userId, toUserId, dryRun).catch(reassignError),
  'team.reassignCustomers': ({ fromUserId, toUserId, dryRun }, v) => reassignCustomers(v.pool, v.user, fromUserId, toUserId, dryRun).catch(reassignError),

  'archive.threadSlice': async (input, v) => {
    const slice = await v.read(async (sql) => {
      const visible = await sql('SELECT 1 FROM chats WHERE account_id = $1 AND wa_id = $2', [input.accountId, input.chatId]);
      return visible.length ? pgThreadSlice(sql, input) : null;
    });
    if (!slice) throw new AppError('NOT_FOUND', 'No such chat, or it is not yours to see.');
    // paging further into a chat already opened is not a new opening
    if (input.offset === undefined) await auditChatRead(v.pool, v.user.id, 'chat.open', input.accountId, input.chatId);
    return slice;
  },

  'search.query': async (input, v) => {
    if (input.senderId !== undefined) throw new AppError('UNSUPPORTED', 'The team archive does not search by sender yet.');
    const accountIds = input.chat ? [input.chat.accountId].filter((a) => !input.accountIds || input.accountIds.includes(a)) : input.accountIds;
    if (accountIds && accountIds.length === 0) return { hits: [], next: null };
    return v.read((sql) => pgSearch(sql, {
      query: input.query, accountIds, chatIds: input.chat ? [input.chat.chatId] : undefined, kinds: input.kinds,
      from: input.from, to: input.to, before: input.before, limit: input.limit,
    }));
  },
};

export const TEAM_CHANNELS = Object.keys(handlers).filter(isChannelName);

export interface TeamHost {
  pool: Pool;
  version: string;
  log?: (line: string) => void;
}

/** One call from the console, answered like the desktop's IPC: a result, never a rejection. */
export async function callTeamHost(host: TeamHost, user: UserRow, channel: string, input: unknown): Promise<InvokeResult<unknown>> {
  const { pool } = host;
  try {
    if (!isChannelName(channel)) throw new AppError('UNKNOWN_CHANNEL', `No channel named ${JSON.stringify(channel).slice(0, 80)}.`);
    const handler = handlers[channel] as ((args: unknown, v: Viewer) => Promise<unknown>) | undefined;
    if (!handler) throw new AppError('UNSUPPORTED', `The team console cannot do ${channel}; use the desktop app for it.`);
    const parsed = CHANNELS[channel].input.safeParse(input);
    if (!parsed.success) {
      const data = invalidInput(parsed.error);
      throw new AppError(data.code, data.message, data.issues);
    }
    const viewer: Viewer = { user, pool, version: host.version, read: (fn) => asViewer(pool, user.id, fn) };
    return { ok: true, value: await handler(parsed.data, viewer) };
  } catch (err) {
    const error = toErrorData(toAppError(err));
    if (error.code !== 'INTERNAL') return { ok: false, error };
    // the server's own failures stay in its log; the browser learns only that it failed
    host.log?.(`channel ${channel}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return { ok: false, error: { code: 'INTERNAL', message: 'The team server could not answer; try again, or ask IT to check its log.' } };
  }
}
