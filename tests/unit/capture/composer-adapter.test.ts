import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPOSER_ADAPTERS, composerInsertScript, parseComposerAnswer } from '../../../src/core/capture/composer-adapter';
import { SIM_WA_WEB_VERSION, SIM_WWEBJS_VERSION } from '../../wa-sim/version';

/** The composer adapter's logic; its behaviour in a real page is in tests/integration/composer-adapter.test.ts. */

const installed = (JSON.parse(readFileSync(new URL('../../../node_modules/whatsapp-web.js/package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('composer adapter', () => {
  it('is pinned to the whatsapp-web.js release we run (bumping it means re-checking the adapter)', () => {
    const newest = COMPOSER_ADAPTERS.at(-1)!;
    expect(newest.wwebjs).toBe(installed);
    expect(newest.wwebjs).toBe(SIM_WWEBJS_VERSION);
    expect(newest.waVersionPrefixes.some((p) => SIM_WA_WEB_VERSION.startsWith(p))).toBe(true);
    expect(new Set(COMPOSER_ADAPTERS.map((a) => a.id)).size).toBe(COMPOSER_ADAPTERS.length);
  });

  it('carries text and chat id as data, never as code', () => {
    const hostile = '`${alert(1)}` </script> "); alert(2); ("\u2028';
    const script = composerInsertScript('34600000001@c.us', hostile);
    const json = script.slice(script.lastIndexOf(')({') + 2, -1);
    expect(JSON.parse(json)).toMatchObject({ chatId: '34600000001@c.us', text: hostile });
    // the only call at the end is the script applied to that one JSON argument
    expect(script.endsWith(`(${JSON.stringify({ chatId: '34600000001@c.us', text: hostile, adapters: COMPOSER_ADAPTERS })})`)).toBe(true);
    expect(() => composerInsertScript('x', 'y', [])).toThrow();
  });

  it('reads the page answer strictly: only a well-formed success is a success', () => {
    expect(parseComposerAnswer({ ok: true, adapter: 'wa2.3000/1', chatChecked: false, waVersion: '2.3000.1', detail: null }))
      .toEqual({ ok: true, adapter: 'wa2.3000/1', chatChecked: false });
    expect(parseComposerAnswer({ ok: false, adapter: 'wa2.3000/1', reason: 'OTHER_CHAT', detail: '1@c.us', waVersion: null }))
      .toEqual({ ok: false, reason: 'OTHER_CHAT', adapter: 'wa2.3000/1', detail: '1@c.us' });
    for (const junk of [undefined, null, 'ok', { ok: true }, { ok: 'yes', adapter: 'a', chatChecked: true }, { ok: false, adapter: 'a', reason: 'SENT', detail: null }]) {
      expect(parseComposerAnswer(junk)).toMatchObject({ ok: false, reason: 'INSERT_FAILED' });
    }
  });
});
