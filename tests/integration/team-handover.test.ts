import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core/app';
import { staticKeyProvider } from '../../src/core/archive/key';
import { profilePaths } from '../../src/core/archive/profile';
import { callTeamHost } from '../../src/server/console/team-host';
import { createEnrollmentCode } from '../../src/server/team/accounts';
import { createUser, userById, type UserRow } from '../../src/server/team/users';
import type { AccountView } from '../../src/shared/account-views';
import type { EventName, EventPayload } from '../../src/shared/contract';
import type { CustomerHandover, OffboardReport, ReassignPlan } from '../../src/shared/team-views';
import { tempArchive } from '../helpers/archive';
import { pgRows } from '../helpers/pg';
import { useTeamServer } from '../helpers/team-server-fixture';
import { waitFor } from '../helpers/wait';

/**
 * Handover across PCs: a lead hands a rep's account to another rep in the console; the new
 * rep's PC brings it down with its whole history, the old rep's PC lets its login go, and the
 * server shows it as the new rep's at once. Offboarding does that for everything a leaving rep
 * had, revokes their PCs and disables their sign-in. Desktops here are real Cores.
 */

const team = useTeamServer();
const N1 = '8613800000301@c.us';
const N2 = '8613800000302@c.us';
const BUYER = '34600000009@c.us';

interface Desktop { core: Core; close(): Promise<void> }

async function desktop(userId: string, name: string, numbers: string[]): Promise<Desktop> {
  const { archive, dir, key } = await tempArchive();
  for (const [i, n] of numbers.entries()) {
    await archive.write([
      { op: 'createAccount', accountId: `acc-${i}`, label: `Sales ${n.slice(-5, -5 + 3)}`, partitionId: `p-${i}` },
      { op: 'patchAccount', accountId: `acc-${i}`, meId: n, phone: n.split('@')[0] },
      ...[0, 1, 2].map((k) => ({ op: 'upsertMessage' as const, accountId: `acc-${i}`, message: { id: `m-${n}-${k}`, chatId: BUYER, senderId: BUYER,
        fromMe: false, type: 'chat', body: `pedido ${k} 订单`, timestamp: 1_700_000_000_000 + k } })),
    ]);
  }
  const core = await createCore({ archive, paths: profilePaths(dir), supervisor: null, keys: staticKeyProvider(key), teamTimings: { heartbeatMs: 50 } });
  await core.call('admin.setPassphrase', { current: null, next: 'admin pass' });
  const code = await createEnrollmentCode(team.server.pool, userId, 'test');
  await core.call('team.enroll', { serverUrl: team.server.url, code, fingerprint: null, deviceName: name, passphrase: 'admin pass' });
  await until(core, 'team.state', (s) => s.state === 'synced');
  return { core, close: () => core.close() };
}

/** Resolves with the first event that passes `test` (checked as events arrive). */
function until<E extends EventName>(core: Core, event: E, test: (p: EventPayload<E>) => boolean): Promise<EventPayload<E>> {
  return new Promise((resolve) => {
    const off = core.on(event, (p) => {
      if (!test(p)) return;
      off();
      resolve(p);
    });
  });
}

/** A channel as the console calls it, as `user`. */
async function asUser<T>(user: UserRow, channel: string, input: unknown): Promise<T> {
  const r = await callTeamHost({ pool: team.server.pool, version: 'test' }, user, channel, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as T;
}
const user = async (id: string) => (await userById(async (t, v) => (await team.server.pool.query(t, v)).rows as never, id))!;

describe('handover and offboarding across PCs', () => {
  it('a lead hands an account to another rep: it comes down to their PC, the old PC lets it go, nothing is deleted', async () => {
    const pool = team.server.pool;
    const lead = await user(await createUser(pool, { login: 'lead', name: 'Lead', role: 'lead', team: 'A' }, 'test'));
    const r1 = await user(await createUser(pool, { login: 'r1', name: 'Rep One', role: 'rep', team: 'A' }, 'test'));
    const r2 = await user(await createUser(pool, { login: 'r2', name: 'Rep Two', role: 'rep', team: 'A' }, 'test'));
    const outsider = await user(await createUser(pool, { login: 'b-lead', name: 'B Lead', role: 'lead', team: 'B' }, 'test'));
    const one = await desktop(r1.id, 'r1-pc', [N1, N2]);
    const two = await desktop(r2.id, 'r2-pc', []);
    try {
      // who may: not a rep, not a lead of another team; the plan first
      await expect(asUser(r1, 'team.reassign', { accountId: N1, toUserId: r2.id, dryRun: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(asUser(outsider, 'team.reassign', { accountId: N1, toUserId: r2.id, dryRun: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const plan = await asUser<ReassignPlan>(lead, 'team.reassign', { accountId: N1, toUserId: r2.id, dryRun: true });
      expect(plan).toMatchObject({ accountId: N1, messages: 3, from: [{ id: r1.id }], to: { id: r2.id }, restoreOn: ['r2-pc'], releaseOn: ['r1-pc'] });
      expect((await asUser<AccountView[]>(r2, 'accounts.list', {})).map((a) => a.id)).toEqual([]);

      const restored = until(two.core, 'team.assignment', (a) => a.kind === 'restored');
      const released = until(one.core, 'team.assignment', (a) => a.kind === 'released');
      await asUser<ReassignPlan>(lead, 'team.reassign', { accountId: N1, toUserId: r2.id, dryRun: false });
      // the server shows it as the new rep's at once
      expect((await asUser<AccountView[]>(r2, 'accounts.list', {})).map((a) => a.id)).toEqual([N1]);
      expect((await asUser<AccountView[]>(r1, 'accounts.list', {})).map((a) => a.id)).toEqual([N2]);

      expect(await restored).toEqual({ kind: 'restored', accountIds: [N1] });
      const thread = await two.core.call('archive.threadSlice', { accountId: N1, chatId: BUYER, limit: 10 });
      expect(thread.messages.map((m) => m.waId)).toEqual([`m-${N1}-0`, `m-${N1}-1`, `m-${N1}-2`]);
      expect(await released).toEqual({ kind: 'released', accountId: N1 });
      // the old PC keeps its copy
      expect((await one.core.call('archive.threadSlice', { accountId: 'acc-0', chatId: BUYER, limit: 10 })).total).toBe(3);

      // the lead made the first rep the owner of the buyer (in the console)
      await asUser(lead, 'customers.update', { customerId: 'p:34600000009', patch: { ownerId: r1.id } });
      // the team's users are people on the PCs: the owner set in the console has a name there
      await waitFor(async () => (await two.core.call('people.list', {})).some((p) => p.id === r1.id && p.name === 'Rep One'), 'the team on the PC');
      expect((await two.core.call('people.list', {})).filter((p) => [lead.id, r1.id, r2.id].includes(p.id)).map((p) => p.name).sort())
        .toEqual(['Lead', 'Rep One', 'Rep Two']);
      const owner = async () => (await pgRows(pool, `SELECT owner_id FROM customers WHERE id = 'p:34600000009'`))[0]?.owner_id;

      // the lead hands the first rep's customers to the second (their accounts stay); a rep may not
      await expect(asUser(r1, 'team.reassignCustomers', { fromUserId: r1.id, toUserId: r2.id, dryRun: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const moving = await asUser<CustomerHandover>(lead, 'team.reassignCustomers', { fromUserId: r1.id, toUserId: r2.id, dryRun: true });
      expect(moving).toMatchObject({ from: { id: r1.id }, to: { id: r2.id }, customers: ['p:34600000009'] });
      expect(await owner()).toBe(r1.id);
      await asUser<CustomerHandover>(lead, 'team.reassignCustomers', { fromUserId: r1.id, toUserId: r2.id, dryRun: false });
      expect(await owner()).toBe(r2.id);
      await waitFor(async () => (await two.core.call('customers.get', { customerId: 'p:34600000009' })).ownerId === r2.id, 'the new owner on their PC');
      expect((await asUser<AccountView[]>(r1, 'accounts.list', {})).map((a) => a.id)).toEqual([N2]);
      expect(await pgRows(pool, `SELECT target FROM server_audit WHERE action = 'customers.reassign'`)).toEqual([{ target: r1.id }]);
      // handed back, a moment later (the owner field is latest-wins)
      await waitFor(async () => Date.now() > Number((await pgRows(pool, `SELECT max(at) AS at FROM server_audit`))[0]!.at), 'the clock to move on');
      await asUser<CustomerHandover>(lead, 'team.reassignCustomers', { fromUserId: r2.id, toUserId: r1.id, dryRun: false });
      expect(await owner()).toBe(r1.id);

      // offboarding the first rep: the rest of their accounts and their customers to the second, their PC refused, their sign-in off
      const dry = await asUser<OffboardReport>(lead, 'team.offboard', { userId: r1.id, toUserId: r2.id, dryRun: true });
      expect(dry).toMatchObject({ user: { id: r1.id }, accounts: [{ accountId: N2 }], customers: ['p:34600000009'], devicesRevoked: ['r1-pc'] });
      const revoked = until(one.core, 'team.state', (s) => s.state === 'revoked');
      const restoredN2 = until(two.core, 'team.assignment', (a) => a.kind === 'restored');
      await asUser<OffboardReport>(lead, 'team.offboard', { userId: r1.id, toUserId: r2.id, dryRun: false });
      expect((await asUser<AccountView[]>(r2, 'accounts.list', {})).map((a) => a.id).sort()).toEqual([N1, N2]);
      expect(await restoredN2).toEqual({ kind: 'restored', accountIds: [N2] });
      expect((await pgRows(pool, `SELECT owner_id FROM customers WHERE id = 'p:34600000009'`))[0]).toEqual({ owner_id: r2.id });
      // and the new owner's PC learns it too
      await waitFor(async () => (await two.core.call('customers.get', { customerId: 'p:34600000009' })).ownerId === r2.id, 'the owner on the PC');
      await revoked;
      expect((await pgRows(pool, 'SELECT disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1', [r1.id]))[0]).toEqual({ disabled: true });
      // and the remaining PCs show the person who left as no longer active
      await waitFor(async () => (await two.core.call('people.list', {})).some((p) => p.id === r1.id && !p.active), 'the leaver inactive on the PC');
      const audit = (await pgRows(pool, `SELECT action FROM server_audit WHERE action IN ('account.reassign', 'user.offboard', 'device.revoke') ORDER BY seq`))
        .map((r) => r.action);
      expect(audit).toEqual(['account.reassign', 'account.reassign', 'device.revoke', 'user.offboard']);
      // nothing was deleted on the server: every message is still there, once
      expect((await pgRows(pool, 'SELECT count(*)::int AS n FROM messages WHERE account_id = ANY($1::text[])', [[N1, N2]]))[0]).toEqual({ n: 6 });
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('a CRM edit made in the console reaches the PCs of the reps who talk to that customer; an owner created on a PC is named in the console', async () => {
    const pool = team.server.pool;
    const lead = await user(await createUser(pool, { login: 'lead-crm', name: 'Lead CRM', role: 'lead', team: 'C' }, 'test'));
    const rep = await user(await createUser(pool, { login: 'r-crm', name: 'Rep CRM', role: 'rep', team: 'C' }, 'test'));
    const pc = await desktop(rep.id, 'crm-pc', ['8613800000303@c.us']);
    try {
      const customerId = 'p:34600000009';
      // (the PC also hears of the team's people through its inbox: wait for what the edits change)
      const view = await asUser<{ stage: string | null; name: string | null }>(lead, 'customers.update',
        { customerId, patch: { stage: 'quote', name: 'Ana Pérez' } });
      expect(view).toMatchObject({ stage: 'quote', name: 'Ana Pérez' });
      await waitFor(async () => (await pc.core.call('customers.get', { customerId })).stage === 'quote', 'the stage on the PC');
      await asUser(lead, 'customers.addNote', { customerId, body: '她要 FOB 报价' });
      await waitFor(async () => (await pc.core.call('customers.get', { customerId })).notes.length > 0, 'the note on the PC');
      const onPc = await pc.core.call('customers.get', { customerId });
      expect(onPc).toMatchObject({ stage: 'quote', name: 'Ana Pérez' });
      expect(onPc.notes.map((n) => n.body)).toEqual(['她要 FOB 报价']);
      // the desktop applied it as coming from the team: nothing of it is queued to go back up
      expect((await pc.core.call('team.status', {})).replication.state).toBe('synced');

      // a person the rep created on the PC owns the customer there: the console names them too
      const { personId } = await pc.core.call('people.save', { name: 'Zhang Wei 张伟', role: 'rep', passphrase: 'admin pass' });
      await pc.core.call('customers.update', { customerId, patch: { ownerId: personId } });
      await waitFor(async () => (await asUser<{ ownerId: string | null }>(lead, 'customers.get', { customerId })).ownerId === personId,
        'the owner set on the PC in the console');
      expect(await asUser(lead, 'customers.get', { customerId })).toMatchObject({ ownerId: personId, effectiveOwnerName: 'Zhang Wei 张伟' });
      const listed = await asUser<{ items: Array<{ customerId: string; effectiveOwnerName: string | null }> }>(lead, 'customers.list', {});
      expect(listed.items.find((c) => c.customerId === customerId)?.effectiveOwnerName).toBe('Zhang Wei 张伟');
      // bad input is refused and changes nothing
      await expect(asUser(lead, 'customers.update', { customerId, patch: { stage: 'bought' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(asUser(rep, 'customers.addNote', { customerId: 'p:99999999', body: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await pc.close();
    }
  });
});
