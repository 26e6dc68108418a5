import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Archive } from '../../../src/core/archive/archive';
import { CustomerService } from '../../../src/core/crm/customers';
import { handover, planHandover } from '../../../src/core/crm/handover';
import { offboard } from '../../../src/core/crm/offboarding';
import { verifyBundle } from '../../../src/core/exchange/bundle-import';
import { tempArchive } from '../../helpers/archive';
import { tempDir } from '../../helpers/temp';
import { seedWorld, T0 } from './world';

const NOW = T0 + 2 * 3600_000;

async function setup() {
  const t = await tempArchive();
  await seedWorld(t.archive);
  const svc = new CustomerService(t.archive, () => NOW);
  // Ana is explicitly Alice's; Alice has an open follow-up on Ben
  await svc.update('p:34600000001', { ownerId: 'rep-a', stage: 'sample' });
  await svc.addFollowUp('p:34600000002', { text: 'Ben: send sample', dueAt: NOW + 86_400_000, assigneeId: 'rep-a' });
  return { ...t, svc };
}

const owners = async (t: { archive: Archive }) =>
  Object.fromEntries((await t.archive.query('accounts')).map((a) => [a.id, a.ownerId]));

describe('handover', () => {
  it('moves everything of rep A to rep B in one step: owners, customers, follow-ups, audit log, report', async () => {
    const t = await setup();
    const report = await handover(t.archive, { fromId: 'rep-a', toId: 'rep-c', all: true, actor: 'admin' }, NOW + 60_000);
    expect(await owners(t)).toEqual({ 'acc-1': 'rep-c', 'acc-2': 'rep-b', 'acc-3': 'rep-c' });
    expect(report.accounts.map((a) => a.accountId)).toEqual(['acc-1', 'acc-3']);
    expect(report.customers.map((c) => c.customerId).sort()).toEqual(['p:34600000001', 'p:34600000002', 'p:8613800000003']);
    expect(report.openFollowUps).toEqual([expect.objectContaining({ customerId: 'p:34600000002', text: 'Ben: send sample' })]);
    expect(report.lastMessages.filter((m) => m.customerId === 'p:34600000001').map((m) => m.text))
      .toEqual(['Sure, sending it', 'Hi, need a quotation too', 'FOB Shanghai 3.2 USD']);
    expect(report).toMatchObject({ fromName: 'Alice', toName: 'Carol' });

    const ana = await t.svc.detail('p:34600000001');
    expect(ana).toMatchObject({ ownerId: 'rep-c', stage: 'sample' });
    expect((await t.svc.detail('p:34600000002')).followUps[0]).toMatchObject({ assigneeId: 'rep-c', assigneeName: 'Carol', done: false });
    expect((await t.svc.list({ ownerId: 'rep-a' })).total).toBe(0);

    const audit = await t.archive.query('auditLog', {});
    expect(audit.map((a) => `${a.action} ${a.target ?? ''}`)).toEqual(['handover rep-a→rep-c', 'account.setOwner acc-3', 'account.setOwner acc-1']);
    expect(audit[0]!.detail).toMatchObject({ from: 'rep-a', to: 'rep-c', customers: 3, followUps: 1 });
    expect((await t.archive.query('verify')).audit.ok).toBe(true);
  });

  it('hands over only the chosen accounts, and customers reached only through them', async () => {
    const t = await setup();
    const plan = await planHandover(t.archive, { fromId: 'rep-a', toId: 'rep-b', accountIds: ['acc-3'], actor: 'admin' }, NOW);
    expect(plan.report.customers.map((c) => c.customerId)).toEqual(['p:34600000002']);
    expect(await owners(t)).toEqual({ 'acc-1': 'rep-a', 'acc-2': 'rep-b', 'acc-3': 'rep-a' }); // a plan changes nothing
    await handover(t.archive, { fromId: 'rep-a', toId: 'rep-b', accountIds: ['acc-3'], actor: 'admin' }, NOW);
    expect(await owners(t)).toEqual({ 'acc-1': 'rep-a', 'acc-2': 'rep-b', 'acc-3': 'rep-b' });
    expect((await t.svc.detail('p:34600000002')).effectiveOwnerId).toBe('rep-b');
    expect((await t.svc.detail('p:34600000001')).ownerId).toBe('rep-a');
  });

  it('refuses a wrong request with a clear error and changes nothing', async () => {
    const t = await setup();
    await t.archive.write([{ op: 'upsertPerson', personId: 'rep-x', name: 'Xavier', role: 'rep', active: false }]);
    const before = await t.archive.query('auditLog', {});
    const req = { fromId: 'rep-a', toId: 'rep-b', actor: 'admin' };
    await expect(handover(t.archive, { ...req, toId: 'rep-a', all: true })).rejects.toThrow(/two different people/);
    await expect(handover(t.archive, { ...req, toId: 'nobody', all: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(handover(t.archive, { ...req, toId: 'rep-x', all: true })).rejects.toThrow(/deactivated/);
    await expect(handover(t.archive, { ...req, accountIds: ['acc-2'] })).rejects.toThrow(/does not belong/);
    await expect(handover(t.archive, { ...req, customerIds: ['p:34600000001', 'p:99'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(handover(t.archive, req)).rejects.toThrow(/Nothing to hand over/);
    expect(await t.archive.query('auditLog', {})).toEqual(before);
    expect(await owners(t)).toEqual({ 'acc-1': 'rep-a', 'acc-2': 'rep-b', 'acc-3': 'rep-a' });
  });
});

describe('offboarding', () => {
  it('reassigns everything, exports a bundle, deactivates the person, and deletes nothing', async () => {
    const t = await setup();
    await t.svc.addNote('p:34600000002', 'Ben prefers WhatsApp calls', 'rep-a');
    const statsBefore = await t.archive.query('stats');
    const file = path.join(tempDir(), 'alice.sbb');
    const result = await offboard(t.archive, { personId: 'rep-a', toId: 'rep-b', bundleFile: file, passphrase: 'correct horse battery',
      mediaDir: path.join(t.dir, 'media'), actor: 'admin' }, NOW + 60_000);

    const statsAfter = await t.archive.query('stats');
    expect({ ...statsAfter, auditEntries: 0, dbBytes: 0 }).toEqual({ ...statsBefore, auditEntries: 0, dbBytes: 0 });
    expect((await t.archive.query('people')).find((p) => p.id === 'rep-a')).toMatchObject({ active: false, name: 'Alice' });
    expect(await owners(t)).toEqual({ 'acc-1': 'rep-b', 'acc-2': 'rep-b', 'acc-3': 'rep-b' });
    expect((await t.svc.detail('p:34600000002')).notes.map((n) => [n.body, n.authorName])).toEqual([['Ben prefers WhatsApp calls', 'Alice']]);
    expect((await t.archive.query('auditLog', {}))[0]).toMatchObject({ action: 'person.offboard', target: 'rep-a' });

    expect(existsSync(file)).toBe(true);
    const v = await verifyBundle(file, 'correct horse battery');
    expect(v.manifest.selection.accountIds).toEqual(['acc-1', 'acc-3']);
    // acc-1: Ana 2, Chen, group; acc-3: Ben; and Ana's acc-2 chat, since Ana is Alice's customer
    expect(v.manifest.counts.ops.upsertMessage).toBe(7);
    expect(v.manifest.counts.ops.customerNote).toBe(1);
    expect(result.report.accounts).toHaveLength(2);
  });
});
