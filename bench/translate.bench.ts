// npm run bench:translate [-- --messages N --history N]
// Real apertium-apy (spa→eng) on a free loopback port and a real encrypted archive:
// batched throughput for short chat messages (and one-request-per-message for comparison),
// cache-hit latency through the archive, and a chat history translated by a background job.
// Progress goes to stderr; the last stdout line is one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Archive } from '../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../src/core/archive/key';
import type { ArchiveOpInput } from '../src/core/archive/operations';
import { ApertiumProvider } from '../src/core/translate/providers/apertium';
import { TranslationService } from '../src/core/translate/service';
import { startApertium } from '../tests/helpers/translate-apertium';
import { rng } from './lib/corpus';
import { argValue, percentile, round, timed } from './lib/stats';

const MESSAGES = argValue('messages', 1000);
const HISTORY = argValue('history', 1000);
const log = (s: string) => process.stderr.write(`${s}\n`);

const OPENERS = ['Hola', 'Buenos días', 'Buenas tardes', 'Saludos', 'Hola amigo'];
const ASKS = [
  '¿cuál es el precio de {n} unidades?', 'necesitamos la muestra antes del viernes', '¿pueden enviar el catálogo nuevo?',
  'el contenedor llega el lunes', 'la factura tiene un error en la línea {n}', 'queremos {n} piezas del modelo azul',
  'el pago se hará por transferencia', '¿cuándo está lista la entrega?', 'el embalaje debe ser más fuerte', 'gracias por la cotización',
];

/** Distinct short Spanish chat messages (so nothing is served from a cache by accident). */
function messages(count: number, seed: number): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: count }, (_, i) => `${pick(OPENERS)}, ${pick(ASKS).replace('{n}', String(10 + Math.floor(r() * 990)))} (${i})`);
}

const work = mkdtempSync(path.join(tmpdir(), 'sb-bench-translate-'));
const apy = await startApertium();
try {
  const provider = new ApertiumProvider({ baseUrl: apy.url });
  await provider.translate(['hola'], 'es', 'en'); // start APY's pipeline once, as a running server has

  log(`batched: ${MESSAGES} short messages`);
  const texts = messages(MESSAGES, 1);
  const [batchedMs, batched] = await timed(() => provider.translate(texts, 'es', 'en'));
  if (!batched.every((r) => r.ok)) throw new Error('a batched translation failed');
  const unbatchedCount = Math.min(200, MESSAGES);
  log(`one request per message: ${unbatchedCount}`);
  const single = messages(unbatchedCount, 2);
  const [singleMs] = await timed(async () => {
    let next = 0;
    // two in flight, as the provider's queue allows
    await Promise.all([0, 1].map(async () => {
      while (next < single.length) await provider.translate([single[next++]!], 'es', 'en');
    }));
  });

  const keys = staticKeyProvider(generateKey());
  const { archive } = await Archive.openProfile(path.join(work, 'profile'), keys, { create: true });
  try {
    const service = new TranslationService({ archive, keys });
    await service.configureProvider({ id: 'apertium', baseUrl: apy.url });

    log('cache hits');
    const cached = messages(200, 3);
    await service.translate({ texts: cached, from: 'es', to: 'en' });
    const hitMs: number[] = [];
    for (let round_ = 0; round_ < 3; round_++) {
      for (const t of cached) {
        const [ms, [r]] = await timed(() => service.translate({ texts: [t], from: 'es', to: 'en' }));
        if (!r!.ok || !r!.cached) throw new Error('expected a cache hit');
        hitMs.push(ms);
      }
    }
    const pageMs: number[] = [];
    for (let i = 0; i + 50 <= cached.length; i += 50) {
      for (let k = 0; k < 5; k++) pageMs.push((await timed(() => service.translate({ texts: cached.slice(i, i + 50), from: 'es', to: 'en' })))[0]);
    }

    log(`history: ${HISTORY} messages in one chat`);
    const chatId = '34600000042@c.us';
    const history = messages(HISTORY, 4);
    const ops: ArchiveOpInput[] = [
      { op: 'createAccount', accountId: 'bench', label: 'Bench', partitionId: 'p-bench' },
      ...history.map((body, i): ArchiveOpInput => ({
        op: 'upsertMessage', accountId: 'bench',
        message: { id: `false_${chatId}_H${i}`, chatId, senderId: chatId, fromMe: false, type: 'chat', body, timestamp: 1_700_000_000_000 + i * 60_000 },
      })),
    ];
    await archive.write(ops);
    const [historyMs, end] = await timed(() => service.translateHistory({ accountId: 'bench', chatId, to: 'en', pageSize: 100 }).done);
    if (end.state !== 'done' || end.translated !== HISTORY) throw new Error(`history job ended ${end.state} with ${end.translated}/${HISTORY}`);
    const hits = (await archive.query('search', { query: 'price' })).hits.length;

    const result = {
      apertium_msgs_per_s: round(MESSAGES / (batchedMs / 1000), 1),
      apertium_unbatched_msgs_per_s: round(unbatchedCount / (singleMs / 1000), 1),
      cache_hit_p50_ms: round(percentile(hitMs, 50), 3),
      cache_hit_p95_ms: round(percentile(hitMs, 95), 3),
      cache_hit_page50_p95_ms: round(percentile(pageMs, 95), 3),
      history_1000_msgs_s: round((historyMs / 1000) * (1000 / HISTORY), 2),
      history_messages: HISTORY,
      history_search_hits_price: hits,
      targets: { cache_hit_p95_ms: 2, history_1000_msgs_s: 20 },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await archive.close();
  }
} finally {
  await apy.stop();
  rmSync(work, { recursive: true, force: true });
}
