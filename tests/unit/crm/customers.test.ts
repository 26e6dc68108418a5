import { describe, expect, it } from 'vitest';
import { CustomerService } from '../../../src/core/crm/customers';
import { localTime } from '../../../src/shared/time-zone';
import { CrmError } from '../../../src/core/crm/errors';
import { ReminderWatcher } from '../../../src/core/crm/reminders';
import type { FollowUp } from '../../../src/shared/crm-views';
import { tempArchive } from '../../helpers/archive';
import { ANA, BEN, CHEN_LID, seedWorld, T0, worldOps } from './world';

const NOW = T0 + 2 * 3600_000;
const ids = (items: Array<{ customerId: string }>) => items.map((i) => i.customerId).sort();

async function setup() {
  const t = await tempArchive();
  await seedWorld(t.archive);
  let clock = NOW;
  const svc = new CustomerService(t.archive, () => clock);
  return { ...t, svc, tick: (ms: number) => (clock += ms) };
}

describe('customers', () => {
  it('are the direct chats grouped by phone number across accounts; groups are not customers', async () => {
    const { svc } = await setup();
    const { items } = await svc.list();
    expect(ids(items)).toEqual(['p:34600000001', 'p:34600000002', 'p:8613800000003']);
    const ana = items.find((c) => c.customerId === 'p:34600000001')!;
    expect(ana).toMatchObject({ displayName: 'Ana', accountIds: ['acc-1', 'acc-2'], phones: ['34600000001'], conflict: true,
      effectiveOwnerId: null, lastMessageTs: T0 + 75 * 60_000 });
    // one owner for all of a customer's chats is its owner
    expect(items.find((c) => c.customerId === 'p:34600000002')).toMatchObject({ effectiveOwnerId: 'rep-a', effectiveOwnerName: 'Alice' });
    // the @lid chat is found through its contact's phone
    const chen = await svc.detail('p:8613800000003');
    expect(chen.members).toEqual([expect.objectContaining({ accountId: 'acc-1', contactId: CHEN_LID, via: 'phone', messages: 1 })]);
    expect(await svc.ofChat('acc-1', CHEN_LID)).toBe('p:8613800000003');
    expect(await svc.ofChat('acc-1', '120363000000000009@g.us')).toBeNull();
    expect((await svc.list({ query: 'garcía' })).items.map((c) => c.customerId)).toEqual(['p:34600000001']);
    expect((await svc.list({ query: '600 000 002' })).items.map((c) => c.customerId)).toEqual(['p:34600000002']);
  });

  it('merge shows one customer as another, survives re-sync, and can be undone', async () => {
    const { svc, archive, tick } = await setup();
    await svc.addNote('p:34600000002', 'Ben is Ana\'s colleague', 'rep-a');
    const merged = await svc.merge('p:34600000002', 'p:34600000001');
    expect(merged.members.map((m) => `${m.accountId} ${m.contactId}`).sort()).toEqual([`acc-1 ${ANA}`, `acc-2 ${ANA}`, `acc-3 ${BEN}`]);
    expect(merged.notes.map((n) => n.body)).toEqual(['Ben is Ana\'s colleague']);
    expect(merged.mergedIds).toEqual(['p:34600000001', 'p:34600000002']);
    // the merged id opens the customer it was merged into
    expect((await svc.detail('p:34600000002')).customerId).toBe('p:34600000001');
    await expect(svc.merge('p:34600000002', 'p:34600000001')).rejects.toMatchObject({ code: 'CONFLICT' });

    // re-sync: the same contacts and messages arrive again
    await archive.write(worldOps());
    expect(ids((await svc.list()).items)).toEqual(['p:34600000001', 'p:8613800000003']);

    tick(1000);
    await svc.unmerge('p:34600000001', 'p:34600000002');
    expect(ids((await svc.list()).items)).toEqual(['p:34600000001', 'p:34600000002', 'p:8613800000003']);
    expect((await svc.detail('p:34600000002')).notes).toHaveLength(1);
  });

  it('a merged customer shows, per field, the newest value set on any of its ids (owner included)', async () => {
    const { svc, tick } = await setup();
    await svc.update('p:34600000001', { ownerId: 'rep-b', company: 'García SL' });
    tick(1000);
    await svc.update('p:34600000002', { ownerId: 'rep-c' });
    tick(1000);
    await svc.merge('p:34600000002', 'p:34600000001');
    // the owner set last (on the merged-in id) wins, as every other field does; the company only one id had stays
    expect(await svc.detail('p:34600000001')).toMatchObject({ ownerId: 'rep-c', company: 'García SL' });
    tick(1000);
    await svc.update('p:34600000001', { ownerId: 'rep-a' });
    expect(await svc.detail('p:34600000001')).toMatchObject({ ownerId: 'rep-a' });
  });

  it('split takes one chat out into a customer of its own; it stays split after re-sync; unlink undoes it', async () => {
    const { svc, archive, tick } = await setup();
    const newId = await svc.split('p:34600000001', 'acc-2', ANA);
    expect(newId).toMatch(/^c:/);
    const ana = await svc.detail('p:34600000001');
    expect(ana.members.map((m) => m.accountId)).toEqual(['acc-1']);
    expect(ana.conflict).toBe(false);
    const other = await svc.detail(newId);
    expect(other).toMatchObject({ displayName: 'Ana García', effectiveOwnerId: 'rep-b', members: [expect.objectContaining({ via: 'link' })] });

    await archive.write(worldOps());
    expect((await svc.detail('p:34600000001')).members).toHaveLength(1);
    await expect(svc.split('p:34600000001', 'acc-1', ANA)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(svc.split('p:34600000001', 'acc-3', BEN)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    tick(1000);
    await svc.unlink('acc-2', ANA);
    expect((await svc.detail('p:34600000001')).members).toHaveLength(2);
  });

  it('keeps fields, tags, notes with author, stage history and follow-ups; the timeline interleaves them with messages', async () => {
    const { svc, tick } = await setup();
    await svc.update('p:34600000001', { name: 'Ana García', company: 'Textiles SL', country: 'es', timeZone: 'Europe/Madrid', language: 'es',
      stage: 'inquiry' }, 'rep-a');
    tick(60_000);
    const d = await svc.update('p:34600000001', { stage: 'quote', ownerId: 'rep-b' }, 'rep-b');
    expect(d).toMatchObject({ name: 'Ana García', company: 'Textiles SL', country: 'ES', stage: 'quote', ownerId: 'rep-b',
      effectiveOwnerName: 'Bob' });
    expect(d.stageHistory.map((s) => [s.stage, s.byName])).toEqual([['inquiry', 'Alice'], ['quote', 'Bob']]);
    await svc.setTag('p:34600000001', 'VIP', true);
    await svc.setTag('p:34600000001', '样品', true);
    tick(1);
    await svc.setTag('p:34600000001', 'VIP', false);
    await svc.addNote('p:34600000001', '  要 500 件，下周寄样  ', 'rep-a');
    const fu = await svc.addFollowUp('p:34600000001', { text: 'Send PI', dueAt: NOW + 3600_000, assigneeId: 'rep-b' }, 'rep-a');
    const after = await svc.detail('p:34600000001');
    expect(after.tags).toEqual(['样品']);
    expect(after.notes).toEqual([expect.objectContaining({ body: '要 500 件，下周寄样', authorName: 'Alice' })]);
    expect(after).toMatchObject({ openFollowUps: 1, nextDueAt: NOW + 3600_000 });
    expect((await svc.updateFollowUp('p:34600000001', fu, { done: true }, 'rep-b'))).toMatchObject({ done: true });

    const page = await svc.timeline('p:34600000001');
    expect(page.items.map((i) => i.kind === 'message' ? `${i.message.accountId}:${i.message.text}` : i.kind === 'note' ? `note:${i.note.body}` : `stage:${i.event.stage}`))
      .toEqual([
        'acc-1:Hola, ¿precio de 500 unidades?', 'acc-1:FOB Shanghai 3.2 USD', 'acc-2:Hi, need a quotation too', 'acc-2:Sure, sending it',
        'stage:inquiry', 'stage:quote', 'note:要 500 件，下周寄样',
      ]);
    // paging back: 3 newest, then the rest, nothing lost or repeated
    const newest = await svc.timeline('p:34600000001', undefined, 3);
    expect(newest.items).toHaveLength(3);
    const older = await svc.timeline('p:34600000001', newest.before!, 10);
    expect(older.items.length + newest.items.length).toBe(7);
    expect(older.before).toBeNull();

    await expect(svc.update('p:34600000001', { timeZone: 'Mars/Olympus' })).rejects.toThrow(/IANA time zone/);
    await expect(svc.update('p:34600000001', { ownerId: 'nobody' })).rejects.toBeInstanceOf(CrmError);
    await expect(svc.addNote('p:34600000001', '   ')).rejects.toThrow(/cannot be empty/);
    await expect(svc.detail('p:99999999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows the customer\'s local time from its time zone, daylight saving included', () => {
    // 2024-07-01 10:30 UTC: Madrid is UTC+2 in summer, São Paulo UTC-3, Shanghai UTC+8
    const at = Date.UTC(2024, 6, 1, 10, 30);
    expect(localTime('Europe/Madrid', at)).toMatchObject({ time: '12:30', date: '2024-07-01', offsetMinutes: 120, weekday: 1, workingHours: true });
    expect(localTime('America/Sao_Paulo', at)).toMatchObject({ time: '07:30', offsetMinutes: -180, workingHours: false });
    expect(localTime('Asia/Shanghai', Date.UTC(2024, 0, 1, 20, 0))).toMatchObject({ time: '04:00', date: '2024-01-02', offsetMinutes: 480 });
    expect(() => localTime('Nowhere/Land', at)).toThrow(/Unknown time zone/);
  });

  it('reports 撞单: two reps\' accounts talking to the same customer recently', async () => {
    const { svc, archive } = await setup();
    const conflicts = await svc.conflicts();
    expect(conflicts).toEqual([{
      customerId: 'p:34600000001', displayName: 'Ana',
      reps: [
        { ownerId: 'rep-b', ownerName: 'Bob', accountIds: ['acc-2'], lastMessageTs: T0 + 75 * 60_000 },
        { ownerId: 'rep-a', ownerName: 'Alice', accountIds: ['acc-1'], lastMessageTs: T0 + 10 * 60_000 },
      ],
    }]);
    // long ago is not a conflict
    const later = new CustomerService(archive, () => NOW + 90 * 86_400_000);
    expect(await later.conflicts()).toEqual([]);
  });

  it('reminds of each due follow-up once, again when it is moved, never when done', async () => {
    const { svc, archive, tick } = await setup();
    let clock = NOW;
    const reported: FollowUp[][] = [];
    const watcher = new ReminderWatcher(archive, (due) => reported.push(due), { clock: () => clock });
    const a = await svc.addFollowUp('p:34600000001', { text: 'Call Ana', dueAt: NOW + 1000, assigneeId: 'rep-a' });
    const b = await svc.addFollowUp('p:34600000002', { text: 'Ben sample', dueAt: NOW + 2000, assigneeId: null });
    expect(await watcher.check()).toEqual([]);
    clock = NOW + 1500;
    expect((await watcher.check()).map((f) => f.followUpId)).toEqual([a]);
    expect(await watcher.check()).toEqual([]);
    tick(10);
    await svc.updateFollowUp('p:34600000001', a, { details: { text: 'Call Ana', dueAt: NOW + 1800, assigneeId: 'rep-a' } });
    await svc.updateFollowUp('p:34600000002', b, { done: true });
    clock = NOW + 5000;
    expect((await watcher.check()).map((f) => f.followUpId)).toEqual([a]);
    expect(reported).toHaveLength(2);
  });
});
