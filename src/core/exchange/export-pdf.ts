import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../util/chromium';
import { esc, type ExportLanguage, labels, rangeText, timeFormatter } from './export-html';
import type { ExportFile } from './export-schema';

/**
 * PDF through Chromium's printing: the export's HTML, with a header naming the account,
 * chat and range on every page and a footer with the content's sha256 and page numbers.
 * One browser serves every file of an export; close() ends it.
 */
export class PdfPrinter {
  private browser: Promise<Browser> | null = null;

  constructor(private readonly options: { executablePath?: string } = {}) {}

  private launch(): Promise<Browser> {
    this.browser ??= puppeteer.launch({
      executablePath: chromiumPath(this.options.executablePath),
      headless: true,
      // CDP over stdio pipes: printing opens no DevTools port
      pipe: true,
      args: [...CHROMIUM_FLAGS, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    });
    return this.browser;
  }

  async print(html: string, file: ExportFile, o: { timeZone: string; language: ExportLanguage }): Promise<Buffer> {
    const browser = await this.launch();
    const page = await browser.newPage();
    try {
      // The page is ours: no network, no scripts needed to print it.
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (req) => (req.url().startsWith('data:') ? req.continue() : req.abort()));
      await page.setContent(html, { waitUntil: 'load', timeout: 120_000 });
      const L = labels(o.language);
      const fmt = timeFormatter(o.timeZone);
      const accounts = [...new Set(file.chats.map((c) => c.accountLabel))].join(', ');
      const chats = file.chats.map((c) => c.chatName ?? c.chatId).join(', ');
      const style = 'font-size:8px;width:100%;padding:0 12mm;color:#444;font-family:sans-serif;';
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        margin: { top: '16mm', bottom: '16mm', left: '10mm', right: '10mm' },
        headerTemplate: `<div style="${style}display:flex;justify-content:space-between"><span>${esc(L.account)}: ${esc(accounts)} · ${esc(L.chat)}: ${esc(chats)}</span><span>${esc(L.range)}: ${esc(rangeText(file, fmt, o.language))}</span></div>`,
        footerTemplate: `<div style="${style}display:flex;justify-content:space-between"><span>${esc(L.sha)}: ${esc(file.contentSha256)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
        timeout: 300_000,
      });
      return Buffer.from(pdf);
    } finally {
      await page.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b) await (await b).close().catch(() => {});
  }
}
