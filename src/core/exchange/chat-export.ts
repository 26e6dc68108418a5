import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExportFormat } from '../../shared/crm-views';
import type { Archive } from '../archive/archive';
import { mediaPath, sanitizeFilename } from '../archive/media-store';
import type { ExportChatRow } from '../archive/queries/exchange';
import type { Progress } from './bundle-export';
import { checkAborted, ExchangeError } from './errors';
import { renderCsv } from './export-csv';
import { type ExportLanguage, renderHtml } from './export-html';
import { PdfPrinter } from './export-pdf';
import type { ExportChat, ExportFile, ExportMessage } from './export-schema';

/**
 * Exports of a chat, a customer (all its chats) or a date range (one file per chat) as
 * HTML, PDF, CSV or JSON. File names come from a readable name plus the chat id and account
 * id, and an existing file is never replaced (a numbered name is chosen), so two chats
 * called "Ana" never overwrite each other. Cancelling or failing removes what this run
 * wrote.
 */

export { EXPORT_FORMATS, type ExportFormat } from '../../shared/crm-views';

export type ExportSelection =
  | { kind: 'chat'; accountId: string; chatId: string }
  | { kind: 'customer'; customerId: string }
  | { kind: 'range'; accountIds?: string[] };

export interface ChatExportOptions {
  archive: Archive;
  mediaDir: string;
  /** Folder the files go to (created when missing). */
  outDir: string;
  format: ExportFormat;
  selection: ExportSelection;
  from?: number;
  to?: number;
  timeZone?: string;
  language?: ExportLanguage;
  /** Copy media files beside the export (HTML, CSV, JSON); images up to 1 MB are embedded in HTML and PDF. */
  copyMedia?: boolean;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  now?: number;
  /** Reused across exports (PDF); otherwise one is started and closed for this export. */
  printer?: PdfPrinter;
}

export interface ChatExportResult {
  files: string[];
  messages: number;
  /** contentSha256 of each file, in order. */
  sha256: string[];
}

const PAGE = 1000;
const EMBED_MAX = 1024 * 1024;

interface Unit {
  title: string;
  /** Readable part and unique part of the file name. */
  name: string;
  ids: string;
  chats: ExportChatRow[];
}

async function unitsOf(o: ChatExportOptions): Promise<Unit[]> {
  const { archive, selection: s } = o;
  const range = { ...(o.from !== undefined ? { from: o.from } : {}), ...(o.to !== undefined ? { to: o.to } : {}) };
  if (s.kind === 'chat') {
    const [chat] = await archive.query('exportChats', { chats: [{ accountId: s.accountId, chatId: s.chatId }] });
    if (!chat) throw new ExchangeError('NOT_FOUND', `No chat ${s.chatId} in account ${s.accountId}.`);
    return [{ title: chat.name ?? chat.chatId, name: chat.name ?? '', ids: `${chat.chatId} ${chat.accountId}`, chats: [chat] }];
  }
  if (s.kind === 'customer') {
    const detail = await archive.query('customerDetail', { customerId: s.customerId });
    if (!detail) throw new ExchangeError('NOT_FOUND', `No customer ${s.customerId}. Refresh the customer list.`);
    const chats = await archive.query('exportChats', { chats: detail.members.map((m) => ({ accountId: m.accountId, chatId: m.contactId })) });
    return [{ title: detail.displayName, name: detail.displayName, ids: detail.customerId, chats }];
  }
  const chats = await archive.query('exportChats', { ...(s.accountIds ? { accountIds: s.accountIds } : {}), ...range });
  return chats.map((c) => ({ title: c.name ?? c.chatId, name: c.name ?? '', ids: `${c.chatId} ${c.accountId}`, chats: [c] }));
}

/** `Ana García [34600000001@c.us acc-1]`, sanitized; the bracket keeps same-named chats apart. */
function baseName(u: Unit): string {
  const readable = sanitizeFilename(u.name, 80) ?? '';
  const ids = sanitizeFilename(u.ids, 110) ?? 'export';
  return sanitizeFilename(`${readable} [${ids}]`.trim(), 200) ?? ids;
}

const EXT: Record<ExportFormat, string> = { html: 'html', pdf: 'pdf', csv: 'csv', json: 'json' };

/** A base name free for `<base>.<ext>` and `<base>_media`, numbered when taken. */
function freeBase(dir: string, base: string, ext: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const b = n === 1 ? base : `${base} (${n})`;
    if (!taken.has(b) && !existsSync(path.join(dir, `${b}.${ext}`)) && !existsSync(path.join(dir, `${b}_media`))) {
      taken.add(b);
      return b;
    }
  }
}

/** Writes a new file without ever replacing one: temp file, then a hard link that fails if the name exists. */
async function writeNew(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.partial-${randomBytes(4).toString('hex')}`;
  await writeFile(tmp, data, { flag: 'wx' });
  try {
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ExchangeError('TARGET_EXISTS', `${file} appeared while exporting; export again.`);
    throw err;
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/**
 * sha256 of the exported content, the same whatever the format: JSON.stringify(chats) with
 * every media `file` (where this export happened to put the bytes) set to null.
 */
export function contentHash(chats: ExportChat[]): string {
  return createHash('sha256').update(JSON.stringify(chats, (k, v: unknown) => (k === 'file' ? null : v))).digest('hex');
}

function mimeExt(mime: string | null): string {
  const sub = mime?.split('/')[1]?.split(';')[0]?.replace(/[^a-z0-9]/gi, '').slice(0, 8);
  return sub ? `.${sub}` : '';
}

export async function exportChats(o: ChatExportOptions): Promise<ChatExportResult> {
  if (o.from !== undefined && o.to !== undefined && o.from > o.to) throw new ExchangeError('INVALID_INPUT', 'The start of the range is after its end.');
  const timeZone = o.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const language = o.language ?? 'en';
  const copyMedia = (o.copyMedia ?? true) && o.format !== 'pdf';
  const units = await unitsOf(o);
  if (units.length === 0) throw new ExchangeError('NOT_FOUND', 'No messages in this range: nothing to export.');
  await mkdir(o.outDir, { recursive: true });
  const range = { ...(o.from !== undefined ? { from: o.from } : {}), ...(o.to !== undefined ? { to: o.to } : {}) };
  let total = 0;
  for (const u of units) total += await o.archive.query('bundleMessageCount', { chatRowIds: u.chats.map((c) => c.rowId), ...range });
  const created: string[] = [];
  const result: ChatExportResult = { files: [], messages: 0, sha256: [] };
  const printer = o.format === 'pdf' ? (o.printer ?? new PdfPrinter()) : null;
  const taken = new Set<string>();
  o.onProgress?.({ phase: 'messages', done: 0, total });
  try {
    for (const u of units) {
      checkAborted(o.signal);
      const base = freeBase(o.outDir, baseName(u), EXT[o.format], taken);
      const mediaDirName = `${base}_media`;
      const embedded = new Map<string, string>();
      const copied = new Map<string, string>();
      const chats: ExportChat[] = [];
      let count = 0;
      for (const c of u.chats) {
        const messages: ExportMessage[] = [];
        let after: number | undefined;
        for (;;) {
          checkAborted(o.signal);
          const page = await o.archive.query('exportMessages', { rowId: c.rowId, limit: PAGE, ...range, ...(after !== undefined ? { after } : {}) });
          for (const m of page.messages) {
            let file: string | null = null;
            const sha = m.media?.status === 'stored' ? m.media.sha256 : null;
            if (sha && m.media) {
              const src = mediaPath(o.mediaDir, sha);
              const isImage = (m.media.mime ?? '').startsWith('image/');
              if ((o.format === 'html' || o.format === 'pdf') && isImage && (m.media.size ?? Infinity) <= EMBED_MAX && existsSync(src)) {
                if (!embedded.has(sha)) embedded.set(sha, `data:${m.media.mime};base64,${(await readFile(src)).toString('base64')}`);
              } else if (copyMedia && existsSync(src)) {
                let rel = copied.get(sha);
                if (!rel) {
                  const name = `${sha.slice(0, 12)}-${sanitizeFilename(m.media.filename, 120) ?? `media${mimeExt(m.media.mime)}`}`;
                  rel = `${mediaDirName}/${name}`;
                  if (copied.size === 0) {
                    await mkdir(path.join(o.outDir, mediaDirName));
                    created.push(path.join(o.outDir, mediaDirName));
                  }
                  await copyFile(src, path.join(o.outDir, rel));
                  copied.set(sha, rel);
                }
                file = rel;
              }
            }
            messages.push({
              id: m.waId, ts: m.ts, time: new Date(m.ts).toISOString(), fromMe: m.fromMe, senderId: m.senderId, senderName: m.senderName,
              type: m.type, subtype: m.subtype, text: m.text, body: m.body, caption: m.caption, revisions: m.revisions, revoked: m.revoked,
              forwarded: m.forwarded, quoted: m.quoted ? { id: m.quoted.waId, text: m.quoted.text } : null, reactions: m.reactions,
              media: m.media ? { status: m.media.status, sha256: m.media.sha256, mime: m.media.mime, size: m.media.size, filename: m.media.filename, file } : null,
              location: m.location ?? null, vcards: m.vcards, links: m.links,
            });
          }
          count += page.messages.length;
          result.messages += page.messages.length;
          o.onProgress?.({ phase: 'messages', done: result.messages, total });
          if (page.last === null) break;
          after = page.last;
        }
        chats.push({ accountId: c.accountId, accountLabel: c.accountLabel, chatId: c.chatId, chatName: c.name, kind: c.kind, messages });
      }
      const contentSha256 = contentHash(chats);
      const s = o.selection;
      const doc: ExportFile = {
        format: 'switchboard-export', version: 1, exportedAt: o.now ?? Date.now(), timeZone, title: u.title,
        selection: {
          kind: s.kind, accountId: s.kind === 'chat' ? s.accountId : null, chatId: s.kind === 'chat' ? s.chatId : null,
          customerId: s.kind === 'customer' ? s.customerId : null,
        },
        range: { from: o.from ?? null, to: o.to ?? null }, messageCount: count, chats, contentSha256,
      };
      const target = path.join(o.outDir, `${base}.${EXT[o.format]}`);
      let data: string | Buffer;
      if (o.format === 'json') data = JSON.stringify(doc);
      else if (o.format === 'csv') data = renderCsv(doc, timeZone);
      else {
        const html = renderHtml(doc, { timeZone, language, embedded, forPdf: o.format === 'pdf' });
        data = o.format === 'html' ? html : await printer!.print(html, doc, { timeZone, language });
      }
      checkAborted(o.signal);
      await writeNew(target, data);
      created.push(target);
      result.files.push(target);
      result.sha256.push(contentSha256);
    }
    o.onProgress?.({ phase: 'finish', done: result.messages, total });
    return result;
  } catch (err) {
    for (const f of created.reverse()) await rm(f, { recursive: true, force: true });
    throw err;
  } finally {
    if (printer && !o.printer) await printer.close();
  }
}
