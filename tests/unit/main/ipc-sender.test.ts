import { describe, expect, it } from 'vitest';
import { accountOfSender, checkSender } from '../../../src/main/policy/ipc-sender';

const trusted = { webContentsId: 1, origin: 'app://switchboard' };

describe('IPC sender check', () => {
  it('accepts only the app renderer main frame at the app origin', () => {
    expect(checkSender({ webContentsId: 1, frame: { isMainFrame: true, url: 'app://switchboard/index.html#/a' } }, trusted)).toEqual({ ok: true });
  });

  it.each([
    ['another webContents (an account view)', { webContentsId: 7, frame: { isMainFrame: true, url: 'app://switchboard/index.html' } }],
    ['a subframe', { webContentsId: 1, frame: { isMainFrame: false, url: 'app://switchboard/index.html' } }],
    ['a frame that navigated away', { webContentsId: 1, frame: { isMainFrame: true, url: 'https://evil.example/' } }],
    ['a custom scheme look-alike', { webContentsId: 1, frame: { isMainFrame: true, url: 'app://switchboard.evil/index.html' } }],
    ['a destroyed frame', { webContentsId: 1, frame: null }],
  ])('refuses %s', (_name, sender) => {
    expect(checkSender(sender, trusted).ok).toBe(false);
  });

  it('refuses everything before the window exists', () => {
    expect(checkSender({ webContentsId: 1, frame: { isMainFrame: true, url: 'app://switchboard/' } }, null).ok).toBe(false);
  });
});

describe('account preload sender', () => {
  const views = (id: number) => (id === 5 ? 'acc-1' : null);
  const allowed = new Set(['https://web.whatsapp.com']);

  it('names the account main put in that view, not one the page claims', () => {
    expect(accountOfSender({ webContentsId: 5, frame: { isMainFrame: true, url: 'https://web.whatsapp.com/' } }, views, allowed)).toEqual({
      ok: true,
      accountId: 'acc-1',
    });
  });

  it('refuses unknown views, subframes and foreign origins', () => {
    expect(accountOfSender({ webContentsId: 1, frame: { isMainFrame: true, url: 'https://web.whatsapp.com/' } }, views, allowed).ok).toBe(false);
    expect(accountOfSender({ webContentsId: 5, frame: { isMainFrame: false, url: 'https://web.whatsapp.com/' } }, views, allowed).ok).toBe(false);
    expect(accountOfSender({ webContentsId: 5, frame: { isMainFrame: true, url: 'https://evil.example/' } }, views, allowed).ok).toBe(false);
  });
});
