/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// npm run bench:ui — the built app renderer in Debian Chromium, bound to a real Core on a
// 1,000,000-message archive (cached between runs in the temp folder). Measures startup,
// opening a 100k-message chat, search as you type, scrolling and the renderer's heap.
// Progress goes to stderr; the last stdout line is one JSON object.
import { chromium, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCore } from '../src/core/app';
import { Archive } from '../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../src/core/archive/key';
import { bindBridge } from '../tests/e2e/harness/bridge';
import { seedBigChat } from '../tests/e2e/harness/seed';
import { RENDERER_DIR, serveRenderer } from '../tests/e2e/harness/server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/playwright.config';
import { accountId, type CorpusShape, messageBatch, setupOps } from './lib/corpus';

const BIG = 100_000;
const shape: CorpusShape = { messages: 900_000, accounts: 5, chats: 2000, start: Date.UTC(2023, 0, 1) };
const BIG_CHAT = '51987654321@c.us';
const CACHE = path.join(tmpdir(), 'sb-bench-ui-v2');
const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number) => Math.round(n * 10) / 10;
/** Runs one measured step; a failure names the step, so the bench says what broke. */
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw new Error(`${name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** The 1M-message profile: 900k corpus messages over 2,000 chats plus one 100k-message chat. */
async function ensureProfile(): Promise<{ dir: string; key: Buffer }> {
  if (existsSync(path.join(CACHE, 'complete'))) {
    log(`using the cached archive in ${CACHE}`);
    return { dir: CACHE, key: Buffer.from(readFileSync(path.join(CACHE, 'key.hex'), 'utf8'), 'hex') };
  }
  const building = `${CACHE}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const key = generateKey();
  const { archive } = await Archive.openProfile(path.join(building), staticKeyProvider(key), { create: true });
  const t = performance.now();
  await archive.write(setupOps(shape));
  await archive.write([{ op: 'upsertContact', accountId: accountId(0), contactId: BIG_CHAT, savedName: 'Importadora Andina', phone: '+51 987 654 321' }]);
  for (let from = 0; from < shape.messages; from += 25_000) {
    await archive.write(messageBatch(shape, from, from + 25_000), 0);
    log(`writing the corpus: ${(from + 25_000).toLocaleString()} / ${shape.messages.toLocaleString()}`);
  }
  await seedBigChat(archive, accountId(0), BIG_CHAT, BIG, Date.now() - 60_000, 0, 25_000);
  await archive.close();
  writeFileSync(path.join(building, 'key.hex'), key.toString('hex'));
  writeFileSync(path.join(building, 'complete'), new Date().toISOString());
  rmSync(CACHE, { recursive: true, force: true });
  renameSync(building, CACHE);
  log(`archive of ${(shape.messages + BIG).toLocaleString()} messages written in ${Math.round((performance.now() - t) / 1000)} s`);
  return { dir: CACHE, key };
}

/** Navigation start → the first chat row on screen. */
async function startup(page: Page, origin: string): Promise<number> {
  await page.goto(origin);
  await page.waitForFunction(() => (window as unknown as { __firstRow?: number }).__firstRow !== undefined);
  return page.evaluate(() => (window as unknown as { __firstRow: number }).__firstRow);
}

/** Click on the chat → its newest message is in the DOM and on screen. On a timeout the error
 * says what the thread showed instead, so an app that misbehaves fails the bench with the reason. */
async function openBigChat(page: Page): Promise<number> {
  return page.evaluate(async (newestId) => {
    const item = document.querySelector<HTMLElement>('[data-testid="chat-item"][data-chat-id="51987654321@c.us"]');
    if (!item) throw new Error('open the 100k-message chat: its row 51987654321@c.us is not in the chat list');
    const describe = () => {
      const thread = document.querySelector<HTMLElement>('[data-testid="thread"]');
      const scroll = document.querySelector<HTMLElement>('[data-testid="thread-scroll"]');
      const ids = [...document.querySelectorAll<HTMLElement>('[data-testid="thread"] [data-wa-id]')].map((e) => e.dataset.waId);
      const r = document.querySelector(`[data-testid="thread"] [data-wa-id="${newestId}"]`)?.getBoundingClientRect();
      return [
        `thread title ${JSON.stringify(document.querySelector('[data-testid="thread-title"]')?.textContent ?? null)}`,
        `data-total ${thread?.dataset.total ?? 'no thread'}`,
        `${ids.length} messages rendered (first ${ids[0] ?? '-'}, last ${ids.at(-1) ?? '-'})`,
        r ? `the newest is at top ${Math.round(r.top)} bottom ${Math.round(r.bottom)}, the thread box at ${Math.round(scroll?.getBoundingClientRect().top ?? 0)}–${Math.round(scroll?.getBoundingClientRect().bottom ?? 0)}` : 'the newest is not in the DOM',
        scroll ? `scrollTop ${Math.round(scroll.scrollTop)} of scrollHeight ${scroll.scrollHeight}, clientHeight ${scroll.clientHeight}` : 'no thread-scroll',
        `banners: ${[...document.querySelectorAll('[data-testid="thread"] .banner')].map((b) => b.textContent).join(' | ') || 'none'}`,
      ].join('; ');
    };
    return new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      // On screen means inside the thread's scroll box, not merely inside the window: a row
      // scrolled just below the box is clipped (under the composer) yet inside the window.
      const onScreen = () => {
        const el = document.querySelector(`[data-testid="thread"] [data-wa-id="${newestId}"]`);
        const box = document.querySelector('[data-testid="thread-scroll"]');
        if (!el || !box) return false;
        const r = el.getBoundingClientRect();
        const b = box.getBoundingClientRect();
        return r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
      };
      // Checked on DOM changes, on scroll and every frame: the virtualizer's last scroll
      // correction can bring the row into view without changing the DOM, and a check on
      // mutations alone then waits for a change that never comes (the bench's old failure).
      let frame = 0;
      let settled = false;
      const stop = () => {
        settled = true;
        mo.disconnect();
        document.removeEventListener('scroll', check, true);
        cancelAnimationFrame(frame);
        clearTimeout(timer);
      };
      const check = () => {
        if (!onScreen()) return;
        stop();
        resolve(performance.now() - t0);
      };
      const everyFrame = () => {
        check();
        if (!settled) frame = requestAnimationFrame(everyFrame);
      };
      const mo = new MutationObserver(check);
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`open the 100k-message chat: the newest message ${newestId} never showed in the thread within 20 s: ${describe()}`));
      }, 20_000);
      mo.observe(document.body, { subtree: true, childList: true, attributes: true });
      document.addEventListener('scroll', check, true);
      frame = requestAnimationFrame(everyFrame);
      item.click();
    });
  }, `${(BIG - 1) % 3 === 0}_${BIG_CHAT}_BIG${(BIG - 1).toString().padStart(9, '0')}`);
}

/** Last keystroke (input event) → the results list shows the hits for the full query. */
async function searchAsYouType(page: Page, query: string): Promise<number> {
  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').waitFor();
  await page.evaluate((final) => {
    const w = window as unknown as { __lastKey: number; __rendered: number };
    w.__lastKey = 0;
    w.__rendered = 0;
    // 'input', not keydown: characters typed through an IME (Chinese) arrive without key events.
    document.querySelector('[data-testid="search-input"]')!
      .addEventListener('input', () => { w.__lastKey = performance.now(); }, { capture: true });
    const list = document.querySelector<HTMLElement>('[data-testid="search-results"]')!;
    new MutationObserver((_, mo) => {
      if (list.dataset.query === final && list.querySelector('[data-testid="search-hit"]')) {
        w.__rendered = performance.now();
        mo.disconnect();
      }
    }).observe(list, { subtree: true, childList: true, characterData: true, attributes: true });
  }, query);
  await page.keyboard.type(query, { delay: 60 });
  await page.waitForFunction(() => (window as unknown as { __rendered: number }).__rendered > 0, undefined, { timeout: 10_000 });
  const ms = await page.evaluate(() => {
    const w = window as unknown as { __lastKey: number; __rendered: number };
    return w.__rendered - w.__lastKey;
  });
  await page.keyboard.press('Escape');
  return ms;
}

/** Frames per second while the thread scrolls programmatically by 40px every frame for 3 s (up, or down). */
async function scrollFps(page: Page, step: number): Promise<{ fps: number; worstFrameMs: number }> {
  return page.evaluate((delta) => new Promise((resolve) => {
    const el = document.querySelector('[data-testid="thread-scroll"]')!;
    let frames = 0;
    let worst = 0;
    let last = performance.now();
    const start = last;
    const tick = (now: number) => {
      frames++;
      worst = Math.max(worst, now - last);
      last = now;
      el.scrollTop += delta;
      if (now - start < 3000) requestAnimationFrame(tick);
      else resolve({ fps: (frames - 1) / ((now - start) / 1000), worstFrameMs: worst });
    };
    requestAnimationFrame(tick);
  }), step);
}

async function main(): Promise<void> {
  const profile = await ensureProfile();
  const { archive, paths } = await Archive.openProfile(profile.dir, staticKeyProvider(profile.key));
  const stats = await archive.query('stats');
  const real = await createCore({ archive, paths, supervisor: null, keys: staticKeyProvider(profile.key), version: 'bench' });
  // Count calls in flight, so each measurement starts with Core idle (as when a user clicks).
  let inFlight = 0;
  const timings: string[] = [];
  const core: typeof real = {
    ...real,
    async handle(channel, input) {
      inFlight++;
      const t = performance.now();
      try {
        return await real.handle(channel, input);
      } finally {
        inFlight--;
        timings.push(`${channel} ${Math.round(performance.now() - t)}`);
      }
    },
  };
  const idle = async () => {
    while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  };
  const server = await serveRenderer(RENDERER_DIR, () => core);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error') log(`renderer: ${m.text()}`); });
    page.on('pageerror', (e) => log(`renderer: ${e.message}`));
    page.on('crash', () => log('renderer: the page crashed'));
    page.on('close', () => log('renderer: the page closed'));
    // tsx compiles this file with esbuild's keepNames: the functions passed to page.evaluate call __name.
    await page.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
    await bindBridge(page, core, server.mediaOrigin);
    // Harness-side probe: when the first chat row appears (the renderer knows nothing of it).
    await page.addInitScript(`new MutationObserver((_, mo) => {
      if (document.querySelector('[data-testid="chat-item"]')) { window.__firstRow = performance.now(); mo.disconnect(); }
    }).observe(document, { subtree: true, childList: true });`);

    log('startup');
    await idle();
    await step('startup (warm-up)', () => startup(page, server.origin)); // warm the OS file cache and the archive's page cache
    const startups: number[] = [];
    for (let i = 0; i < 5; i++) {
      await idle();
      startups.push(await step(`startup ${i + 1}`, () => startup(page, server.origin)));
    }

    log('open the 100k-message chat');
    const opens: number[] = [];
    for (let i = 0; i < 5; i++) {
      await idle();
      timings.length = 0;
      opens.push(await openBigChat(page));
      log(`  calls during the open: ${timings.join(', ')}`);
      await page.getByTestId('chat-item').nth(1).click(); // away, so the next open starts cold
      await page.locator('[data-testid="thread"] [data-testid="message"]').first().waitFor();
      await page.getByTestId('thread-title').filter({ hasNotText: 'Importadora Andina' }).waitFor();
    }
    await openBigChat(page);

    log('search as you type');
    const searches: number[] = [];
    for (const q of ['发票', 'factura proforma', 'packing list', 'cotización', '报价 样品', 'FOB Shanghai']) {
      await idle();
      searches.push(await step(`search as you type ${JSON.stringify(q)}`, () => searchAsYouType(page, q)));
    }

    log('scroll');
    const up = await scrollFps(page, -40); // from the newest messages upwards
    await page.getByTestId('thread-scroll').evaluate((el) => { el.scrollTop = 0; });
    await page.locator('.msg-skeleton').filter({ visible: true }).first().waitFor({ state: 'detached' }).catch(() => {});
    const down = await scrollFps(page, 40); // from the first message downwards
    const scroll = up.fps < down.fps ? up : down;
    log(`scroll up ${round(up.fps)} fps (worst frame ${round(up.worstFrameMs)} ms), down from the top ${round(down.fps)} fps (worst ${round(down.worstFrameMs)} ms)`);

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');

    const result = {
      bench: 'ui',
      archive_messages: stats.messages,
      startup_to_interactive_ms: round(median(startups)),
      open_chat_100k_ms: round(median(opens)),
      search_render_ms: round(median(searches)),
      search_render_max_ms: round(Math.max(...searches)),
      scroll_fps: round(scroll.fps),
      scroll_worst_frame_ms: round(scroll.worstFrameMs),
      renderer_heap_mb: round(heap.usedSize / 1024 / 1024),
      targets: { startup_to_interactive_ms: 800, open_chat_100k_ms: 150, search_render_ms: 100, scroll_fps: 50, renderer_heap_mb: 150 },
    };
    log(`startups ${startups.map(round).join(', ')}; opens ${opens.map(round).join(', ')}; searches ${searches.map(round).join(', ')}`);
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
    await server.close();
    await real.close();
  }
}

main().catch((err: unknown) => {
  console.error(`bench:ui failed: ${err instanceof Error ? err.message : String(err)}`);
  console.error(err);
  process.exit(1);
});
