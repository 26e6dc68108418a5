import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../src/core/accounts/supervisor';
import { createCore } from '../../src/core/app';
import { staticKeyProvider } from '../../src/core/archive/key';
import { profilePaths } from '../../src/core/archive/profile';
import { ChromiumPageHost } from '../../src/core/capture/chromium-page-host';
import { tempArchive } from '../helpers/archive';
import { type ApertiumServer, startApertium } from '../helpers/translate-apertium';
import { waitFor } from '../helpers/wait';
import { WaSim } from '../wa-sim/server';

/**
 * Auto-translate for what arrived while the account was away: real simulator, real capture,
 * real Core and a real Apertium (spa→eng).
 */

let sim: WaSim;
let host: ChromiumPageHost;
let apertium: ApertiumServer;

beforeAll(async () => {
  [sim, apertium] = await Promise.all([WaSim.start(), startApertium()]);
  host = new ChromiumPageHost({ waUrl: sim.url, isolation: 'context' });
});

afterAll(async () => {
  await host?.close();
  await sim?.close();
  await apertium?.stop();
});

describe('auto-translate after a sync', () => {
  it('translates the unread messages that arrived while the account slept, in chats that auto-translate, and no others', async () => {
    const { archive, dir, key } = await tempArchive();
    const paths = profilePaths(dir);
    const supervisor = new Supervisor({ archive, pageHost: host, mediaDir: paths.media, log: () => {} });
    await supervisor.ready();
    const core = await createCore({ archive, paths, supervisor, keys: staticKeyProvider(key) });
    try {
      await core.call('translate.configureProvider', { settings: { id: 'apertium', baseUrl: apertium.url } });
      await core.call('translate.setDefaults', { targetLang: 'en' });
      const phone = sim.createPhone({ pushname: 'Ventas' });
      const maria = phone.addContact({ name: 'María' }).id;
      const jose = phone.addContact({ name: 'José' }).id;
      phone.addDirectChat(maria);
      phone.addDirectChat(jose);
      // chats with some history, as real ones have: seen at link time, read up to then
      phone.addHistory(maria, [{ from: maria, body: 'Hola', t: 1_700_000_000 }]);
      phone.addHistory(jose, [{ from: jose, body: 'Buenos días', t: 1_700_000_000 }]);
      core.on('account.qr', (e) => void sim.scan(phone.id, e.qr));
      const { accountId } = await core.call('accounts.add', { label: 'Ventas' });
      await waitFor(() => supervisor.status(accountId)?.state === 'live', 'live');
      await core.call('translate.setPrefs', { accountId, chatId: maria, scope: 'chat', autoTranslate: true });

      await core.call('accounts.hibernate', { accountId });
      // WhatsApp times are whole seconds: later than the second the chats were first seen in
      const t = Math.floor(Date.now() / 1000) + 2;
      const asleep = [
        phone.deliver(maria, { from: maria, body: '¿Cuál es el precio de los zapatos?', t }),
        phone.deliver(maria, { from: maria, body: 'Necesitamos quinientas unidades.', t: t + 1 }),
      ];
      const other = phone.deliver(jose, { from: jose, body: 'El pago ya fue realizado.', t });
      await core.call('accounts.wake', { accountId });

      const stored = await waitFor(async () => {
        const t = await core.call('translate.stored', { accountId, messageIds: asleep.map((m) => m.id), lang: 'en' });
        return t.length === asleep.length ? t : null;
      }, 'the messages that came while asleep to be translated');
      expect(stored.map((t) => t.text).join(' ')).toMatch(/price/i);
      // José's chat does not auto-translate: nothing stored for it
      await supervisor.settle();
      expect(await core.call('translate.stored', { accountId, messageIds: [other.id], lang: 'en' })).toEqual([]);
    } finally {
      await core.close();
    }
  });
});
