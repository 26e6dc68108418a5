import { stringify } from 'csv-stringify/sync';
import { timeFormatter } from './export-html';
import type { ExportFile } from './export-schema';

/**
 * CSV: one row per message, UTF-8 with a byte-order mark so Excel opens Chinese and
 * accented text correctly. Text cells that a spreadsheet would run as a formula (starting
 * with = + - @ or a control character) get a leading apostrophe (OWASP's advice); the JSON
 * export keeps every text exactly.
 */

export const CSV_COLUMNS = [
  'account_id', 'account', 'chat_id', 'chat', 'message_id', 'time_utc', 'time_local', 'direction', 'sender_id', 'sender', 'type',
  'text', 'original', 'edited', 'deleted', 'forwarded', 'quoted_id', 'reactions', 'media_file', 'media_name', 'media_sha256', 'media_mime',
] as const;

const FORMULA = /^[=+\-@\t\r]/;
const cell = (s: string | null | undefined): string => (s ? (FORMULA.test(s) ? `'${s}` : s) : '');

export function renderCsv(file: ExportFile, timeZone: string): Buffer {
  const fmt = timeFormatter(timeZone);
  const rows: string[][] = [];
  for (const c of file.chats) {
    for (const m of c.messages) {
      rows.push([
        c.accountId, cell(c.accountLabel), c.chatId, cell(c.chatName), m.id, m.time, fmt(m.ts), m.fromMe ? 'out' : 'in',
        m.senderId ?? '', cell(m.fromMe ? null : m.senderName), m.type, cell(m.text),
        cell(m.revisions.length ? (m.body ?? m.caption) : null), m.revisions.length ? 'yes' : '', m.revoked ?? '', m.forwarded ? 'yes' : '',
        m.quoted?.id ?? '', cell(m.reactions.map((r) => `${r.emoji}×${r.count}`).join(' ')), m.media?.file ?? '', cell(m.media?.filename),
        m.media?.sha256 ?? '', m.media?.mime ?? '',
      ]);
    }
  }
  const text = stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: '\r\n', quoted_string: false });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
