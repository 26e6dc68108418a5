import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../../src/core/archive/archive';
import { staticKeyProvider } from '../../../src/core/archive/key';
import { putMedia } from '../../../src/core/archive/media-store';
import { profilePaths } from '../../../src/core/archive/profile';
import { type Core, createCore } from '../../../src/core/app';
import type { EventName, EventPayload } from '../../../src/shared/contract';
import { account, msg, tempArchive, track } from '../../helpers/archive';

const CHAT = '34600000001@c.us';

async function core(): Promise<{ core: Core; archive: Archive; dir: string }> {
  const { archive, dir, key } = await tempArchive();
  await archive.write([
    account('acc-1', 'Sales 1'),
    account('acc-2', 'Sales 2'),
    { op: 'accountState', accountId: 'acc-2', state: 'banned', detail: 'TOS_BLOCK' },
    { op: 'upsertChat', accountId: 'acc-1', chatId: CHAT, kind: 'direct', name: 'María' },
    msg({ body: 'Hola, ¿cuál es el precio?' }),
    msg({ body: '我们需要报价单' }),
  ], 1_600_000_000_000);
  // Core owns the archive; tempArchive's cleanup closes it again harmlessly.
  return { core: await createCore({ archive, paths: profilePaths(dir), supervisor: null, keys: staticKeyProvider(key), version: '1.2.3' }), archive, dir };
}

function collect<E extends EventName>(c: Core, event: E): Array<EventPayload<E>> {
  const out: Array<EventPayload<E>> = [];
  c.on(event, (p) => out.push(p));
  return out;
}

describe('Core facade', () => {
  it('answers unknown channels and bad input with a coded error, never a rejection', async () => {
    const { core: c } = await core();
    expect(await c.handle('nope.nothing', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const bad = await c.handle('archive.markSeen', { accountId: 'acc-1', chatId: CHAT, upTo: -5 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(bad.ok ? [] : bad.error.issues).toEqual([expect.stringContaining('upTo')]);
    expect(await c.handle('settings.set', { theme: 'pink' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await c.call('settings.get', {})).theme).toBe('system');
    await c.close();
  });

  it('lists accounts with their archived state and reads the archive', async () => {
    const { core: c } = await core();
    const accounts = await c.call('accounts.list', {});
    expect(accounts.map((a) => [a.label, a.state])).toEqual([['Sales 1', 'stopped'], ['Sales 2', 'banned']]);
    const chats = await c.call('archive.chatList', {});
    expect(chats.map((x) => x.name)).toEqual(['María']);
    const slice = await c.call('archive.threadSlice', { accountId: 'acc-1', chatId: CHAT, limit: 1 });
    expect(slice).toMatchObject({ offset: 1, total: 2 });
    expect(slice.messages.map((m) => m.text)).toEqual(['我们需要报价单']);
    const hits = await c.call('search.query', { query: 'precio' });
    expect(hits.hits.map((h) => h.message.text)).toEqual(['Hola, ¿cuál es el precio?']);
    expect(await c.call('app.info', {})).toMatchObject({ version: '1.2.3', liveAccounts: false });
    await c.close();
  });

  it('refuses lifecycle changes in an archive-only window, with nothing changed', async () => {
    const { core: c } = await core();
    expect(await c.handle('accounts.add', { label: 'New' })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_UNAVAILABLE' } });
    expect(await c.handle('accounts.start', { accountId: 'acc-1' })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_UNAVAILABLE' } });
    expect((await c.call('accounts.list', {})).length).toBe(2);
    await c.close();
  });

  it('counts unread since the chat was last seen and lowers it when marked seen', async () => {
    const { core: c } = await core();
    // both messages are newer than the chat's first sighting (the batch's `now`): unread
    expect((await c.call('archive.chatList', {}))[0]?.unread).toBe(2);
    expect(await c.call('archive.unread', {})).toEqual([{ accountId: 'acc-1', unread: 2 }]);
    expect((await c.call('accounts.list', {})).map((a) => a.unread)).toEqual([2, 0]);
    const unreadEvents = collect(c, 'unread.changed');
    const seen = await c.call('archive.markSeen', { accountId: 'acc-1', chatId: CHAT, upTo: Date.now() });
    expect(seen).toEqual({ accountId: 'acc-1', chatId: CHAT, chatUnread: 0, accountUnread: 0 });
    expect(unreadEvents).toEqual([seen]);
    await c.close();
  });

  it('keeps settings and layout across restarts and emits their changes', async () => {
    const { archive, dir, key } = await tempArchive();
    let c = await createCore({ archive, paths: profilePaths(dir), supervisor: null, keys: staticKeyProvider(key) });
    const changes = collect(c, 'settings.changed');
    const layouts = collect(c, 'layout.changed');
    await c.call('settings.set', { language: 'en', hibernation: { idleMinutes: 45 } });
    expect(changes.at(-1)).toMatchObject({ language: 'en', hibernation: { enabled: true, idleMinutes: 45 } });
    await c.call('layout.set', { mode: '2x2', accountIds: ['a', 'b', 'a'], colSizes: [0.3, 0.7], rowSizes: [0.5], blur: true, review: false });
    expect(layouts.at(-1)?.layout).toMatchObject({ accountIds: ['a', 'b'], colSizes: [0.3, 0.7], rowSizes: [] });
    await c.call('layout.reportSlots', { slots: [{ accountId: 'a', x: 0, y: 0, width: 10, height: 10 }] });
    expect(layouts.at(-1)?.slots).toHaveLength(1);
    expect(await c.handle('layout.reportSlots', { slots: [
      { accountId: 'a', x: 0, y: 0, width: 1, height: 1 }, { accountId: 'a', x: 5, y: 0, width: 1, height: 1 },
    ] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await c.close();
    const reopened = track((await Archive.openProfile(dir, staticKeyProvider(key))).archive);
    c = await createCore({ archive: reopened, paths: profilePaths(dir), supervisor: null, keys: staticKeyProvider(key) });
    expect(c.settings()).toMatchObject({ language: 'en', hibernation: { idleMinutes: 45 } });
    expect((await c.call('layout.get', {})).layout).toMatchObject({ mode: '2x2', accountIds: ['a', 'b'], blur: true });
    await c.close();
  });

  it('starts its notification centre from what is still unread in the archive, so a restart keeps it', async () => {
    const { core: c } = await core();
    const { items, unread } = await c.call('notifications.list', {});
    expect(unread).toBe(2);
    expect(items.map((i) => [i.accountLabel, i.chatName, i.preview])).toEqual([
      ['Sales 1', 'María', '我们需要报价单'], ['Sales 1', 'María', 'Hola, ¿cuál es el precio?'],
    ]);
    // opening one leads to its chat; reading the chat empties the centre for the next start
    expect(await c.call('notifications.open', { id: items[0]!.id })).toEqual({ accountId: 'acc-1', chatId: CHAT, messageId: items[0]!.messageId });
    await c.call('archive.markSeen', { accountId: 'acc-1', chatId: CHAT, upTo: Date.now() });
    expect((await c.call('notifications.list', {})).unread).toBe(0);
    await c.close();
  });

  it('leaves my own messages out of the centre', async () => {
    const { archive, dir, key } = await tempArchive();
    await archive.write([
      account('acc-1', 'Sales 1'),
      { op: 'upsertChat', accountId: 'acc-1', chatId: CHAT, kind: 'direct', name: 'María' },
      msg({ body: 'mine', fromMe: true }),
      msg({ body: 'theirs' }),
    ], 1_600_000_000_000);
    const c = await createCore({ archive, paths: profilePaths(dir), supervisor: null, keys: staticKeyProvider(key) });
    expect((await c.call('notifications.list', {})).items.map((i) => i.preview)).toEqual(['theirs']);
    await c.close();
  });

  it('gates admin actions behind the passphrase and audits them', async () => {
    const { core: c, archive } = await core();
    const notSet = await c.handle('people.save', { name: 'Li Wei', role: 'rep', passphrase: 'whatever' });
    expect(notSet).toMatchObject({ ok: false, error: { code: 'ADMIN_PASSPHRASE_NOT_SET' } });
    await c.call('admin.setPassphrase', { current: null, next: 'correct horse' });
    expect(await c.call('admin.status', {})).toEqual({ passphraseSet: true });
    expect(await c.handle('admin.setPassphrase', { current: null, next: 'another one' }))
      .toMatchObject({ ok: false, error: { code: 'ADMIN_PASSPHRASE_WRONG' } });
    expect(await c.handle('people.save', { name: 'Li Wei', role: 'rep', passphrase: 'wrong' }))
      .toMatchObject({ ok: false, error: { code: 'ADMIN_PASSPHRASE_WRONG' } });
    expect(await c.call('people.list', {})).toEqual([]);
    const { personId } = await c.call('people.save', { name: 'Li Wei', role: 'rep', passphrase: 'correct horse' });
    expect(await c.call('people.list', {})).toEqual([{ id: personId, name: 'Li Wei', role: 'rep', active: true }]);
    const audit = await archive.query('auditLog', {});
    expect(audit.map((e) => e.action).reverse()).toEqual(['admin.setPassphrase', 'person.add']);
    await c.close();
  });

  it('serves stored media by hash and backs the archive up', async () => {
    const { core: c, archive, dir } = await core();
    const bytes = new TextEncoder().encode('fake png bytes');
    const stored = await putMedia(profilePaths(dir).media, bytes);
    expect(await c.media(stored.sha256)).toBeNull(); // not recorded in the archive yet
    await archive.write([
      msg({ id: 'img-1', type: 'image', body: null, hasMedia: true }),
      { op: 'media', accountId: 'acc-1', messageId: 'img-1', status: 'stored', sha256: stored.sha256, mime: 'image/png', size: bytes.length },
    ]);
    const file = await c.media(stored.sha256);
    expect(file).toMatchObject({ size: bytes.length, mime: 'image/png' });
    const chunks: Buffer[] = [];
    for await (const chunk of file!.stream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('fake png bytes');
    expect(await c.media('0'.repeat(64))).toBeNull();
    const backup = await c.call('settings.backupNow', {});
    expect(existsSync(backup.file)).toBe(true);
    expect(backup.bytes).toBeGreaterThan(0);
    await c.close();
  });
});
