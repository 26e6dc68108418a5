// npm run bench:console [-- --messages N --desktops D --rounds R --restore M]
// The lead's console against a real team server and a real PostgreSQL (a private cluster):
// - console_startup_ms: browser navigation to the first chat row over a team archive of N
//   messages (default 2,000,000 in 100 accounts, written straight into PostgreSQL);
// - tile_update_p95_ms: D desktops (real archives and Replicators) send live traffic; a
//   message committed on a desktop → visible in the lead's 3×3 tiles (the page notes when
//   each text appears);
// - restore_msgs_per_s: an account of M messages (default 100,000) brought down to a new
//   desktop (restoreFromTeam).
// Progress goes to stderr; the last stdout line is one JSON object.
import { chromium } from '@playwright/test';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Archive } from '../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../src/core/archive/key';
import { enroll } from '../src/core/team/enrollment';
import { Replicator } from '../src/core/team/replicator';
import { restoreFromTeam } from '../src/core/team/restore';
import { API_PREFIX } from '../src/core/team/wire';
import { startLocalCluster } from '../src/server/pg/local-cluster';
import { createEnrollmentCode } from '../src/server/team/accounts';
import { createUser } from '../src/server/team/users';
import { initTeamServer, startTeamServer } from '../src/server/team-server';
import { RENDERER_DIR } from '../tests/e2e/harness/server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/playwright.config';
import { argValue, percentile, round } from './lib/stats';

const MESSAGES = argValue('messages', 2_000_000);
const DESKTOPS = argValue('desktops', 20);
const ROUNDS = argValue('rounds', 10);
const RESTORE = argValue('restore', 100_000);
const ACCOUNTS = 100;
const CHATS_PER_ACCOUNT = 20;
const PASSWORD = 'bench password';
const log = (s: string) => process.stderr.write(`${s}\n`);
const work = mkdtempSync(path.join(tmpdir(), 'sb-bench-console-'));
chmodSync(work, 0o755);

async function main() {
  log('starting a private PostgreSQL cluster…');
  const cluster = await startLocalCluster({ dataDir: path.join(work, 'pg') });
  const { adminId } = await initTeamServer(cluster.url, { login: 'admin', name: 'Admin', password: PASSWORD });
  const server = await startTeamServer({ databaseUrl: cluster.url, listen: { host: '127.0.0.1', port: 0 }, consoleDir: RENDERER_DIR, poolSize: 16 });
  const pool = server.pool;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const archives: Archive[] = [];
  try {
    // ---- a big team archive, written straight into PostgreSQL
    log(`writing ${MESSAGES.toLocaleString()} messages into the team archive…`);
    const perChat = Math.ceil(MESSAGES / (ACCOUNTS * CHATS_PER_ACCOUNT));
    await pool.query(`INSERT INTO accounts (id, label, partition_id, created_at, me_wa_id)
      SELECT '86139' || lpad(a::text, 6, '0') || '@c.us', 'Big ' || a, 'p-big-' || a, 0, '86139' || lpad(a::text, 6, '0') || '@c.us'
      FROM generate_series(1, ${ACCOUNTS}) a`);
    await pool.query(`INSERT INTO chats (account_id, wa_id, kind, known, name)
      SELECT '86139' || lpad(a::text, 6, '0') || '@c.us', '346' || lpad((a * 100 + c)::text, 8, '0') || '@c.us', 'direct', 1, 'Buyer ' || a || '-' || c
      FROM generate_series(1, ${ACCOUNTS}) a, generate_series(1, ${CHATS_PER_ACCOUNT}) c`);
    const chatIds = (await pool.query<{ id: number }>('SELECT id FROM chats ORDER BY id')).rows.map((r) => r.id);
    for (let i = 0; i < chatIds.length; i += 200) {
      await pool.query(`INSERT INTO messages (account_id, wa_id, chat_id, sort_key, from_me, type, body, ts, received_at)
        SELECT c.account_id, 'big_' || c.id || '_' || n, c.id, (1700000000000 + (c.id * ${perChat} + n) * 1000) * 1024, n % 2, 'chat',
          'Hola, precio FOB ' || n || ' 报价 ' || c.id, 1700000000000 + (c.id * ${perChat} + n) * 1000, 1700000000000 + (c.id * ${perChat} + n) * 1000
        FROM chats c, generate_series(1, ${perChat}) n WHERE c.id = ANY($1::bigint[])`, [chatIds.slice(i, i + 200)]);
      if (i % 1000 === 0) log(`  ${Math.min(i + 200, chatIds.length)}/${chatIds.length} chats`);
    }
    await pool.query(`UPDATE chats c SET last_message_ts = x.ts, last_message_id = x.id, last_message_wa_id = x.wa_id
      FROM (SELECT DISTINCT ON (chat_id) chat_id, ts, id, wa_id FROM messages ORDER BY chat_id, sort_key DESC) x WHERE x.chat_id = c.id`);
    await pool.query('ANALYZE');
    const total = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM messages')).rows[0]!.n;

    // ---- the console starting: navigation → the first chat row
    const signIn = await fetch(`${server.url}${API_PREFIX}/session`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: PASSWORD }) });
    const [cookieName, cookieValue] = signIn.headers.get('set-cookie')!.split(';')[0]!.split('=') as [string, string];
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies([{ name: cookieName, value: cookieValue, url: server.url }]);
    const page = await context.newPage();
    const startups: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      await page.goto(server.url);
      await page.getByTestId('chat-item').first().waitFor({ state: 'visible' });
      // the first load warms the server's caches and the browser's: not counted
      if (i > 0) startups.push(performance.now() - t);
    }
    log(`console startup over ${total.toLocaleString()} messages: ${startups.map((s) => Math.round(s)).join(', ')} ms`);

    // ---- live traffic from D desktops into the lead's tiles
    log(`${DESKTOPS} desktops, live traffic into 3×3 tiles…`);
    const desktops: Array<{ archive: Archive; rep: Replicator; number: string }> = [];
    for (let n = 0; n < DESKTOPS; n++) {
      const keys = staticKeyProvider(generateKey());
      mkdirSync(path.join(work, `d${n}`));
      const archive = await Archive.open({ file: path.join(work, `d${n}`, 'archive.db'), keys, create: true });
      archives.push(archive);
      const number = `86138${String(n).padStart(6, '0')}@c.us`;
      await archive.write([
        { op: 'createAccount', accountId: 'local', label: `Desk ${n}`, partitionId: `p-${n}` },
        { op: 'patchAccount', accountId: 'local', meId: number },
        { op: 'upsertMessage', accountId: 'local', message: { id: `hello_${n}`, chatId: '34600000001@c.us', senderId: '34600000001@c.us',
          fromMe: false, type: 'chat', body: `hello ${n}`, timestamp: Date.now() } },
      ]);
      const user = await createUser(pool, { login: `rep${n}`, name: `Rep ${n}`, role: 'rep', team: 'A' }, 'bench');
      const enrollment = await enroll(archive, keys, { serverUrl: server.url, code: await createEnrollmentCode(pool, user, 'bench'), deviceName: `pc${n}` });
      const rep = new Replicator({ archive, enrollment, idleMs: 1000 });
      await rep.drain();
      rep.start();
      desktops.push({ archive, rep, number });
    }
    const tiled = desktops.slice(0, 9);
    await pool.query(`INSERT INTO user_prefs (user_id, key, value) VALUES ($1, 'layout', $2)
      ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value`,
    [adminId, JSON.stringify({ mode: '3x3', accountIds: tiled.map((d) => d.number), colSizes: [], rowSizes: [], blur: false, review: false })]);
    await page.goto(server.url);
    await page.getByTestId('nav-live').click();
    await page.getByTestId('archive-tile').nth(tiled.length - 1).waitFor({ state: 'visible' });
    // the page notes when each live text first appears
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { __seen: Record<string, number> }).__seen = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid="tile-message"]')) {
          const m = /live-(\d+)-(\d+)/.exec(el.textContent ?? '');
          if (m && seen[m[0]] === undefined) seen[m[0]] = performance.timeOrigin + performance.now();
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const committed: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(desktops.map(async (d, n) => {
        const tag = `live-${n}-${round}`;
        await d.archive.write([{ op: 'upsertMessage', accountId: 'local', message: { id: `${tag}_x`, chatId: '34600000001@c.us',
          senderId: '34600000001@c.us', fromMe: false, type: 'chat', body: `${tag} ¿precio?`, timestamp: Date.now() } }]);
        committed[tag] = Date.now();
        d.rep.nudge();
      }));
      // every tiled desktop's message of this round is on screen before the next round
      await page.waitForFunction(([r, count]) => Array.from({ length: count }, (_, n) => `live-${n}-${r}`)
        .every((k) => (window as unknown as { __seen: Record<string, number> }).__seen[k] !== undefined), [round, tiled.length] as const, { timeout: 60_000 });
    }
    const seen = await page.evaluate(() => (window as unknown as { __seen: Record<string, number> }).__seen);
    const lags = Object.entries(seen).filter(([k]) => committed[k] !== undefined).map(([k, at]) => at - committed[k]!);
    await Promise.all(desktops.map((d) => d.rep.stop()));
    await context.close();

    // ---- restore of a big account onto a new desktop
    log(`restore of a ${RESTORE.toLocaleString()}-message account…`);
    const restoreChats = 100;
    const perRestoreChat = Math.ceil(RESTORE / restoreChats);
    const big = '8613700000001@c.us';
    await pool.query(`INSERT INTO accounts (id, label, partition_id, created_at, me_wa_id) VALUES ($1, 'Restore me', 'p-restore', 0, $1)`, [big]);
    await pool.query(`INSERT INTO chats (account_id, wa_id, kind, known, name)
      SELECT $1, '347' || lpad(c::text, 8, '0') || '@c.us', 'direct', 1, 'Restore buyer ' || c FROM generate_series(1, ${restoreChats}) c`, [big]);
    await pool.query(`INSERT INTO messages (account_id, wa_id, chat_id, sort_key, from_me, type, body, ts, received_at)
      SELECT c.account_id, 'r_' || c.id || '_' || n, c.id, (1600000000000 + (c.id * ${perRestoreChat} + n) * 1000) * 1024, n % 2, 'chat',
        'Quotation ' || n || ' 报价 ' || c.id, 1600000000000 + (c.id * ${perRestoreChat} + n) * 1000, 1600000000000 + (c.id * ${perRestoreChat} + n) * 1000
      FROM chats c, generate_series(1, ${perRestoreChat}) n WHERE c.account_id = $1`, [big]);
    const owner = await createUser(pool, { login: 'restorer', name: 'Restorer', role: 'rep', team: 'B' }, 'bench');
    await pool.query(`INSERT INTO account_assignments (account_id, user_id, assigned_at, assigned_by) VALUES ($1, $2, 0, 'bench')`, [big, owner]);
    const keys = staticKeyProvider(generateKey());
    mkdirSync(path.join(work, 'restore'));
    const fresh = await Archive.open({ file: path.join(work, 'restore', 'archive.db'), keys, create: true });
    archives.push(fresh);
    const enrollment = await enroll(fresh, keys, { serverUrl: server.url, code: await createEnrollmentCode(pool, owner, 'bench'), deviceName: 'new-pc' });
    const t = performance.now();
    const restored = await restoreFromTeam({ archive: fresh, enrollment, mediaDir: path.join(work, 'restore', 'media') });
    const restoreSeconds = (performance.now() - t) / 1000;

    const result = {
      bench: 'console',
      team_archive_messages: total,
      console_startup_ms: round(percentile(startups, 50), 1),
      console_startup_max_ms: round(Math.max(...startups), 1),
      desktops: DESKTOPS,
      tile_updates: lags.length,
      tile_update_p50_ms: round(percentile(lags, 50), 1),
      tile_update_p95_ms: round(percentile(lags, 95), 1),
      restore_messages: restored.messages,
      restore_msgs_per_s: Math.round(restored.messages / restoreSeconds),
      targets: { console_startup_ms: 1000, tile_update_p95_ms: 3000, restore_msgs_per_s: 10_000 },
    };
    console.log(JSON.stringify(result));
  } finally {
    for (const a of archives) await a.close().catch(() => undefined);
    await browser.close();
    await server.close();
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
