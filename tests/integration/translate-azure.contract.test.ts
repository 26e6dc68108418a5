import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pairGlossary } from '../../src/core/translate/glossary';
import { AzureProvider } from '../../src/core/translate/providers/azure';
import { FAST, type FakeServer, type Recorded, type Reply, fakeTranslate, startFake } from '../helpers/translate-http';

/** Azure AI Translator v3: POST /translate?api-version=3.0&to=&from=, GET /languages?api-version=3.0&scope=translation. */
const KEY = 'azure-key';
const REGION = 'eastasia';
const LANGS = ['ar', 'en', 'es', 'pt', 'pt-pt', 'ru', 'zh-Hans', 'zh-Hant'];
const Body = z.array(z.object({ Text: z.string() }).strict()).min(1).max(1000);
const aError = (status: number, code: number, message: string, headers?: Record<string, string>): Reply =>
  ({ status, body: { error: { code, message } }, ...(headers ? { headers } : {}) });

/** The dynamic dictionary: a marked phrase comes out exactly as its given translation. */
function withDictionary(text: string, to: string): string {
  let out = '';
  let pos = 0;
  for (const m of text.matchAll(/<mstrans:dictionary translation="([^"]*)">[^<]*<\/mstrans:dictionary>/g)) {
    out += `${text.slice(pos, m.index).toUpperCase()}{${m[1]}}`;
    pos = m.index + m[0].length;
  }
  return `[${to}] ${out}${text.slice(pos).toUpperCase()}`;
}

function azureApi(r: Recorded): Reply {
  if (r.query.get('api-version') !== '3.0') return aError(400, 400021, 'The API version parameter is missing or invalid.');
  if (r.method === 'GET' && r.path === '/languages') {
    return { status: 200, body: { translation: Object.fromEntries(LANGS.map((l) => [l, { name: l, nativeName: l, dir: 'ltr' }])) } };
  }
  if (r.method === 'POST' && r.path === '/translate') {
    if (r.headers['ocp-apim-subscription-key'] !== KEY) {
      return aError(401, 401000, 'The request is not authorized because credentials are missing or invalid.');
    }
    if (r.headers['ocp-apim-subscription-region'] !== REGION) return aError(401, 401015, 'The region is missing or invalid.');
    if (!r.headers['x-clienttraceid']) return aError(400, 400000, 'missing trace id');
    const b = Body.safeParse(r.json);
    if (!b.success) return aError(400, 400074, 'The body of the request is not valid JSON.');
    const to = r.query.get('to')!;
    const from = r.query.get('from');
    if (!LANGS.includes(to)) return aError(400, 400036, 'The target language ("To" field) is missing or invalid.');
    if (from && !LANGS.includes(from)) return aError(400, 400035, 'The source language ("From" field) is not valid.');
    if (r.query.get('textType') !== 'plain') return aError(400, 400000, 'textType');
    return { status: 200, body: b.data.map(({ Text }) => ({
      ...(from ? {} : { detectedLanguage: { language: 'es', score: 1 } }),
      translations: [{ text: withDictionary(Text, to), to }],
    })) };
  }
  return aError(404, 404001, 'The requested resource was not found.');
}

let fake: FakeServer;
beforeAll(async () => { fake = await startFake(azureApi); });
beforeEach(() => fake.reset());
const provider = (key = KEY) => new AzureProvider({ apiKey: key, region: REGION, baseUrl: fake.url }, { limits: FAST });

describe('Azure Translator v3 contract', () => {
  it('translates batches with the key and region headers; zh maps to zh-Hans', async () => {
    const res = await provider().translate(['hola', 'adiós'], 'es', 'zh');
    expect(res.map((r) => r.ok && r.text)).toEqual([fakeTranslate('hola', 'zh-Hans'), fakeTranslate('adiós', 'zh-Hans')]);
    const req = fake.requests.find((r) => r.path === '/translate')!;
    expect(req.query.get('from')).toBe('es');
    const [auto] = await provider().translate(['obrigado'], 'auto', 'en');
    expect(auto).toMatchObject({ ok: true, detectedFrom: 'es' });
  });

  it('401000 is BAD_KEY; 403001 is QUOTA_EXCEEDED; neither is retried', async () => {
    const [bad] = await provider('nope').translate(['hola'], 'es', 'en');
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_KEY', details: { status: 401 } } });
    expect(await provider('nope').health()).toMatchObject({ ok: false, error: { code: 'BAD_KEY' } });
    fake.reset();
    const p = provider();
    await p.languages();
    fake.inject(aError(403, 403001, 'The operation is not allowed because the subscription has exceeded its free quota.'));
    const [quota] = await p.translate(['hola'], 'es', 'en');
    expect(quota).toMatchObject({ ok: false, error: { code: 'QUOTA_EXCEEDED' } });
    expect(fake.count('POST', '/translate')).toBe(1);
  });

  it('429001 honours Retry-After and succeeds; 500000 persistent is SERVER_ERROR after retries', async () => {
    const p = provider();
    await p.languages();
    fake.inject(aError(429, 429001, 'The server rejected the request because the client has exceeded request limits.', { 'retry-after': '0' }));
    const [ok] = await p.translate(['hola'], 'es', 'en');
    expect(ok).toMatchObject({ ok: true });
    expect(fake.count('POST', '/translate')).toBe(2);
    fake.reset();
    fake.inject(...Array.from({ length: 3 }, () => aError(500, 500000, 'An unexpected error occurred.')));
    const [bad] = await p.translate(['hola'], 'es', 'en');
    expect(bad).toMatchObject({ ok: false, error: { code: 'SERVER_ERROR' } });
    expect(fake.count('POST', '/translate')).toBe(3);
  });

  it('an unsupported language is UNSUPPORTED_PAIR', async () => {
    const [r] = await provider().translate(['hola'], 'es', 'tlh');
    expect(r).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_PAIR' } });
  });

  it('glossary: dynamic dictionary markup when English is one side, placeholders otherwise', async () => {
    const entries = [{ kind: 'term' as const, terms: { es: 'precio unitario', en: 'unit price', pt: 'preço unitário' }, caseSensitive: false }];
    const [en] = await provider().translate(['el precio unitario'], 'es', 'en', { glossary: pairGlossary({ entries }, 'es', 'en') });
    const sentEn = (fake.requests.find((r) => r.path === '/translate')!.json as Array<{ Text: string }>)[0]!.Text;
    expect(sentEn).toBe('el <mstrans:dictionary translation="unit price">precio unitario</mstrans:dictionary>');
    expect(en).toMatchObject({ ok: true, glossaryApplied: true, text: '[en] EL {unit price}' });
    fake.reset();
    const [pt] = await provider().translate(['el precio unitario'], 'es', 'pt', { glossary: pairGlossary({ entries }, 'es', 'pt') });
    expect((fake.requests.find((r) => r.path === '/translate')!.json as Array<{ Text: string }>)[0]!.Text).toBe('el ZZ0ZZ');
    expect(pt).toMatchObject({ ok: true, text: '[pt] EL preço unitário' });
  });
});
