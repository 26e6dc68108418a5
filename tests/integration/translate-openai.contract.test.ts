import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pairGlossary } from '../../src/core/translate/glossary';
import { OpenAiProvider } from '../../src/core/translate/providers/openai';
import { FAST, type FakeServer, type Recorded, type Reply, fakeTranslate, startFake } from '../helpers/translate-http';

/** OpenAI-compatible chat completions: POST /v1/chat/completions, GET /v1/models; errors {error: {message, type, code}}. */
const KEY = 'sk-test';
const MODEL = 'qwen-plus';
const Body = z.object({
  model: z.string(),
  temperature: z.number().optional(),
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })).min(1),
  response_format: z.object({ type: z.literal('json_object') }).optional(),
}).strict();
const oError = (status: number, message: string, type: string, code: string | null): Reply => ({ status, body: { error: { message, type, param: null, code } } });

/** What the model does: 'ok' translates; 'merge' returns one string too few for batches (a real LLM failure mode). */
let behaviour: 'ok' | 'merge' | 'fenced' = 'ok';
let lastSystem = '';

function completion(content: string, finish = 'stop'): Reply {
  return { status: 200, body: { id: 'chatcmpl-1', object: 'chat.completion', model: MODEL, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } } };
}

function openAiApi(r: Recorded): Reply {
  if (r.headers.authorization !== `Bearer ${KEY}`) return oError(401, 'Incorrect API key provided: sk-***. You can find your API key at …', 'invalid_request_error', 'invalid_api_key');
  if (r.method === 'GET' && r.path === '/v1/models') return { status: 200, body: { object: 'list', data: [{ id: MODEL, object: 'model' }] } };
  if (r.method === 'POST' && r.path === '/v1/chat/completions') {
    const b = Body.safeParse(r.json);
    if (!b.success) return oError(400, `Invalid request: ${b.error.issues[0]?.message}`, 'invalid_request_error', null);
    if (b.data.model !== MODEL) return oError(404, `The model \`${b.data.model}\` does not exist`, 'invalid_request_error', 'model_not_found');
    lastSystem = b.data.messages.find((m) => m.role === 'system')?.content ?? '';
    const to = /into ([A-Za-z ()]+)\./.exec(lastSystem)?.[1] ?? '?';
    const texts = (JSON.parse(b.data.messages.find((m) => m.role === 'user')!.content) as { texts: string[] }).texts;
    let out = texts.map((t) => fakeTranslate(t, to));
    if (behaviour === 'merge' && out.length > 1) out = [out.slice(0, 2).join(' '), ...out.slice(2)];
    const json = JSON.stringify({ translations: out });
    return completion(behaviour === 'fenced' ? `Here you go:\n\`\`\`json\n${json}\n\`\`\`` : json);
  }
  return oError(404, 'Not found', 'invalid_request_error', null);
}

let fake: FakeServer;
beforeAll(async () => { fake = await startFake(openAiApi); });
beforeEach(() => { fake.reset(); behaviour = 'ok'; });
const provider = (over: Partial<{ apiKey: string; model: string }> = {}) =>
  new OpenAiProvider({ baseUrl: `${fake.url}/v1`, apiKey: over.apiKey ?? KEY, model: over.model ?? MODEL }, { limits: FAST });

describe('OpenAI-compatible chat endpoint contract', () => {
  it('translates a batch as a JSON array, in order, at temperature 0; works for any language pair', async () => {
    const res = await provider().translate(['你好', '价格是多少？'], 'zh', 'es');
    expect(res.map((r) => r.ok && r.text)).toEqual([fakeTranslate('你好', 'Spanish'), fakeTranslate('价格是多少？', 'Spanish')]);
    expect(fake.count('POST', '/v1/chat/completions')).toBe(1);
    expect(lastSystem).toMatch(/from Chinese into Spanish/);
    expect(await provider().supports('zh', 'ar')).toBe(true);
    expect(provider().cacheKey).toBe(`openai:${MODEL}`);
  });

  it('puts the team glossary in the prompt (not placeholders)', async () => {
    const g = pairGlossary({ entries: [{ kind: 'term', terms: { zh: '单价', es: 'precio unitario' }, caseSensitive: false }, { kind: 'keep', term: 'FOB', caseSensitive: true }] }, 'zh', 'es');
    const [r] = await provider().translate(['单价 FOB'], 'zh', 'es', { glossary: g });
    expect(r).toMatchObject({ ok: true, glossaryApplied: true });
    expect(lastSystem).toContain('- "单价" → "precio unitario"');
    expect(lastSystem).toContain('- "FOB": keep exactly as written');
    const sent = fake.requests.find((x) => x.method === 'POST')!.json as z.infer<typeof Body>;
    expect(sent.messages.find((m) => m.role === 'user')!.content).toBe(JSON.stringify({ texts: ['单价 FOB'] }));
  });

  it('an answer with the wrong count is retried text by text; a fenced answer is still read', async () => {
    behaviour = 'merge';
    const res = await provider().translate(['uno', 'dos', 'tres'], 'es', 'zh');
    expect(res.map((r) => r.ok && r.text)).toEqual(['uno', 'dos', 'tres'].map((t) => fakeTranslate(t, 'Chinese')));
    expect(fake.count('POST', '/v1/chat/completions')).toBe(4);
    behaviour = 'fenced';
    const [f] = await provider().translate(['hola'], 'es', 'zh');
    expect(f).toMatchObject({ ok: true, text: fakeTranslate('hola', 'Chinese') });
  });

  it('401 invalid_api_key is BAD_KEY; 429 insufficient_quota is QUOTA_EXCEEDED (not retried); 429 rate limit is retried', async () => {
    const [bad] = await provider({ apiKey: 'sk-wrong' }).translate(['hola'], 'es', 'zh');
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_KEY', details: { status: 401 } } });
    fake.reset();
    fake.inject(oError(429, 'You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota'));
    const [quota] = await provider().translate(['hola'], 'es', 'zh');
    expect(quota).toMatchObject({ ok: false, error: { code: 'QUOTA_EXCEEDED' } });
    expect(fake.count('POST', '/v1/chat/completions')).toBe(1);
    fake.reset();
    fake.inject({ ...oError(429, 'Rate limit reached for requests', 'requests', 'rate_limit_exceeded'), headers: { 'retry-after': '0' } });
    const [ok] = await provider().translate(['hola'], 'es', 'zh');
    expect(ok).toMatchObject({ ok: true });
    expect(fake.count('POST', '/v1/chat/completions')).toBe(2);
  });

  it('5xx is retried then SERVER_ERROR; an unknown model is NOT_CONFIGURED; health checks the model list', async () => {
    fake.inject(...Array.from({ length: 3 }, () => oError(503, 'The server is overloaded', 'server_error', null)));
    const [r] = await provider().translate(['hola'], 'es', 'zh');
    expect(r).toMatchObject({ ok: false, error: { code: 'SERVER_ERROR' } });
    const [m] = await provider({ model: 'gpt-nope' }).translate(['hola'], 'es', 'zh');
    expect(m).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED' } });
    expect(await provider().health()).toMatchObject({ ok: true, detail: `model ${MODEL}` });
    expect(await provider({ model: 'gpt-nope' }).health()).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED' } });
  });
});
