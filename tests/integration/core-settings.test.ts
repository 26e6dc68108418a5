import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/util/clock';
import { Supervisor } from '../../src/core/accounts/supervisor';
import { createCore } from '../../src/core/app';
import { staticKeyProvider } from '../../src/core/archive/key';
import { profilePaths } from '../../src/core/archive/profile';
import { ChromiumPageHost } from '../../src/core/capture/chromium-page-host';
import { tempArchive } from '../helpers/archive';
import { waitFor } from '../helpers/wait';
import { WaSim } from '../wa-sim/server';

/** Settings changed in the app reach the running accounts without a restart. */

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

describe('Settings → running accounts', () => {
  it('a live account follows the hibernation and media-cap settings as soon as they are saved', async () => {
    const { archive, dir, key } = await tempArchive();
    const paths = profilePaths(dir);
    const clock = new ManualClock(Date.now());
    const supervisor = new Supervisor({ archive, pageHost: host, mediaDir: paths.media, clock, log: () => {} });
    await supervisor.ready();
    const core = await createCore({ archive, paths, supervisor, keys: staticKeyProvider(key) });
    try {
      await core.call('settings.set', { hibernation: { enabled: false } });
      const phone = sim.createPhone({ pushname: 'Settings' });
      const buyer = phone.addContact({ name: 'Catalogue sender' }).id;
      phone.addDirectChat(buyer);
      // Adding an account starts it at once (its QR is what the user wants next).
      core.on('account.qr', (e) => void sim.scan(phone.id, e.qr));
      const { accountId } = await core.call('accounts.add', { label: 'Settings' });
      const state = () => supervisor.status(accountId)?.state;
      await waitFor(() => state() === 'live', 'the account to be live', 30_000);

      await core.call('settings.set', { mediaCapMb: 1 });
      const big = phone.deliver(buyer, { from: buyer, type: 'document', media: { filename: 'catalogue.pdf', size: 3 * 1024 * 1024 } });
      const d = await waitFor(async () => {
        const x = await archive.query('messageDetail', { accountId, messageId: big.id });
        return x?.message.media?.status === 'too_large' ? x : null;
      }, 'the file to stay over the 1 MB cap');
      expect(d.message.media?.sha256).toBeNull();

      await supervisor.settle(); // a reconcile still running would re-arm the idle timer after the clock moved
      clock.advance(3 * 3_600_000);
      expect(state()).toBe('live');
      await core.call('settings.set', { hibernation: { enabled: true, idleMinutes: 5 } });
      clock.advance(5 * 60_000);
      await waitFor(() => state() === 'hibernated', 'the idle account to hibernate', 30_000);
    } finally {
      await core.close();
    }
  });
});
