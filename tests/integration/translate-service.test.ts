import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../../src/core/archive/key';
import { TranslationService } from '../../src/core/translate/service';
import { ACCOUNT, account, msg, tempArchive } from '../helpers/archive';
import { FAST, type FakeServer, type Recorded, type Reply, closedPortUrl, fakeTranslate, startFake } from '../helpers/translate-http';

/** A minimal OpenAI-compatible endpoint (the shapes are covered by translate-openai.contract.test.ts). */
function llm(r: Recorded): Reply {
  if (r.path === '/v1/models') return { status: 200, body: { data: [{ id: 'm' }] } };
  const body = r.json as { messages: Array<{ role: string; content: string }> };
  const system = body.messages[0]!.content;
  const to = /into ([A-Za-z ()]+)\./.exec(system)![1]!;
  const texts = (JSON.parse(body.messages[1]!.content) as { texts: string[] }).texts;
  return { status: 200, body: { choices: [{ message: { content: JSON.stringify({ translations: texts.map((t) => fakeTranslate(t, to)) }) }, finish_reason: 'stop' }] } };
}

let archive: Archive;
let key: Buffer;
let file: string;
let fake: FakeServer;
let deadApertium: string;

beforeAll(async () => {
  ({ archive, key, file } = await tempArchive('file'));
  fake = await startFake(llm);
  deadApertium = await closedPortUrl();
});

async function service() {
  const s = new TranslationService({ archive, keys: staticKeyProvider(key), limits: { apertium: FAST, openai: FAST } });
  await s.configureProvider({ id: 'apertium', baseUrl: deadApertium, priority: 0 });
  await s.configureProvider({ id: 'openai', baseUrl: `${fake.url}/v1`, model: 'm', priority: 50 }, 'sk-live-SECRET-123');
  return s;
}

describe('TranslationService', () => {
  it('stores provider keys sealed: settings and the file never hold the key; another archive key cannot open it', async () => {
    const s = await service();
    await s.configureProvider({ id: 'deepl' }, 'deepl-SECRET-456:fx');
    const settings = JSON.stringify(await archive.query('settings'));
    expect(settings).not.toContain('SECRET');
    expect(settings).toContain('"ct"');
    expect(readFileSync(file).includes(Buffer.from('SECRET'))).toBe(false);
    expect((await s.providerSettings()).map((p) => [p.id, p.hasKey])).toEqual([['apertium', false], ['openai', true], ['deepl', true]]);
    const stranger = new TranslationService({ archive, keys: staticKeyProvider(generateKey()) });
    const status = await stranger.providerStatus();
    expect(status.find((p) => p.settings.id === 'deepl')!.health).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED' } });
    await s.configureProvider({ id: 'deepl', enabled: false }, null);
    expect((await s.providerSettings()).find((p) => p.id === 'deepl')).toMatchObject({ enabled: false, hasKey: false });
  });

  it('rejects invalid settings and changes nothing', async () => {
    const s = await service();
    const before = await s.providerSettings();
    await expect(s.configureProvider({ id: 'libretranslate', baseUrl: 'ftp://example' })).rejects.toThrow(/http/);
    expect(await s.providerSettings()).toEqual(before);
  });

  it('falls back to the next provider when Apertium is not running, and reports health per provider', async () => {
    const s = await service();
    const [r] = await s.translate({ texts: ['¿Cuál es el precio?'], to: 'en' });
    expect(r).toMatchObject({ ok: true, provider: 'openai', from: 'es', text: fakeTranslate('¿Cuál es el precio?', 'English') });
    expect(await s.providersFor('es', 'en')).toMatchObject({ providers: ['openai'], unavailable: [{ code: 'UNREACHABLE', provider: 'apertium' }] });
    const status = await s.providerStatus();
    expect(status.find((p) => p.settings.id === 'apertium')!.health).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
    expect(status.find((p) => p.settings.id === 'openai')!.health).toMatchObject({ ok: true });
    const [only] = await s.translate({ texts: ['¿Cuál es el precio?'], to: 'en', provider: 'apertium' });
    expect(only).toMatchObject({ ok: false, source: '¿Cuál es el precio?', error: { code: 'UNREACHABLE', provider: 'apertium' } });
  });

  it('composer: translation into the contact language and the back-translation', async () => {
    const s = await service();
    const { translation, back } = await s.composeTranslate({ text: '这个型号的单价是多少？', to: 'es' });
    expect(translation).toMatchObject({ ok: true, from: 'zh', to: 'es', provider: 'openai' });
    expect(back).toMatchObject({ ok: true, from: 'es', to: 'zh' });
    expect(back!.ok && back!.text).toBe(fakeTranslate(fakeTranslate('这个型号的单价是多少？', 'Spanish'), 'Chinese'));
  });

  it("per-contact language: detected from the contact's messages, overridable, and used for short messages", async () => {
    const s = await service();
    const contact = '5511999990000@c.us';
    await archive.write([account(), ...['Olá, tudo bem?', 'Qual é o preço do contêiner?', 'Preciso de 500 unidades', 'obrigado']
      .map((body) => msg({ chatId: contact, senderId: contact, body }))]);
    expect(await s.detectContactLanguage(ACCOUNT, contact)).toMatchObject({ language: 'pt', source: 'detected' });
    await s.setContactLanguage({ accountId: ACCOUNT, contactId: contact, language: 'es' });
    expect((await s.prefs(ACCOUNT, contact, contact)).contactLanguage).toMatchObject({ language: 'es', source: 'user', detected: { lang: 'pt' } });
    await s.setContactLanguage({ accountId: ACCOUNT, contactId: contact, language: null });
    expect((await s.prefs(ACCOUNT, contact, contact)).contactLanguage).toMatchObject({ language: 'pt', source: 'detected' });
    const [r] = await s.translateMessages({ accountId: ACCOUNT, messages: [{ id: 'x-short', text: 'sim', senderId: contact }], to: 'en' });
    expect(r).toMatchObject({ ok: true, from: 'pt' });
  });

  it('auto-translates incoming messages only in chats where it is on, into the chosen language', async () => {
    const s = await service();
    const on = '34655555555@c.us';
    const off = '34666666666@c.us';
    const written: string[] = [];
    s.on('translations', (e) => written.push(...e.messageIds));
    await archive.write([account(),
      msg({ id: 'IN-ON', chatId: on, senderId: on, body: '¿Tienen stock del modelo nuevo?' }),
      msg({ id: 'IN-OFF', chatId: off, senderId: off, body: '¿Tienen stock del modelo viejo?' })]);
    await s.setAutoTranslate({ accountId: ACCOUNT, scope: 'chat', id: on, enabled: true, targetLang: 'zh' });
    expect((await s.prefs(ACCOUNT, on, on)).effective).toEqual({ autoTranslate: true, targetLang: 'zh' });
    const res = await s.onIncomingMessages(ACCOUNT, [
      { id: 'IN-ON', chatId: on, senderId: on, fromMe: false, text: '¿Tienen stock del modelo nuevo?' },
      { id: 'IN-OFF', chatId: off, senderId: off, fromMe: false, text: '¿Tienen stock del modelo viejo?' },
    ]);
    expect(res).toHaveLength(1);
    expect(written).toEqual(['IN-ON']);
    expect(await s.messageTranslations(ACCOUNT, ['IN-ON', 'IN-OFF'], 'zh')).toMatchObject([{ messageId: 'IN-ON', provider: 'openai', srcLang: 'es' }]);
    // turning it off for the contact does not override the chat's own setting
    await s.setAutoTranslate({ accountId: ACCOUNT, scope: 'contact', id: on, enabled: false });
    expect((await s.prefs(ACCOUNT, on, on)).effective.autoTranslate).toBe(true);
  });
});
