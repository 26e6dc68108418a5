import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../src/core/accounts/supervisor';
import { createCore } from '../../src/core/app';
import { Archive } from '../../src/core/archive/archive';
import { staticKeyProvider } from '../../src/core/archive/key';
import { profilePaths } from '../../src/core/archive/profile';
import { ChromiumPageHost } from '../../src/core/capture/chromium-page-host';
import type { EventPayload } from '../../src/shared/contract';
import { tempArchive } from '../helpers/archive';
import { waitFor } from '../helpers/wait';
import { WaSim } from '../wa-sim/server';

/**
 * One notification rule for live capture and for the centre rebuilt after a restart:
 * someone else's message, not an event, in a chat that is neither muted nor archived.
 */

let sim: WaSim;
let host: ChromiumPageHost;

beforeAll(async () => {
  sim = await WaSim.start();
  host = new ChromiumPageHost({ waUrl: sim.url, isolation: 'context' });
});

afterAll(async () => {
  await host?.close();
  await sim?.close();
});

describe('notifications', () => {
  it('muted and archived chats do not notify, live or after a restart; other chats do', async () => {
    const { archive, dir, key } = await tempArchive();
    const paths = profilePaths(dir);
    const supervisor = new Supervisor({ archive, pageHost: host, mediaDir: paths.media, log: () => {} });
    await supervisor.ready();
    const core = await createCore({ archive, paths, supervisor, keys: staticKeyProvider(key) });
    const captured: Array<EventPayload<'message.captured'>> = [];
    core.on('message.captured', (e) => captured.push(e));
    const phone = sim.createPhone({ pushname: 'Notify' });
    const loud = phone.addContact({ name: 'Ana' }).id;
    const muted = phone.addContact({ name: 'Muted Bo' }).id;
    const archived = phone.addContact({ name: 'Archived Cy' }).id;
    for (const c of [loud, muted, archived]) phone.addDirectChat(c);
    phone.setChatState(muted, { muteExpiration: -1 });
    phone.setChatState(archived, { archive: true });
    let accountId = '';
    try {
      await core.call('settings.set', { hibernation: { enabled: false } });
      core.on('account.qr', (e) => void sim.scan(phone.id, e.qr));
      ({ accountId } = await core.call('accounts.add', { label: 'Notify' }));
      await waitFor(() => supervisor.status(accountId)?.state === 'live', 'the account to be live', 60_000);
      await supervisor.settle(); // the chats' mute and archive state is in the archive

      // stamped after the chats were first seen, so they are unread when the centre is rebuilt
      const t = Math.floor(Date.now() / 1000) + 5;
      const sent = [muted, archived, loud].map((c, i) => phone.deliver(c, { from: c, body: `hola from ${c}`, t: t + i }));
      await waitFor(() => sent.every((m) => captured.some((e) => e.messageId === m.id)), 'all three captured live');
      const byId = new Map(captured.map((e) => [e.messageId, e]));
      expect(byId.get(sent[0]!.id)!.notification).toBeNull();
      expect(byId.get(sent[1]!.id)!.notification).toBeNull();
      expect(byId.get(sent[2]!.id)!.notification).toMatchObject({ chatId: loud, preview: `hola from ${loud}`, accountLabel: 'Notify' });
      expect((await core.call('notifications.list', {})).items.map((i) => i.messageId)).toEqual([sent[2]!.id]);
    } finally {
      await core.close();
    }
    // after a restart the centre is rebuilt from the archive with the same rule
    const reopened = (await Archive.openProfile(dir, staticKeyProvider(key))).archive;
    const again = await createCore({ archive: reopened, paths, supervisor: null, keys: staticKeyProvider(key) });
    try {
      const items = (await again.call('notifications.list', {})).items;
      expect(items.map((i) => i.chatId)).toEqual([loud]);
    } finally {
      await again.close();
    }
  });
});
