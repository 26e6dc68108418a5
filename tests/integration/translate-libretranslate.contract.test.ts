import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LibreTranslateProvider } from '../../src/core/translate/providers/libretranslate';
import { FAST, type FakeServer, type Recorded, type Reply, closedPortUrl, fakeTranslate, startFake } from '../helpers/translate-http';

/**
 * LibreTranslate as in its app.py: POST /translate {q, source, target, format, api_key} →
 * {translatedText}; GET /languages → [{code, name, targets}]; errors {error} with 400/403/429/500.
 */
const KEY = 'lt-key';
const LANGS = [
  { code: 'en', name: 'English', targets: ['es', 'pt', 'zh-Hans'] },
  { code: 'es', name: 'Spanish', targets: ['en', 'pt'] },
  { code: 'pt', name: 'Portuguese', targets: ['en', 'es'] },
  { code: 'zh-Hans', name: 'Chinese', targets: ['en'] },
];
const Body = z.object({
  q: z.union([z.string(), z.array(z.string())]),
  source: z.string(),
  target: z.string(),
  format: z.enum(['text', 'html']).optional(),
  api_key: z.string().optional(),
}).strict();

function ltApi(r: Recorded): Reply {
  if (r.method === 'GET' && r.path === '/languages') return { status: 200, body: LANGS };
  if (r.method === 'POST' && r.path === '/translate') {
    const b = Body.safeParse(r.json);
    if (!b.success) return { status: 400, body: { error: 'Invalid request: missing q parameter' } };
    if (!b.data.api_key) return { status: 400, body: { error: 'Visit https://portal.libretranslate.com to get an API key' } };
    if (b.data.api_key !== KEY) return { status: 403, body: { error: 'Invalid API key' } };
    const src = LANGS.find((l) => l.code === b.data.source);
    if (b.data.source !== 'auto' && !src) return { status: 400, body: { error: `${b.data.source} is not supported` } };
    if (!LANGS.some((l) => l.code === b.data.target)) return { status: 400, body: { error: `${b.data.target} is not supported` } };
    const list = Array.isArray(b.data.q) ? b.data.q : [b.data.q];
    const out = list.map((t) => fakeTranslate(t, b.data.target));
    const detected = b.data.source === 'auto' ? { detectedLanguage: list.map(() => ({ confidence: 90, language: 'es' })) } : {};
    return { status: 200, body: { translatedText: Array.isArray(b.data.q) ? out : out[0], ...detected } };
  }
  return { status: 404, body: { error: 'Not Found' } };
}

let fake: FakeServer;
beforeAll(async () => { fake = await startFake(ltApi); });
beforeEach(() => fake.reset());
const provider = (key: string | null = KEY) => new LibreTranslateProvider({ baseUrl: fake.url, apiKey: key }, { limits: FAST });

describe('LibreTranslate contract', () => {
  it('translates arrays of texts (≤25 per request) with the api_key; lists pairs from targets', async () => {
    const texts = Array.from({ length: 30 }, (_, i) => `hola ${i}`);
    const res = await provider().translate(texts, 'es', 'en');
    expect(res.map((r) => r.ok && r.text)).toEqual(texts.map((t) => fakeTranslate(t, 'en')));
    expect(fake.count('POST', '/translate')).toBe(2);
    const langs = await provider().languages();
    expect(langs.pairs).toContainEqual({ from: 'en', to: 'zh-Hans' });
    expect(await provider().supports('en', 'zh')).toBe(true);
    const [zh] = await provider().translate(['hello'], 'en', 'zh');
    expect(zh).toMatchObject({ ok: true, text: fakeTranslate('hello', 'zh-Hans') });
    const [auto] = await provider().translate(['obrigado'], 'auto', 'en');
    expect(auto).toMatchObject({ ok: true, detectedFrom: 'es' });
  });

  it('a missing key (400 "get an API key") and an invalid key (403) are BAD_KEY', async () => {
    const [missing] = await provider(null).translate(['hola'], 'es', 'en');
    expect(missing).toMatchObject({ ok: false, error: { code: 'BAD_KEY', details: { status: 400 } } });
    const [invalid] = await provider('wrong').translate(['hola'], 'es', 'en');
    expect(invalid).toMatchObject({ ok: false, error: { code: 'BAD_KEY', details: { status: 403 } } });
  });

  it('429 "Slowdown" is retried; 500 "Cannot translate text" ends as SERVER_ERROR; unsupported language is UNSUPPORTED_PAIR', async () => {
    const p = provider();
    await p.languages();
    fake.inject({ status: 429, body: { error: 'Slowdown: 10 per 1 minute' } });
    const [ok] = await p.translate(['hola'], 'es', 'en');
    expect(ok).toMatchObject({ ok: true });
    expect(fake.count('POST', '/translate')).toBe(2);
    fake.reset();
    fake.inject(...Array.from({ length: 3 }, () => ({ status: 500, body: { error: 'Cannot translate text: model crashed' } })));
    const [bad] = await p.translate(['hola'], 'es', 'en');
    expect(bad).toMatchObject({ ok: false, error: { code: 'SERVER_ERROR' } });
    const [pair] = await p.translate(['hola'], 'es', 'ar');
    expect(pair).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_PAIR' } });
  });

  it('a server that is not running is UNREACHABLE, and health says so', async () => {
    const p = new LibreTranslateProvider({ baseUrl: await closedPortUrl() }, { limits: FAST });
    const [r] = await p.translate(['hola'], 'es', 'en');
    expect(r).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
    expect(r!.ok ? '' : r!.error.message).toMatch(/Cannot reach libretranslate at http:\/\/127\.0\.0\.1:\d+/);
    expect(await p.health()).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
  });
});
