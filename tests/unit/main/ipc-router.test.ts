import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { staticKeyProvider } from '../../../src/core/archive/key';
import { profilePaths } from '../../../src/core/archive/profile';
import { contractWireChannels, forwardContractEvents, invokeHandler } from '../../../src/main/ipc/router';
import { CHANNEL_NAMES } from '../../../src/shared/contract';
import { tempArchive } from '../../helpers/archive';

const trusted = { webContentsId: 1, origin: 'app://switchboard' };
const app = { webContentsId: 1, frame: { isMainFrame: true, url: 'app://switchboard/index.html' } };
const accountView = { webContentsId: 9, frame: { isMainFrame: true, url: 'https://web.whatsapp.com/' } };

async function realCore(): Promise<Core> {
  const { archive, dir, key } = await tempArchive();
  return createCore({ archive, paths: profilePaths(dir), supervisor: null, keys: staticKeyProvider(key), version: '9.9.9' });
}

describe('IPC router over the contract and a real Core', () => {
  it('has exactly one wire channel per contract channel, all under the invoke prefix', () => {
    const wires = contractWireChannels();
    expect(wires.map((w) => w.channel)).toEqual(CHANNEL_NAMES);
    expect(new Set(wires.map((w) => w.wire)).size).toBe(CHANNEL_NAMES.length);
    for (const w of wires) expect(w.wire).toBe(`sb:invoke:${w.channel}`);
  });

  it('passes the app renderer through to Core, validation included', async () => {
    const core = await realCore();
    const log: string[] = [];
    const deps = { core, trusted: () => trusted, log: (m: string) => log.push(m) };
    expect(await invokeHandler('app.info', deps)(app, {})).toMatchObject({ ok: true, value: { version: '9.9.9', liveAccounts: false } });
    expect(await invokeHandler('settings.set', deps)(app, { theme: 'pink' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(log).toEqual([]);
    await core.close();
  });

  it('refuses other senders before Core sees the call: nothing changes', async () => {
    const core = await realCore();
    const log: string[] = [];
    const deps = { core, trusted: () => trusted, log: (m: string) => log.push(m) };
    const set = invokeHandler('settings.set', deps);
    for (const sender of [accountView, { ...app, frame: { isMainFrame: false, url: app.frame.url } }, { ...app, frame: null }]) {
      expect(await set(sender, { theme: 'dark' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect((await core.call('settings.get', {})).theme).toBe('system');
    expect(log).toHaveLength(3);
    // Before the window exists nobody is trusted.
    expect(await invokeHandler('app.info', { ...deps, trusted: () => null })(app, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await core.close();
  });

  it('forwards contract events to the renderer under the event prefix', async () => {
    const core = await realCore();
    const sent: Array<[string, unknown]> = [];
    const stop = forwardContractEvents(core, (wire, payload) => sent.push([wire, payload]));
    await core.call('settings.set', { theme: 'dark' });
    expect(sent.map(([w]) => w)).toContain('sb:event:settings.changed');
    stop();
    await core.call('settings.set', { theme: 'light' });
    expect(sent.filter(([w]) => w === 'sb:event:settings.changed')).toHaveLength(1);
    await core.close();
  });
});
