import type { AccountStatus, AccountView } from '../../../shared/account-views';
import { AccountState } from '../../../shared/account-state';
import type { AccountRow } from '../../../shared/archive-views';
import { AppError } from '../app-error';
import { authorizeAdmin, type CoreContext, type HandlerMap, requireSupervisor } from '../context';

type AccountHandlers = Pick<HandlerMap,
  | 'accounts.list' | 'accounts.add' | 'accounts.rename' | 'accounts.reorder' | 'accounts.setOwner' | 'accounts.setProxy'
  | 'accounts.remove' | 'accounts.start' | 'accounts.stop' | 'accounts.hibernate' | 'accounts.wake' | 'accounts.useHere'
  | 'accounts.retry' | 'accounts.status'>;

/** The archive's row when no supervisor knows the account (archive-only window, or not started). */
function statusFromRow(row: AccountRow): AccountStatus {
  const state = AccountState.safeParse(row.state);
  return { state: state.success ? state.data : 'stopped', detail: row.stateDetail, qr: null, sync: null, retryAt: null };
}

export async function accountViews(ctx: CoreContext): Promise<AccountView[]> {
  const [rows, unread] = await Promise.all([ctx.archive.query('accounts'), ctx.archive.query('unreadByAccount')]);
  const unreadOf = new Map(unread.map((u) => [u.accountId, u.unread]));
  return rows.map((row) => {
    const status = ctx.supervisor?.status(row.id) ?? statusFromRow(row);
    return {
      id: row.id,
      label: row.label,
      phone: row.phone,
      ownerId: row.ownerId,
      ownerName: row.ownerName,
      proxy: row.proxy,
      sortOrder: row.sortOrder,
      createdAt: row.createdAt,
      state: status.state,
      detail: status.detail,
      stateChangedAt: row.stateChangedAt,
      qr: status.qr,
      sync: status.sync,
      unread: unreadOf.get(row.id) ?? 0,
    };
  });
}

async function knownAccount(ctx: CoreContext, accountId: string): Promise<AccountRow> {
  const row = (await ctx.archive.query('accounts')).find((a) => a.id === accountId);
  if (!row) throw new AppError('NOT_FOUND', `No account ${accountId}. Refresh the account list.`);
  return row;
}

export function accountHandlers(ctx: CoreContext): AccountHandlers {
  const changed = (accountId: string | null) => ctx.events.emit('accounts.changed', { accountId });
  const lifecycle = (action: 'start' | 'stop' | 'hibernate' | 'wake' | 'useHere' | 'retry') =>
    async ({ accountId }: { accountId: string }) => {
      const supervisor = requireSupervisor(ctx);
      await knownAccount(ctx, accountId);
      await supervisor[action](accountId);
    };
  return {
    'accounts.list': () => accountViews(ctx),
    'accounts.add': async ({ label, ownerId, proxy }) => {
      const supervisor = requireSupervisor(ctx);
      const { accountId } = await supervisor.addAccount({ label, ownerId: ownerId ?? null, proxy: proxy ?? null });
      changed(accountId);
      // A new account goes straight to its QR code: that is what the user added it for.
      await supervisor.start(accountId);
      return { accountId };
    },
    'accounts.rename': async ({ accountId, label }) => {
      const supervisor = requireSupervisor(ctx);
      await knownAccount(ctx, accountId);
      await supervisor.renameAccount(accountId, label);
      changed(accountId);
    },
    'accounts.reorder': async ({ accountIds }) => {
      const supervisor = requireSupervisor(ctx);
      const known = new Set((await ctx.archive.query('accounts')).map((a) => a.id));
      const unknown = accountIds.filter((id) => !known.has(id));
      if (unknown.length) throw new AppError('NOT_FOUND', `Unknown accounts: ${unknown.join(', ')}. Refresh the account list.`);
      if (new Set(accountIds).size !== accountIds.length) throw new AppError('INVALID_INPUT', 'An account appears twice in the new order.');
      await supervisor.reorderAccounts(accountIds);
      changed(null);
    },
    'accounts.setOwner': async ({ accountId, ownerId, passphrase }) => {
      const supervisor = requireSupervisor(ctx);
      const row = await knownAccount(ctx, accountId);
      if (ownerId !== null && !(await ctx.archive.query('people')).some((p) => p.id === ownerId)) {
        throw new AppError('NOT_FOUND', `No person ${ownerId}. Add them under Settings → Team first.`);
      }
      await authorizeAdmin(ctx, passphrase, 'account.setOwner', accountId, { from: row.ownerId, to: ownerId });
      await supervisor.setOwner(accountId, ownerId);
      changed(accountId);
    },
    'accounts.setProxy': async ({ accountId, proxy, passphrase }) => {
      const supervisor = requireSupervisor(ctx);
      await knownAccount(ctx, accountId);
      // The audit keeps only whether a proxy is set: its URL may hold credentials.
      await authorizeAdmin(ctx, passphrase, 'account.setProxy', accountId, { proxy: proxy === null ? 'none' : 'set' });
      await supervisor.setProxy(accountId, proxy);
      changed(accountId);
    },
    'accounts.remove': async ({ accountId, passphrase }) => {
      const supervisor = requireSupervisor(ctx);
      await knownAccount(ctx, accountId);
      await authorizeAdmin(ctx, passphrase, 'account.remove', accountId, { archiveKept: true });
      await supervisor.removeAccount(accountId);
      const layout = ctx.store.layout;
      if (layout.accountIds.includes(accountId)) {
        const next = { ...layout, accountIds: layout.accountIds.filter((id) => id !== accountId) };
        await ctx.store.saveLayout(next);
        ctx.events.emit('layout.changed', { layout: next, slots: ctx.slots });
      }
      changed(accountId);
    },
    'accounts.start': lifecycle('start'),
    'accounts.stop': lifecycle('stop'),
    'accounts.hibernate': lifecycle('hibernate'),
    'accounts.wake': lifecycle('wake'),
    'accounts.useHere': lifecycle('useHere'),
    'accounts.retry': lifecycle('retry'),
    'accounts.status': async ({ accountId }) => {
      const live = ctx.supervisor?.status(accountId);
      if (live) return live;
      const row = (await ctx.archive.query('accounts')).find((a) => a.id === accountId);
      return row ? statusFromRow(row) : null;
    },
  };
}
