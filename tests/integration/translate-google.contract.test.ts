import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pairGlossary } from '../../src/core/translate/glossary';
import { GoogleProvider } from '../../src/core/translate/providers/google';
import { FAST, type FakeServer, type Recorded, type Reply, fakeTranslate, startFake } from '../helpers/translate-http';

/** Cloud Translation Basic (v2): POST /language/translate/v2?key=, GET …/v2/languages?key=&target=. */
const KEY = 'AIzaSyTEST';
const LANGS = ['ar', 'en', 'es', 'pt', 'ru', 'zh', 'zh-CN', 'zh-TW'];
const Body = z.object({
  q: z.array(z.string()).min(1).max(128),
  target: z.string(),
  source: z.string().optional(),
  format: z.enum(['text', 'html']),
  model: z.string().optional(),
}).strict();

/** Google's error envelope, as the API returns it. */
const gError = (code: number, message: string, reason: string, status: string, domain = 'global'): Reply => ({
  status: code,
  body: { error: { code, message, errors: [{ message, domain, reason }], status } },
});

function googleApi(r: Recorded): Reply {
  if (r.query.get('key') !== KEY) {
    return { status: 400, body: { error: { code: 400, message: 'API key not valid. Please pass a valid API key.',
      errors: [{ message: 'API key not valid. Please pass a valid API key.', domain: 'global', reason: 'badRequest' }],
      status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }] } } };
  }
  if (r.method === 'GET' && r.path === '/language/translate/v2/languages') {
    return { status: 200, body: { data: { languages: LANGS.map((language) => ({ language, name: language })) } } };
  }
  if (r.method === 'POST' && r.path === '/language/translate/v2') {
    const b = Body.safeParse(r.json);
    if (!b.success) return gError(400, `Invalid JSON payload: ${b.error.issues[0]?.message}`, 'invalid', 'INVALID_ARGUMENT');
    if (!LANGS.includes(b.data.target)) return gError(400, 'Bad language pair: {0}', 'invalid', 'INVALID_ARGUMENT');
    return { status: 200, body: { data: { translations: b.data.q.map((t) => ({
      translatedText: fakeTranslate(t, b.data.target), ...(b.data.source ? {} : { detectedSourceLanguage: 'es' }),
    })) } } };
  }
  return gError(404, 'Not Found', 'notFound', 'NOT_FOUND');
}

let fake: FakeServer;
beforeAll(async () => { fake = await startFake(googleApi); });
beforeEach(() => fake.reset());
const provider = (key = KEY) => new GoogleProvider({ apiKey: key, baseUrl: fake.url }, { limits: FAST });

describe('Google Cloud Translation v2 contract', () => {
  it('translates batches (≤100 per request) with format=text; detects the source when not given', async () => {
    const texts = Array.from({ length: 130 }, (_, i) => `hola ${i}`);
    const res = await provider().translate(texts, 'es', 'en');
    expect(res.map((r) => r.ok && r.text)).toEqual(texts.map((t) => fakeTranslate(t, 'en')));
    expect(fake.count('POST', '/language/translate/v2')).toBe(2);
    const [auto] = await provider().translate(['obrigado'], 'auto', 'zh');
    expect(auto).toMatchObject({ ok: true, text: fakeTranslate('obrigado', 'zh'), detectedFrom: 'es' });
  });

  it('an invalid key is BAD_KEY (400 INVALID_ARGUMENT / API_KEY_INVALID)', async () => {
    const [r] = await provider('nope').translate(['hola'], 'es', 'en');
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_KEY' } });
    expect(await provider('nope').health()).toMatchObject({ ok: false, error: { code: 'BAD_KEY', status: 400 } });
  });

  it('403 dailyLimitExceeded is QUOTA_EXCEEDED; 403 userRateLimitExceeded and 429 are retried as RATE_LIMITED', async () => {
    const p = provider();
    await p.languages();
    fake.inject(gError(403, 'Daily Limit Exceeded', 'dailyLimitExceeded', 'PERMISSION_DENIED', 'usageLimits'));
    const [quota] = await p.translate(['hola'], 'es', 'en');
    expect(quota).toMatchObject({ ok: false, error: { code: 'QUOTA_EXCEEDED', details: { status: 403 } } });
    expect(fake.count('POST', '/language/translate/v2')).toBe(1);
    fake.reset();
    fake.inject(gError(403, 'User Rate Limit Exceeded', 'userRateLimitExceeded', 'PERMISSION_DENIED', 'usageLimits'),
      gError(429, 'Quota exceeded for quota metric', 'rateLimitExceeded', 'RESOURCE_EXHAUSTED'));
    const [ok] = await p.translate(['hola'], 'es', 'en');
    expect(ok).toMatchObject({ ok: true, text: fakeTranslate('hola', 'en') });
    expect(fake.count('POST', '/language/translate/v2')).toBe(3);
  });

  it('5xx is retried, then SERVER_ERROR; an unknown pair is UNSUPPORTED_PAIR', async () => {
    const p = provider();
    await p.languages();
    fake.inject(...Array.from({ length: 3 }, () => gError(503, 'The service is currently unavailable.', 'backendError', 'UNAVAILABLE')));
    const [r] = await p.translate(['hola'], 'es', 'en');
    expect(r).toMatchObject({ ok: false, error: { code: 'SERVER_ERROR' } });
    expect(fake.count('POST', '/language/translate/v2')).toBe(3);
    const [pair] = await p.translate(['hola'], 'es', 'th');
    expect(pair).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_PAIR' } });
  });

  it('v2 has no glossaries: terms are protected by placeholders and restored', async () => {
    const g = pairGlossary({ entries: [{ kind: 'term', terms: { es: 'precio unitario', en: 'unit price' }, caseSensitive: false }] }, 'es', 'en');
    const [r] = await provider().translate(['¿Cuál es el precio unitario?'], 'es', 'en', { glossary: g });
    const sent = (fake.requests.find((x) => x.method === 'POST')!.json as { q: string[] }).q[0];
    expect(sent).toBe('¿Cuál es el ZZ0ZZ?');
    expect(r).toMatchObject({ ok: true, glossaryApplied: true, text: '[en] ¿CUÁL ES EL unit price?' });
  });
});
