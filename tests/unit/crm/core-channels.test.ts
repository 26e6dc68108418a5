import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src/core/app';
import { staticKeyProvider } from '../../../src/core/archive/key';
import { profilePaths } from '../../../src/core/archive/profile';
import type { ExchangeDone, ExchangeProgress } from '../../../src/shared/crm-views';
import { tempArchive } from '../../helpers/archive';
import { tempDir } from '../../helpers/temp';
import { ANA, seedWorld, T0 } from './world';

const NOW = T0 + 3 * 3600_000;

async function core(): Promise<{ core: Core; dir: string; done: ExchangeDone[]; progress: ExchangeProgress[]; changed: unknown[] }> {
  const { archive, dir, key } = await tempArchive();
  await seedWorld(archive);
  const c = await createCore({ archive, paths: profilePaths(dir), supervisor: null, keys: staticKeyProvider(key), now: () => NOW });
  const done: ExchangeDone[] = [];
  const progress: ExchangeProgress[] = [];
  const changed: unknown[] = [];
  c.on('exchange.done', (d) => done.push(d));
  c.on('exchange.progress', (p) => progress.push(p));
  c.on('crm.changed', (p) => changed.push(p));
  return { core: c, dir, done, progress, changed };
}

/** Waits for a job's exchange.done event (a condition, with a generous timeout). */
async function finished(done: ExchangeDone[], jobId: string): Promise<ExchangeDone> {
  const until = Date.now() + 30_000;
  for (;;) {
    const d = done.find((x) => x.jobId === jobId);
    if (d) return d;
    if (Date.now() > until) throw new Error(`job ${jobId} did not finish`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('issue 6 channels on the Core facade', () => {
  it('customers: list, detail with local time, edits with change events, coded errors', async () => {
    const { core: c, changed } = await core();
    const list = await c.call('customers.list', {});
    expect(list.items.map((i) => i.customerId)).toContain('p:34600000001');
    const d = await c.call('customers.update', { customerId: 'p:34600000001', patch: { timeZone: 'America/Sao_Paulo', stage: 'quote' }, by: 'rep-a' });
    expect(d.localTime).toMatchObject({ time: '08:00', offsetMinutes: -180 });
    await c.call('customers.addNote', { customerId: 'p:34600000001', body: 'VIP buyer' });
    expect(changed).toHaveLength(2);
    expect(await c.call('customers.ofChat', { accountId: 'acc-1', chatId: ANA })).toBe('p:34600000001');
    expect(await c.handle('customers.get', { customerId: 'p:404' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await c.handle('customers.update', { customerId: 'p:34600000001', patch: { timeZone: 'Mars/Base' } }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/IANA/) } });
    expect(await c.handle('customers.merge', { fromId: 'p:34600000001', intoId: 'p:34600000001' }))
      .toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const conflicts = await c.call('customers.conflicts', {});
    expect(conflicts.map((x) => x.customerId)).toEqual(['p:34600000001']);
    const team = await c.call('analytics.team', { from: T0 - 1, to: NOW });
    expect(team.accounts).toHaveLength(3);
    await c.close();
  });

  it('handover needs the admin passphrase, previews without changing anything, and audits', async () => {
    const { core: c } = await core();
    const req = { fromId: 'rep-a', toId: 'rep-c', all: true };
    const preview = await c.call('handover.plan', req);
    expect(preview.accounts.map((a) => a.accountId)).toEqual(['acc-1', 'acc-3']);
    expect(await c.handle('handover.run', { ...req, passphrase: 'whatever' })).toMatchObject({ ok: false, error: { code: 'ADMIN_PASSPHRASE_NOT_SET' } });
    await c.call('admin.setPassphrase', { current: null, next: 'admin-pass-123' });
    expect(await c.handle('handover.run', { ...req, passphrase: 'wrong-pass' })).toMatchObject({ ok: false, error: { code: 'ADMIN_PASSPHRASE_WRONG' } });
    expect((await c.call('accounts.list', {})).find((a) => a.id === 'acc-1')?.ownerId).toBe('rep-a');
    const report = await c.call('handover.run', { ...req, passphrase: 'admin-pass-123' });
    expect(report.toName).toBe('Carol');
    expect((await c.call('accounts.list', {})).find((a) => a.id === 'acc-1')?.ownerId).toBe('rep-c');
    await c.close();
  });

  it('exports and imports run as jobs with progress, a result event, cancel, and coded errors', async () => {
    const { core: c, done, progress, dir } = await core();
    const out = tempDir();
    const { jobId } = await c.call('exchange.exportChats', { format: 'csv', selection: { kind: 'chat', accountId: 'acc-1', chatId: ANA }, outDir: out });
    const ok = await finished(done, jobId);
    expect(ok).toMatchObject({ ok: true, kind: 'exportChats', messages: 2, folder: out, error: null });
    expect(existsSync(ok.files[0]!)).toBe(true);
    expect(progress.filter((p) => p.jobId === jobId).at(-1)).toMatchObject({ phase: 'finish', done: 2 });

    await c.call('admin.setPassphrase', { current: null, next: 'admin-pass-123' });
    const bad = path.join(tempDir(), 'bad.sbb');
    writeFileSync(bad, Buffer.from('SWBUNDLE\x01\x00\x00\x05nonsense', 'latin1'));
    const imp = await c.call('exchange.importBundle', { file: bad, passphrase: 'admin-pass-123' });
    expect(await finished(done, imp.jobId)).toMatchObject({ ok: false, error: { code: 'BUNDLE_INVALID' } });
    const exp = await c.call('exchange.exportBundle', { accountIds: ['acc-2'], passphrase: 'admin-pass-123' });
    const bundle = await finished(done, exp.jobId);
    expect(bundle).toMatchObject({ ok: true, messages: 2 });
    expect(path.dirname(bundle.files[0]!)).toBe(path.join(dir, 'exports'));
    expect(await c.handle('exchange.cancel', { jobId: 'gone' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await c.handle('exchange.exportBundle', { accountIds: ['acc-2'], passphrase: 'nope-nope' }))
      .toMatchObject({ ok: false, error: { code: 'ADMIN_PASSPHRASE_WRONG' } });
    await c.close();
  });
});
