// npm run bench:capture [-- --accounts N --messages-per-chat M --bursts B --reach browser|page-debugger]
// Capture through real whatsapp-web.js and Chromium against the simulator (in its own
// process, so its data does not count): pair N accounts one after another (as startAll
// staggers them) and backfill their history, then live traffic on all of them at once.
// backfill_msgs_per_s is the slowest account's rate from `ready` to its sync being done.
// --reach page-debugger: capture holds only a page-level debugger per page, as the desktop
// app does (DebuggerTransport); the default hands it the launched browser's connection.
// Progress goes to stderr; the last stdout line is one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Supervisor } from '../src/core/accounts/supervisor';
import { Archive } from '../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../src/core/archive/key';
import { ChromiumPageHost } from '../src/core/capture/chromium-page-host';
import { SimProcess } from '../tests/wa-sim/sim-process';
import { compareWithTruth } from '../tests/wa-sim/truth';
import { argValue, percentile, round } from './lib/stats';

const ACCOUNTS = argValue('accounts', 4);
const PER_CHAT = argValue('messages-per-chat', 300);
const BURSTS = argValue('bursts', 150);
const REACH = process.argv.includes('--reach') && process.argv[process.argv.indexOf('--reach') + 1] === 'page-debugger' ? 'page-debugger' : 'browser';
const log = (s: string) => process.stderr.write(`${s}\n`);
const now = () => performance.timeOrigin + performance.now();
const gc = (globalThis as { gc?: () => void }).gc;
const rssMb = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().rss / 2 ** 20;
};

const work = mkdtempSync(path.join(tmpdir(), 'sb-bench-capture-'));
const sim = SimProcess.start();
const { url, messages: onPhones } = await sim.setup(ACCOUNTS, PER_CHAT);
log(`simulator: ${ACCOUNTS} phones, ${onPhones.join(' / ')} messages`);
const { archive, paths } = await Archive.openProfile(path.join(work, 'profile'), staticKeyProvider(generateKey()), { create: true });
const host = new ChromiumPageHost({ waUrl: url, isolation: 'context', reach: REACH });
const sup = new Supervisor({ archive, pageHost: host, mediaDir: paths.media, log, hibernation: { sweepEveryMs: null } });
await sup.ready();

try {
  // warm the browser and the libraries so the baseline holds what every account shares
  const warm = await host.open({ accountId: 'warmup', partitionId: 'warmup', proxy: null });
  await warm.page.evaluate('1');
  await host.purge('warmup');
  const baseline = rssMb();

  const ids: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) ids.push((await sup.addAccount({ label: `Bench ${i + 1}` })).accountId);
  const syncingAt = new Map<string, number>();
  const backfill = new Map<string, { ms: number; messages: number }>();
  sup.on('qr', (e) => void sim.scan(ids.indexOf(e.accountId), e.qr));
  sup.on('state', (e) => {
    if (e.state === 'syncing' && !syncingAt.has(e.accountId)) syncingAt.set(e.accountId, now());
  });
  sup.on('sync', (s) => {
    if (s.phase === 'done' && !backfill.has(s.accountId)) {
      backfill.set(s.accountId, { ms: now() - syncingAt.get(s.accountId)!, messages: s.messages });
      log(`backfill ${s.accountId}: ${s.messages} messages in ${Math.round(backfill.get(s.accountId)!.ms)} ms`);
    }
  });
  // accounts start one after another, as startAll() staggers them in the app
  const t0 = now();
  for (const [i, id] of ids.entries()) {
    await sup.start(id);
    while (backfill.size <= i) await new Promise((r) => setTimeout(r, 20));
  }
  const backfillWallMs = now() - t0;
  await sup.settle();
  const attached = rssMb();
  log(`rss: ${round(baseline)} MB before accounts, ${round(attached)} MB with ${ACCOUNTS} attached`);

  // live: every phone sends a burst every 100 ms; latency = delivered → row committed
  const committed = new Map<string, number>();
  sup.on('captured', (c) => committed.set(c.messageId, now()));
  const deliveries = await sim.live(BURSTS, 100);
  const deadline = Date.now() + 30_000;
  while (deliveries.some((d) => !committed.has(d.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await sup.settle();
  const latencies = deliveries.filter((d) => committed.has(d.id)).map((d) => committed.get(d.id)! - d.at);
  const afterLive = rssMb();

  let missing = 0;
  let duplicates = 0;
  let mismatches = 0;
  for (const [i, id] of ids.entries()) {
    const cmp = await compareWithTruth(archive, id, await sim.truth(i), { expectRevokeMe: true });
    missing += cmp.missing.length;
    duplicates += cmp.unexpected.length;
    mismatches += cmp.mismatches.length;
  }
  const perAccount = [...backfill.values()].map((b) => b.messages / (b.ms / 1000));
  const backfillMessages = [...backfill.values()].reduce((n, b) => n + b.messages, 0);
  console.log(JSON.stringify({
    accounts: ACCOUNTS,
    reach: REACH,
    backfill_messages: backfillMessages,
    backfill_msgs_per_s: round(Math.min(...perAccount), 0),
    backfill_msgs_per_s_mean: round(perAccount.reduce((a, b) => a + b, 0) / perAccount.length, 0),
    backfill_wall_s: round(backfillWallMs / 1000, 1),
    live_msgs: deliveries.length,
    capture_latency_p50_ms: round(percentile(latencies, 50), 1),
    capture_latency_p99_ms: round(percentile(latencies, 99), 1),
    missing: missing + deliveries.length - latencies.length,
    duplicates,
    mismatches,
    node_rss_mb_per_account: round((attached - baseline) / ACCOUNTS, 1),
    node_rss_mb_per_account_after_live: round((afterLive - baseline) / ACCOUNTS, 1),
    gc_exposed: !!gc,
  }));
} finally {
  await sup.close();
  await host.close();
  await archive.close();
  await sim.close();
  rmSync(work, { recursive: true, force: true });
}
