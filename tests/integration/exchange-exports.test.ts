import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import puppeteer, { type Browser } from 'puppeteer-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from '../../src/core/util/chromium';
import { contentHash, exportChats } from '../../src/core/exchange/chat-export';
import { CSV_COLUMNS } from '../../src/core/exchange/export-csv';
import { ExportFile } from '../../src/core/exchange/export-schema';
import { type TempArchive, tempArchive } from '../helpers/archive';
import { tempDir } from '../helpers/temp';
import { ANA, T0 } from '../unit/crm/world';
import { seedRich } from './exchange-fixtures';

const OTHER_ANA = '5511900000009@c.us';
let source: TempArchive;
let browser: Browser;
const mediaOf = (t: TempArchive) => path.join(t.dir, 'media');
const base = () => ({ archive: source.archive, mediaDir: mediaOf(source), timeZone: 'Asia/Shanghai' });

beforeAll(async () => {
  source = await tempArchive('file');
  await seedRich(source.archive, mediaOf(source));
  // a second chat whose contact is also called "Ana", in another account
  await source.archive.write([
    { op: 'upsertContact', accountId: 'acc-3', contactId: OTHER_ANA, phone: '5511900000009', pushName: 'Ana', at: T0 },
    { op: 'upsertMessage', accountId: 'acc-3', message: { id: 'false_other_ana', chatId: OTHER_ANA, senderId: OTHER_ANA, fromMe: false,
      type: 'chat', body: '=HYPERLINK("http://evil")\nsecond line', timestamp: T0 + 90_000 } },
  ]);
  browser = await puppeteer.launch({ executablePath: DEFAULT_CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS, '--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
});

describe('exports', () => {
  it('HTML looks like a chat, escapes every text, embeds images and links other media beside it', async () => {
    const out = tempDir();
    const { files, messages } = await exportChats({ ...base(), outDir: out, format: 'html', selection: { kind: 'chat', accountId: 'acc-1', chatId: ANA } });
    expect(messages).toBe(6);
    expect(path.basename(files[0]!)).toBe(`Ana [${ANA} acc-1].html`);
    const page = await browser.newPage();
    try {
      await page.goto(pathToFileURL(files[0]!).href);
      const dom = await page.evaluate(() => ({
        scripts: document.querySelectorAll('script').length,
        bubbles: document.querySelectorAll('.msg').length,
        out: document.querySelectorAll('.msg.out').length,
        bold: document.querySelectorAll('.bubble b').length,
        texts: [...document.querySelectorAll('.bubble .text')].map((e) => e.textContent),
        img: document.querySelector('.media img')?.getAttribute('src')?.slice(0, 22),
        link: document.querySelector('.media a')?.getAttribute('href'),
        flags: [...document.querySelectorAll('.flag')].map((e) => e.textContent),
        header: document.querySelector('header')?.textContent ?? '',
      }));
      expect(dom).toMatchObject({ scripts: 0, bubbles: 6, out: 2, bold: 0, img: 'data:image/png;base64,' });
      expect(dom.texts).toContain('the <b>sample</b> & "box"');
      expect(dom.texts).toContain('price 3.0?');
      expect(dom.flags).toEqual(['🚫 deleted for everyone (original kept)']);
      expect(dom.header).toContain('Sales 1');
      expect(existsSync(path.join(out, decodeURI(dom.link!)))).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('PDF: header with account, chat and range, the content sha256 in the footer, text and pages readable', async () => {
    const out = tempDir();
    const from = T0;
    const to = T0 + 86_400_000;
    const pdf = await exportChats({ ...base(), outDir: out, format: 'pdf', selection: { kind: 'customer', customerId: 'p:34600000001' }, from, to });
    const json = await exportChats({ ...base(), outDir: out, format: 'json', selection: { kind: 'customer', customerId: 'p:34600000001' }, from, to });
    expect(pdf.sha256).toEqual(json.sha256);
    const doc = await getDocumentProxy(new Uint8Array(readFileSync(pdf.files[0]!)));
    expect(doc.numPages).toBeGreaterThanOrEqual(1);
    const { text } = await extractText(doc, { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(pdf.sha256[0]);
    expect(flat).toContain('Account: Sales 1');
    expect(flat).toContain('2024-05-01 16:00 – 2024-05-02 16:00');
    expect(flat).toContain('FOB Shanghai 3.2 USD');
    expect(flat).toContain('Chen'); // merged into Ana: its chat is part of the customer
  });

  it('CSV: one row per message, UTF-8 with BOM, formulas neutralised; same-named chats get their own files', async () => {
    const out = tempDir();
    const { files, messages } = await exportChats({ ...base(), outDir: out, format: 'csv', selection: { kind: 'range' }, from: T0, to: T0 + 3600_000 });
    const names = readdirSync(out).filter((f) => f.endsWith('.csv')).sort();
    expect(names).toContain(`Ana [${ANA} acc-1].csv`);
    expect(names).toContain(`Ana García [${ANA} acc-2].csv`);
    expect(names).toContain(`Ana [${OTHER_ANA} acc-3].csv`);
    let rows = 0;
    const evil: Record<string, string>[] = [];
    for (const f of files) {
      const bytes = readFileSync(f);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const records = parseCsv(bytes, { bom: true, columns: true }) as Record<string, string>[];
      expect(Object.keys(records[0]!)).toEqual([...CSV_COLUMNS]);
      rows += records.length;
      evil.push(...records.filter((r) => r.message_id === 'false_other_ana'));
    }
    // the formula a buyer sent is exported as text, in exactly one file
    expect(evil.map((r) => r.text)).toEqual(['\'=HYPERLINK("http://evil")\nsecond line']);
    expect(rows).toBe(messages);
    expect(messages).toBe(11);
    expect(files).toHaveLength(6);
  });

  it('JSON matches its schema and its content hash; exporting again never overwrites', async () => {
    const out = tempDir();
    const sel = { kind: 'chat', accountId: 'acc-1', chatId: ANA } as const;
    const first = await exportChats({ ...base(), outDir: out, format: 'json', selection: sel });
    const second = await exportChats({ ...base(), outDir: out, format: 'json', selection: sel });
    expect(path.basename(second.files[0]!)).toBe(`Ana [${ANA} acc-1] (2).json`);
    const doc = ExportFile.parse(JSON.parse(readFileSync(first.files[0]!, 'utf8')));
    expect(contentHash(doc.chats)).toBe(doc.contentSha256);
    const nulled = JSON.stringify(doc.chats, (k, v: unknown) => (k === 'file' ? null : v));
    expect(createHash('sha256').update(nulled).digest('hex')).toBe(doc.contentSha256);
    const photo = doc.chats[0]!.messages.find((m) => m.id === 'false_A_photo')!;
    expect(photo.media).toMatchObject({ mime: 'image/png', filename: 'IMG 01.png' });
    expect(readFileSync(path.join(out, photo.media!.file!))).toEqual(readFileSync(path.join(mediaOf(source), photo.media!.sha256!.slice(0, 2), photo.media!.sha256!)));
    const revoked = doc.chats[0]!.messages.find((m) => m.id === 'false_A_revoked')!;
    expect(revoked).toMatchObject({ revoked: 'everyone', body: 'delete me \ud800 lone surrogate' });
    expect(doc.chats[0]!.messages.find((m) => m.id === 'false_A_edited')).toMatchObject({ text: 'price 3.0?', body: 'price 3.1?',
      revisions: [{ body: 'price 3.0?' }] });
  });

  it('cancel stops the export and leaves nothing behind', async () => {
    const out = tempDir();
    const abort = new AbortController();
    const run = exportChats({ ...base(), outDir: out, format: 'html', selection: { kind: 'range' }, signal: abort.signal,
      onProgress: (p) => { if (p.done > 0) abort.abort(); } });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(out)).toEqual([]);
    await expect(exportChats({ ...base(), outDir: out, format: 'html', selection: { kind: 'chat', accountId: 'acc-1', chatId: 'nope@c.us' } }))
      .rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
