import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pairGlossary } from '../../src/core/translate/glossary';
import { DeepLProvider } from '../../src/core/translate/providers/deepl';
import { FAST, type FakeServer, type Recorded, type Reply, fakeTranslate, startFake } from '../helpers/translate-http';

/** DeepL API v2 as documented: /v2/translate, /v2/languages, /v2/usage, /v2/glossaries, /v2/glossary-language-pairs. */
const KEY = 'a1b2c3d4-0000-0000-0000-000000000000:fx';
const TranslateBody = z.object({
  text: z.array(z.string()).min(1).max(50),
  target_lang: z.string().regex(/^[A-Z]{2}(-[A-Z]{2,4})?$/),
  source_lang: z.string().regex(/^[A-Z]{2}$/).optional(),
  glossary_id: z.string().optional(),
}).strict();
const GlossaryBody = z.object({
  name: z.string().min(1), source_lang: z.string().regex(/^[a-z]{2}$/), target_lang: z.string().regex(/^[a-z]{2}$/),
  entries: z.string().min(1), entries_format: z.literal('tsv'),
}).strict();

const SOURCES = ['AR', 'DE', 'EN', 'ES', 'PT', 'RU', 'ZH'];
const TARGETS = ['AR', 'DE', 'EN-GB', 'EN-US', 'ES', 'PT-BR', 'PT-PT', 'RU', 'ZH', 'ZH-HANS', 'ZH-HANT'];

function deeplApi(): { handle: (r: Recorded) => Reply; glossaries: Array<z.infer<typeof GlossaryBody> & { glossary_id: string }>; usage: { count: number; limit: number } } {
  const glossaries: Array<z.infer<typeof GlossaryBody> & { glossary_id: string }> = [];
  const usage = { count: 1200, limit: 500_000 };
  const handle = (r: Recorded): Reply => {
    if (r.headers.authorization !== `DeepL-Auth-Key ${KEY}`) return { status: 403, body: { message: 'Authorization failed. Please supply a valid auth_key parameter.' } };
    if (r.method === 'POST' && r.path === '/v2/translate') {
      if (!String(r.headers['content-type']).startsWith('application/json')) return { status: 400, body: { message: 'Bad request' } };
      const b = TranslateBody.safeParse(r.json);
      if (!b.success) return { status: 400, body: { message: `Bad request. Reason: ${b.error.issues[0]?.message}` } };
      if (!TARGETS.includes(b.data.target_lang)) return { status: 400, body: { message: "Value for 'target_lang' not supported." } };
      if (b.data.glossary_id && !glossaries.some((g) => g.glossary_id === b.data.glossary_id)) return { status: 404, body: { message: 'Glossary not found' } };
      return { status: 200, body: { translations: b.data.text.map((t) => ({ detected_source_language: b.data.source_lang ?? 'ES', text: fakeTranslate(t, b.data.target_lang) })) } };
    }
    if (r.method === 'GET' && r.path === '/v2/languages') {
      const type = r.query.get('type') ?? 'source';
      return { status: 200, body: (type === 'target' ? TARGETS : SOURCES).map((language) => ({ language, name: language, supports_formality: false })) };
    }
    if (r.method === 'GET' && r.path === '/v2/usage') return { status: 200, body: { character_count: usage.count, character_limit: usage.limit } };
    if (r.method === 'GET' && r.path === '/v2/glossary-language-pairs') {
      return { status: 200, body: { supported_languages: [{ source_lang: 'es', target_lang: 'en' }, { source_lang: 'en', target_lang: 'es' }] } };
    }
    if (r.method === 'GET' && r.path === '/v2/glossaries') return { status: 200, body: { glossaries: glossaries.map(({ entries: _e, entries_format: _f, ...g }) => ({ ...g, ready: true, entry_count: 1, creation_time: '2026-01-01T00:00:00Z' })) } };
    if (r.method === 'POST' && r.path === '/v2/glossaries') {
      const b = GlossaryBody.safeParse(r.json);
      if (!b.success) return { status: 400, body: { message: 'Invalid glossary' } };
      const g = { ...b.data, glossary_id: `g-${glossaries.length + 1}` };
      glossaries.push(g);
      const { entries: _e, entries_format: _f, ...info } = g;
      return { status: 201, body: { ...info, ready: true, entry_count: b.data.entries.split('\n').length, creation_time: '2026-01-01T00:00:00Z' } };
    }
    return { status: 404, body: { message: 'Not found' } };
  };
  return { handle, glossaries, usage };
}

let fake: FakeServer;
let api: ReturnType<typeof deeplApi>;
beforeAll(async () => {
  api = deeplApi();
  fake = await startFake(api.handle);
});
beforeEach(() => {
  fake.reset();
  api.glossaries.length = 0;
  api.usage.count = 1200;
});

const provider = (key = KEY) => new DeepLProvider({ apiKey: key, baseUrl: fake.url }, { limits: FAST });

describe('DeepL contract', () => {
  it('translates in batches of at most 50 texts, in order, with DeepL language codes', async () => {
    const texts = Array.from({ length: 60 }, (_, i) => `hola ${i}`);
    const res = await provider().translate(texts, 'es', 'en');
    expect(fake.count('POST', '/v2/translate')).toBe(2);
    expect(res.map((r) => r.ok && r.text)).toEqual(texts.map((t) => fakeTranslate(t, 'EN-US')));
    const bodies = fake.requests.filter((r) => r.path === '/v2/translate').map((r) => r.json as z.infer<typeof TranslateBody>);
    expect(bodies.map((b) => b.text.length)).toEqual([50, 10]);
    expect(bodies[0]).toMatchObject({ source_lang: 'ES', target_lang: 'EN-US' });
    const [pt] = await provider().translate(['hello'], 'en', 'pt');
    expect(pt!.ok && pt!.text).toBe(fakeTranslate('hello', 'PT-BR'));
    const [zh] = await provider().translate(['hello'], 'auto', 'zh');
    expect(zh).toMatchObject({ ok: true, text: fakeTranslate('hello', 'ZH-HANS'), detectedFrom: 'es' });
  });

  it('a rejected key (403) is BAD_KEY for every text, not retried', async () => {
    const res = await provider('wrong:fx').translate(['uno', 'dos'], 'es', 'en');
    expect(res.map((r) => !r.ok && r.error.code)).toEqual(['BAD_KEY', 'BAD_KEY']);
    expect(fake.count('POST', '/v2/translate')).toBe(0); // the languages call already failed with 403
    const h = await provider('wrong:fx').health();
    expect(h).toMatchObject({ ok: false, error: { code: 'BAD_KEY', status: 403 } });
  });

  it('456 quota exceeded is QUOTA_EXCEEDED, not retried', async () => {
    fake.inject({ status: 200, body: SOURCES.map((language) => ({ language, name: language })) }, { status: 200, body: TARGETS.map((language) => ({ language, name: language })) });
    fake.inject({ status: 456, body: { message: 'Quota exceeded' } });
    const [r] = await provider().translate(['hola'], 'es', 'en');
    expect(r).toMatchObject({ ok: false, error: { code: 'QUOTA_EXCEEDED', details: { status: 456 } } });
    expect(fake.count('POST', '/v2/translate')).toBe(1);
  });

  it('429 with Retry-After and 5xx are retried with backoff; persistent 5xx ends as SERVER_ERROR', async () => {
    const p = provider();
    await p.languages();
    fake.inject({ status: 429, body: { message: 'Too many requests' }, headers: { 'retry-after': '0' } }, { status: 503, body: { message: 'Service unavailable' } });
    const [ok] = await p.translate(['hola'], 'es', 'en');
    expect(ok).toMatchObject({ ok: true, text: fakeTranslate('hola', 'EN-US') });
    expect(fake.count('POST', '/v2/translate')).toBe(3);
    fake.reset();
    fake.inject(...Array.from({ length: 3 }, () => ({ status: 500, body: { message: 'Internal error' } })));
    const [bad] = await p.translate(['hola'], 'es', 'en');
    expect(bad).toMatchObject({ ok: false, error: { code: 'SERVER_ERROR', details: { status: 500 } } });
    expect(fake.count('POST', '/v2/translate')).toBe(3); // 1 + FAST.retries
    fake.reset();
    fake.inject(...Array.from({ length: 3 }, () => ({ status: 529, body: { message: 'Too many requests, high load' } })));
    const [busy] = await p.translate(['hola'], 'es', 'en');
    expect(busy).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('an unsupported target language is UNSUPPORTED_PAIR', async () => {
    const [r] = await provider().translate(['hola'], 'es', 'th');
    expect(r).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_PAIR' } });
  });

  it('uses a native glossary: created once as TSV, found by name, passed as glossary_id', async () => {
    const g = pairGlossary({ entries: [
      { kind: 'term', terms: { es: 'precio unitario', en: 'unit price' }, caseSensitive: false },
      { kind: 'keep', term: 'FOB', caseSensitive: true },
    ] }, 'es', 'en');
    const [r] = await provider().translate(['el precio unitario FOB'], 'es', 'en', { glossary: g });
    expect(r).toMatchObject({ ok: true, glossaryApplied: true });
    expect(api.glossaries).toHaveLength(1);
    expect(api.glossaries[0]).toMatchObject({ source_lang: 'es', target_lang: 'en', entries: 'precio unitario\tunit price\nFOB\tFOB' });
    const sent = fake.requests.find((x) => x.path === '/v2/translate')!.json as z.infer<typeof TranslateBody>;
    expect(sent.glossary_id).toBe('g-1');
    expect(sent.text).toEqual(['el precio unitario FOB']); // no placeholders when DeepL does it natively
    await provider().translate(['otro precio unitario'], 'es', 'en', { glossary: g }); // a new instance finds it by name
    expect(fake.count('POST', '/v2/glossaries')).toBe(1);
  });

  it('falls back to placeholders for a pair DeepL has no glossary for', async () => {
    const g = pairGlossary({ entries: [{ kind: 'keep', term: 'X200', caseSensitive: false }] }, 'ru', 'en');
    const [r] = await provider().translate(['модель X200'], 'ru', 'en', { glossary: g });
    expect(r).toMatchObject({ ok: true, glossaryApplied: true });
    expect(r!.ok && r!.text).toContain('X200');
    expect((fake.requests.find((x) => x.path === '/v2/translate')!.json as { text: string[] }).text[0]).toMatch(/ZZ0ZZ/);
  });

  it('health reports usage, and a used-up quota', async () => {
    expect(await provider().health()).toMatchObject({ ok: true, detail: 'used 1200 of 500000 characters' });
    api.usage.count = 500_000;
    expect(await provider().health()).toMatchObject({ ok: false, error: { code: 'QUOTA_EXCEEDED' } });
  });
});
