import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Archive } from '../archive/archive';
import { DEFAULT_MEDIA_CAP_BYTES, putMedia, sanitizeFilename } from '../archive/media-store';
import type { ArchiveOpInput } from '../archive/operations';
import type { ImportCandidate } from '../archive/queries/exchange';
import type { WhatsAppExportPreview } from '../../shared/crm-views';
import { isValidTimeZone, zonedToUtc } from '../../shared/time-zone';
import type { Progress } from './bundle-export';
import { checkAborted, ExchangeError } from './errors';
import { DATE_ORDER_NAMES, type DateOrder, possibleDateOrders, unreadableLine, wallClock } from './whatsapp-export-dates';
import { type ExportLine, ExportLineError, readExportLines } from './whatsapp-export-lines';
import { ZipReader } from './zip-reader';
import { isPersonId } from '../../shared/vocabulary';

/**
 * Imports WhatsApp's own "Export chat" file (.txt, or .zip with media) into one chat of one
 * account, for history older than what a linked device syncs. Dates are read in the
 * exporting phone's time zone, in the phone's language and date order (whatsapp-export-lines.ts,
 * whatsapp-export-dates.ts); a file whose day/month order it cannot decide is refused until
 * the caller says the order.
 * A message the archive already has — same chat and side (and sender), same text, within
 * 60 s — is recognised and skipped; imported messages get ids derived from their content,
 * so importing the same file again adds nothing. Imported messages are marked as such
 * (`wa-import-` ids, `raw.source`), so they are never mistaken for captured ones.
 */

export interface WhatsAppImportOptions {
  archive: Archive;
  mediaDir: string;
  /** A .txt or a .zip as WhatsApp's "Export chat" makes them. */
  file: string;
  accountId: string;
  chatId: string;
  /** Author names in the file that are the account's own messages. */
  me?: string[];
  /** The exporting phone's IANA time zone; default: this computer's. */
  timeZone?: string;
  /** Which date part is the day, month and year; default: decided from the file, refused when it cannot be. */
  dateOrder?: DateOrder;
  mediaCapBytes?: number;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  now?: number;
}

export interface WhatsAppImportResult {
  parsed: number;
  imported: number;
  /** Recognised as already in the archive (captured, or imported before). */
  alreadyArchived: number;
  system: number;
  mediaStored: number;
  /** Gaps in this chat's capture that the export spans, now closed. */
  gapsClosed: number;
  authors: Array<{ author: string; as: 'me' | 'contact' | 'unknown'; senderId: string | null }>;
}

export const MATCH_WINDOW_MS = 60_000;
const MAX_TEXT_BYTES = 256 * 1024 * 1024;
const BATCH = 5000;

const MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const EDITED = /\s*<(?:This message was edited|Se editó este mensaje\.?|Mensagem editada|Diese Nachricht wurde bearbeitet|Ce message a été modifié|已编辑|此消息已编辑|Сообщение изменено)>\s*$/i;
const DELETED = /^(?:This message was deleted|You deleted this message|Se eliminó este mensaje|Eliminaste este mensaje|Mensagem apagada|Você apagou esta mensagem|Diese Nachricht wurde gelöscht|Du hast diese Nachricht gelöscht|Ce message a été supprimé|Vous avez supprimé ce message|此消息已删除|你删除了此消息|Это сообщение удалено|Вы удалили это сообщение)\.?$/i;
const OMITTED = /^(?:<(?:Media omitted|Multimedia omitido|Mídia oculta|Medien ausgeschlossen|Médias omis|媒体文件已省略|省略影音内容|Без медиафайлов)>|(?:image|video|audio|sticker|GIF|document|Contact card) omitted|(?:imagen|video|audio|sticker) omitid[oa]|(?:imagem|vídeo|áudio) ocultad[oa]|(?:Bild|Video|Audio) weggelassen|(?:图片|视频|音频|贴图)已忽略)$/i;

const EXT_MIME: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', mp4: 'video/mp4', '3gp': 'video/3gpp',
  mov: 'video/quicktime', opus: 'audio/ogg', ogg: 'audio/ogg', m4a: 'audio/mp4', mp3: 'audio/mpeg', aac: 'audio/aac', pdf: 'application/pdf',
  doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', vcf: 'text/vcard', txt: 'text/plain', zip: 'application/zip',
};

function mediaKind(name: string | null, placeholder: string): { type: string; mime: string | null } {
  const ext = name ? path.extname(name).slice(1).toLowerCase() : '';
  const mime = EXT_MIME[ext] ?? null;
  if (ext === 'webp' || /sticker|贴图/i.test(placeholder)) return { type: 'sticker', mime };
  if (ext === 'opus' || /PTT/.test(name ?? '')) return { type: 'ptt', mime };
  const top = mime?.split('/')[0] ?? (/image|imagen|imagem|bild|图片/i.test(placeholder) ? 'image' : /video|vídeo|视频/i.test(placeholder) ? 'video'
    : /audio|áudio|音频/i.test(placeholder) ? 'audio' : null);
  if (top === 'image' || top === 'video' || top === 'audio') return { type: top, mime };
  return { type: name ? 'document' : 'media', mime };
}

export const normalizeText = (s: string) => s.replace(MARKS, '').replace(/\r\n?/g, '\n').replace(/\s+/g, ' ').trim();

interface Item {
  ts: number;
  author: string | null;
  kind: 'text' | 'media' | 'deleted' | 'system';
  text: string | null;
  attachment: string | null;
  mediaType: string;
  mime: string | null;
  edited: boolean;
  raw: string;
}

function classify(m: ExportLine, ts: number): Item {
  const raw = m.message;
  const clean = raw.replace(MARKS, '').trim();
  const edited = EDITED.test(clean);
  const body = clean.replace(EDITED, '').trim();
  const base = { ts, author: m.author, edited, raw, attachment: null, mediaType: 'chat', mime: null };
  if (m.attachment) {
    const caption = body.split('\n').slice(1).join('\n').trim();
    const k = mediaKind(m.attachment, '');
    return { ...base, kind: 'media', text: caption || null, attachment: m.attachment, mediaType: k.type, mime: k.mime };
  }
  if (OMITTED.test(body)) {
    const k = mediaKind(null, body);
    return { ...base, kind: 'media', text: null, mediaType: k.type, mime: k.mime };
  }
  if (DELETED.test(body)) return { ...base, kind: 'deleted', text: null, mediaType: 'revoked' };
  // iOS writes system lines under the chat's name, starting with a direction mark
  if (m.author === null || /^[\u200e\u200f]/.test(raw)) return { ...base, kind: 'system', text: body, mediaType: 'notification' };
  return { ...base, kind: 'text', text: body };
}

async function readExport(file: string, cap: number): Promise<{ text: string; zip: ZipReader | null }> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new ExchangeError('NOT_FOUND', `${file} does not exist or is not a file.`);
  if (file.toLowerCase().endsWith('.zip')) {
    const zip = await ZipReader.open(file);
    const txt = [...zip.entries.keys()].filter((n) => n.toLowerCase().endsWith('.txt'));
    const name = txt.find((n) => n === '_chat.txt') ?? txt.find((n) => /whatsapp/i.test(n)) ?? txt[0];
    if (!name) {
      zip.close();
      throw new ExchangeError('IMPORT_INVALID', `${path.basename(file)} has no chat .txt inside; it is not a WhatsApp "Export chat" file.`);
    }
    return { text: (await zip.read(zip.entries.get(name)!, Math.min(cap, MAX_TEXT_BYTES))).toString('utf8'), zip };
  }
  if (info.size > MAX_TEXT_BYTES) throw new ExchangeError('IMPORT_INVALID', `${path.basename(file)} is too large for a chat export.`);
  return { text: await readFile(file, 'utf8'), zip: null };
}

function readLines(text: string, file: string): ExportLine[] {
  let lines: ExportLine[];
  try {
    lines = readExportLines(text);
  } catch (err) {
    if (!(err instanceof ExportLineError)) throw err;
    throw new ExchangeError('IMPORT_INVALID', `${path.basename(file)}, line ${err.line}: ${err.message}. Nothing was imported; please send us that line so we can add it.`);
  }
  if (lines.length === 0) {
    throw new ExchangeError('IMPORT_INVALID', `${path.basename(file)} holds no WhatsApp messages: it is not an "Export chat" file, or its date format is unknown.`);
  }
  return lines;
}

const showDate = (l: ExportLine) => l.date.join('/');

function dateOrderOf(lines: ExportLine[], file: string, given: DateOrder | undefined, now: number): DateOrder {
  if (given) {
    const bad = unreadableLine(lines, given);
    if (bad) throw new ExchangeError('INVALID_INPUT', `Line ${bad.line} of ${path.basename(file)} has the date ${showDate(bad)}, which is not a ${DATE_ORDER_NAMES[given]} date. Check the date order.`);
    return given;
  }
  const orders = possibleDateOrders(lines, now);
  const [only] = orders;
  if (only && orders.length === 1) return only;
  if (!only) {
    throw new ExchangeError('IMPORT_INVALID', `${path.basename(file)} has dates that no day/month/year order reads as a day between 2009 and today (line ${lines[0]!.line}: ${showDate(lines[0]!)}). The phone may use another calendar or had its clock wrong; nothing was imported.`);
  }
  const first = lines[0]!;
  const readings = orders.map((ord) => `${DATE_ORDER_NAMES[ord]} (--date-order ${ord}: ${new Date(wallClock(first, ord)!).toISOString().slice(0, 10)})`);
  throw new ExchangeError('DATE_ORDER_AMBIGUOUS', `The dates in ${path.basename(file)} can be read more than one way, and the file does not say which: the first date, ${showDate(first)}, is ${readings.join(' or ')}. Nothing was imported; say the order with --date-order.`,
    { orders });
}

/** Reads an export without importing it: how many messages, and which date orders it allows. */
export async function previewWhatsAppExport(o: { file: string; now?: number; mediaCapBytes?: number }): Promise<WhatsAppExportPreview> {
  const { text, zip } = await readExport(o.file, o.mediaCapBytes ?? DEFAULT_MEDIA_CAP_BYTES);
  zip?.close();
  const lines = readLines(text, o.file);
  const orders = possibleDateOrders(lines, o.now ?? Date.now());
  if (orders.length === 0) dateOrderOf(lines, o.file, undefined, o.now ?? Date.now());
  const sample = lines.slice(0, 3);
  return {
    messages: lines.length, orders,
    readings: orders.map((order) => ({ order, first: sample.map((l) => ({ wallClock: wallClock(l, order)!, author: l.author, text: l.message.split('\n')[0]!.slice(0, 200) })) })),
  };
}

const digits = (s: string | null | undefined) => (s ?? '').replace(/[^0-9]/g, '');

export async function importWhatsAppExport(o: WhatsAppImportOptions): Promise<WhatsAppImportResult> {
  const { archive } = o;
  const timeZone = o.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isValidTimeZone(timeZone)) throw new ExchangeError('INVALID_INPUT', `Unknown time zone "${timeZone}". Use an IANA name like Asia/Shanghai.`);
  if (!(await archive.query('accounts', { includeRemoved: true })).some((a) => a.id === o.accountId)) {
    throw new ExchangeError('NOT_FOUND', `No account ${o.accountId}. Refresh the account list.`);
  }
  const cap = o.mediaCapBytes ?? DEFAULT_MEDIA_CAP_BYTES;
  const { text, zip } = await readExport(o.file, cap);
  try {
    const lines = readLines(text, o.file);
    const order = dateOrderOf(lines, o.file, o.dateOrder, o.now ?? Date.now());
    // the wall clock the phone showed, placed in the phone's zone
    const items = lines.map((m) => {
      const w = new Date(wallClock(m, order)!);
      return classify(m, zonedToUtc(w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds(), timeZone));
    });

    const senders = await resolveAuthors(o, items);
    const lo = Math.min(...items.map((i) => i.ts)) - MATCH_WINDOW_MS;
    const hi = Math.max(...items.map((i) => i.ts)) + MATCH_WINDOW_MS;
    const existing = await archive.query('importCandidates', { accountId: o.accountId, chatId: o.chatId, from: Math.max(0, lo), to: hi });
    const matcher = new Matcher(existing);

    const openGaps = async () => (await archive.query('chatSyncState', { accountId: o.accountId, chatId: o.chatId })).gaps.length;
    const gapsBefore = await openGaps();
    const result: WhatsAppImportResult = { parsed: items.length, imported: 0, alreadyArchived: 0, system: 0, mediaStored: 0, gapsClosed: 0,
      authors: [...senders].map(([author, s]) => ({ author, as: s.as, senderId: s.senderId })) };
    const seen = new Map<string, number>();
    let ops: ArchiveOpInput[] = [];
    const flush = async () => {
      if (ops.length) await archive.write(ops);
      ops = [];
    };
    for (const [n, item] of items.entries()) {
      checkAborted(o.signal);
      const who = item.author !== null ? senders.get(item.author) : undefined;
      const fromMe = who?.as === 'me';
      const senderId = fromMe ? null : (who?.senderId ?? null);
      // a stable id from the content: the same line imported again is the same message
      const key = JSON.stringify([o.accountId, o.chatId, item.author, item.ts, item.raw]);
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      const id = `wa-import-${createHash('sha256').update(`${key}#${occurrence}`).digest('hex').slice(0, 32)}`;
      if (item.kind === 'system') result.system++;
      if (matcher.has(id) || (item.kind !== 'system' && matcher.take(item, fromMe, senderId))) {
        result.alreadyArchived++;
        continue;
      }
      const isMedia = item.kind === 'media';
      ops.push({
        op: 'upsertMessage', accountId: o.accountId,
        message: {
          id, chatId: o.chatId, senderId, fromMe, type: item.mediaType, timestamp: item.ts, hasMedia: isMedia,
          body: isMedia ? null : item.text, caption: isMedia ? item.text : null, subtype: item.kind === 'system' ? 'wa-export' : null,
          raw: JSON.stringify({ source: 'whatsapp-export', file: path.basename(o.file), author: item.author, edited: item.edited, text: item.raw }),
        },
      });
      if (isMedia) ops.push(await mediaOp(o, zip, item, id, cap, result));
      result.imported++;
      if (ops.length >= BATCH) await flush();
      if (n % 1000 === 0) o.onProgress?.({ phase: 'messages', done: n, total: items.length });
    }
    // The export holds the chat without holes from its first line to its last (times there
    // are cut to the minute, hence the last minute's end): capture gaps inside are filled.
    // An export that opens with WhatsApp's system line (the encryption notice) starts where
    // the chat starts, so it also fills "older history is only on the phone".
    const fromStart = items[0]?.kind === 'system' && items[0].author === null;
    ops.push({ op: 'historyFilled', accountId: o.accountId, chatId: o.chatId, source: 'import',
      fromTs: fromStart ? 0 : Math.min(...items.map((i) => i.ts)), toTs: Math.max(...items.map((i) => i.ts)) + MATCH_WINDOW_MS - 1 });
    ops.push({ op: 'audit', actor: 'import', action: 'whatsapp.import', target: `${o.accountId}/${o.chatId}`,
      detail: { file: path.basename(o.file), parsed: result.parsed, imported: result.imported, alreadyArchived: result.alreadyArchived } });
    await flush();
    result.gapsClosed = gapsBefore - (await openGaps());
    o.onProgress?.({ phase: 'finish', done: items.length, total: items.length });
    return result;
  } finally {
    zip?.close();
  }
}

async function mediaOp(o: WhatsAppImportOptions, zip: ZipReader | null, item: Item, id: string, cap: number,
  result: WhatsAppImportResult): Promise<ArchiveOpInput> {
  const base = { op: 'media' as const, accountId: o.accountId, messageId: id, filename: sanitizeFilename(item.attachment), mime: item.mime };
  const entry = item.attachment ? zip?.entries.get(item.attachment) : undefined;
  if (!entry) return { ...base, status: 'failed', detail: item.attachment ? 'not in the WhatsApp export file' : 'omitted from the WhatsApp export' };
  if (entry.uncompressedSize > cap) return { ...base, status: 'too_large', size: entry.uncompressedSize };
  const stored = await putMedia(o.mediaDir, await zip!.read(entry, cap), cap);
  result.mediaStored++;
  return { ...base, status: 'stored', sha256: stored.sha256, size: stored.size };
}

/** Finds, for each imported line, an archived message that is the same one. Each archived message matches once. */
class Matcher {
  private readonly byText = new Map<string, ImportCandidate[]>();
  private readonly used = new Set<string>();

  private readonly ids: Set<string>;

  constructor(private readonly all: ImportCandidate[]) {
    this.ids = new Set(all.map((c) => c.waId));
    for (const c of all) for (const t of new Set(c.texts.map(normalizeText))) this.byText.set(t, [...(this.byText.get(t) ?? []), c]);
  }

  /** Imported before (ids are derived from the line). */
  has(id: string): boolean {
    return this.ids.has(id);
  }

  take(item: Item, fromMe: boolean, senderId: string | null): boolean {
    const side = (c: ImportCandidate) => c.fromMe === fromMe && (fromMe || senderId === null || c.senderId === null || c.senderId === senderId);
    const near = (c: ImportCandidate) => Math.abs(c.ts - item.ts) <= MATCH_WINDOW_MS && !this.used.has(c.waId) && side(c);
    let pool: ImportCandidate[];
    if (item.kind === 'text') pool = (this.byText.get(normalizeText(item.text ?? '')) ?? []).filter(near);
    else if (item.kind === 'media') {
      const caption = item.text ? normalizeText(item.text) : null;
      pool = this.all.filter((c) => c.hasMedia && near(c) && (caption === null || c.texts.some((t) => normalizeText(t) === caption)));
    } else pool = this.all.filter((c) => near(c) && c.texts.length === 0);
    const best = pool.sort((a, b) => Math.abs(a.ts - item.ts) - Math.abs(b.ts - item.ts))[0];
    if (!best) return false;
    this.used.add(best.waId);
    return true;
  }
}

interface Sender {
  as: 'me' | 'contact' | 'unknown';
  senderId: string | null;
}

/** Who each author is: the account itself, the chat's contact, or a known contact (groups). */
async function resolveAuthors(o: WhatsAppImportOptions, items: Item[]): Promise<Map<string, Sender>> {
  const info = await o.archive.query('importPeople', { accountId: o.accountId, chatId: o.chatId });
  const authors = [...new Set(items.filter((i) => i.kind !== 'system' && i.author !== null).map((i) => i.author!))];
  const direct = (info.kind ?? (isPersonId(o.chatId) ? 'direct' : 'group')) === 'direct';
  const me = new Set((o.me ?? []).map((n) => n.trim()));
  const matches = (author: string, names: string[], phone: string | null) =>
    names.some((n) => n.trim() === author.trim()) || (digits(author).length >= 6 && digits(author) === digits(phone));
  const isMe = (a: string) => me.has(a.trim()) || (!!info.accountPhone && matches(a, [], info.accountPhone)) ||
    info.contacts.some((k) => k.isMe && matches(a, k.names, k.phone));
  const out = new Map<string, Sender>();
  const unknownMe = (why: string) => new ExchangeError('INVALID_INPUT',
    `${why} Say which author is you (--me "Name"). Authors in this file: ${authors.map((a) => `"${a}"`).join(', ')}.`);
  if (direct) {
    const isThem = (a: string) => !!info.chatContact && matches(a, info.chatContact.names, info.chatContact.phone);
    let meAuthors = authors.filter(isMe);
    let them = authors.filter((a) => !meAuthors.includes(a) && isThem(a));
    const rest = authors.filter((a) => !meAuthors.includes(a) && !them.includes(a));
    if (rest.length === 1 && meAuthors.length === 0 && them.length === 1) meAuthors = rest;
    else if (rest.length === 1 && them.length === 0 && meAuthors.length >= 1) them = rest;
    else if (rest.length > 0) throw unknownMe(`Cannot tell who wrote what in this direct chat.`);
    if (meAuthors.length === 0 && authors.length > 1) throw unknownMe('Cannot tell which author is you.');
    for (const a of meAuthors) out.set(a, { as: 'me', senderId: null });
    for (const a of them) out.set(a, { as: 'contact', senderId: o.chatId });
    return out;
  }
  const meAuthors = authors.filter(isMe);
  if (meAuthors.length === 0 && me.size === 0) throw unknownMe('Cannot tell which author is you in this group.');
  for (const a of authors) {
    if (meAuthors.includes(a)) out.set(a, { as: 'me', senderId: null });
    else {
      const k = info.contacts.find((c) => !c.isMe && matches(a, c.names, c.phone));
      out.set(a, { as: k ? 'contact' : 'unknown', senderId: k?.contactId ?? null });
    }
  }
  return out;
}
