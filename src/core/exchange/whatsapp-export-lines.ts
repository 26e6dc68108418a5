import { type DayPeriod, readDayPeriod } from './whatsapp-day-periods';

/**
 * Splits the text of a WhatsApp "Export chat" file into messages with their clock readings as
 * written, for any phone language. We read the header ourselves instead of through
 * whatsapp-chat-parser: that library skips whatever stands between date and time (so
 * "下午3:15" became 03:15), takes the longest date part for the year and then applies its
 * day/month guess to the other two (so 2024/1/6 could become 1 June), and guesses the
 * day/month order when the file does not say. None of this can be configured away.
 *
 * Which date order a file uses is decided over all its lines, in whatsapp-export-dates.ts.
 */

export interface ExportLine {
  /** 1-based line in the file where the message starts, for error messages. */
  line: number;
  /** The three numbers of the date as written (ASCII digits), in the file's order. */
  date: readonly [string, string, string];
  /** Set when the date's own words say which part is which (2024年1月5日). */
  fixedOrder: 'ymd' | null;
  /** Between the date's parts as written: "/", "-", "." or ". " (Korean, Croatian); "年" for 年月日. */
  separator: string;
  hour: number;
  minute: number;
  second: number;
  period: DayPeriod | null;
  /** null for system lines (no "author: "). */
  author: string | null;
  message: string;
  attachment: string | null;
}

export class ExportLineError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
    this.name = 'ExportLineError';
  }
}

// Phones write digits in their own script (Arabic, Persian, Devanagari, Bengali, Thai, full width).
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50, 0xff10];
const MARK = /[\u200b\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]/;
const SPACE = /[\u00a0\u2007\u2009\u200a\u202f\u3000]/;

/** The start of a line in a form one header regex can read, with each character's position in the original. */
function normalizeHead(line: string, length = 96): { text: string; at: number[] } {
  let text = '';
  const at: number[] = [];
  for (let i = 0; i < line.length && text.length < length; i++) {
    const ch = line[i]!;
    if (MARK.test(ch)) continue;
    const code = ch.charCodeAt(0);
    const zero = DIGIT_ZEROS.find((z) => code >= z && code <= z + 9);
    text += zero !== undefined ? String(code - zero) : SPACE.test(ch) ? ' ' : ch === '\u060c' ? ',' : ch === '\uff1a' ? ':' : ch;
    at.push(i);
  }
  at.push(text.length < length ? line.length : (at[at.length - 1] ?? -1) + 1);
  return { text, at };
}

const DATE = String.raw`(?:(\d{1,4})(\s?[-/.]\s?)(\d{1,4})\3(\d{1,4})\.?|(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日)`;
const TIME = String.raw`(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?`;
// Words between date and time: connectors ("à", "klo") or a day period written first (下午, 오후, 午後).
const HEAD = new RegExp(String.raw`^(\[)?\s*${DATE}\s*,?\s*([^\d\[\]:]{0,24}?)\s*${TIME}`);
// After the time: a day period written last, then the end of the header in one of the shapes WhatsApp uses.
const END_BRACKET = /^\s*([^\d\]\[:]{0,24}?)\s*\]\s?/;
const END_DASH = /^\s*([^\d\]\[:]{0,24}?)\s+[-–]\s/;
const END_COLON = /^:\s/;
const END_SPACE = /^\s/;
const AUTHOR = /^(.+?):\s([^]*)$/;
const ATTACHMENT = /^[\u200e\u200f]*(?:<[^<>\n]+?[:：]\s*(.+?)\s*>|([\w-]+\.\w+)\s[(<].+[)>])/;

interface Head {
  date: [string, string, string];
  fixedOrder: 'ymd' | null;
  separator: string;
  hour: number;
  minute: number;
  second: number;
  before: string;
  after: string;
  /** Where the message (author and text) starts in the original line. */
  bodyAt: number;
}

function readHead(line: string): Head | null {
  const { text, at } = normalizeHead(line);
  const m = HEAD.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length);
  const end = m[1] ? END_BRACKET.exec(rest) : END_DASH.exec(rest) ?? END_COLON.exec(rest) ?? END_SPACE.exec(rest);
  if (!end) return null;
  const cjk = m[6] !== undefined;
  return {
    date: cjk ? [m[6]!, m[7]!, m[8]!] : [m[2]!, m[4]!, m[5]!],
    fixedOrder: cjk ? 'ymd' : null,
    separator: cjk ? '年' : m[3]!.replace(/\s+/g, ' ').trimStart(),
    hour: Number(m[10]), minute: Number(m[11]), second: m[12] ? Number(m[12]) : 0,
    before: m[9] ?? '', after: end[1] ?? '',
    bodyAt: at[m[0].length + end[0].length] ?? line.length,
  };
}

/** Reads every message of an export; lines before the first message are not part of any. */
export function readExportLines(text: string): ExportLine[] {
  const out: ExportLine[] = [];
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  for (const [i, line] of lines.entries()) {
    const head = readHead(line);
    if (!head) {
      const last = out[out.length - 1];
      if (last) last.message += `\n${line}`;
      continue;
    }
    const period = readDayPeriod(head.before, head.after);
    if (!period.ok) {
      throw new ExportLineError(i + 1, `"${period.word}" next to the time is not a day period or word this importer knows`);
    }
    if (head.hour > 23 || head.minute > 59 || head.second > 59) {
      throw new ExportLineError(i + 1, `${head.hour}:${head.minute} is not a time of day`);
    }
    const body = line.slice(head.bodyAt);
    const authored = AUTHOR.exec(body);
    out.push({
      line: i + 1, date: head.date, fixedOrder: head.fixedOrder, separator: head.separator, hour: head.hour, minute: head.minute, second: head.second,
      period: period.period, author: authored ? authored[1]! : null, message: authored ? authored[2]! : body, attachment: null,
    });
  }
  for (const m of out) {
    const a = ATTACHMENT.exec(m.message);
    m.attachment = a ? (a[1] ?? a[2] ?? '').trim() || null : null;
  }
  return out;
}
