import { describe, expect, it } from 'vitest';
import { type DateOrder, possibleDateOrders, wallClock } from '../../../src/core/exchange/whatsapp-export-dates';
import { ExportLineError, readExportLines } from '../../../src/core/exchange/whatsapp-export-lines';

/**
 * Export headers as phones in our reps' and buyers' languages write them (shapes from real
 * exports quoted in the issues and tests of whatsapp-chat-parser, rwhatsapp, whatstk,
 * chat-export and whats-reader, and from CLDR's date and day-period patterns). Each case
 * asserts the exact wall-clock time of every line, and which date orders the file allows.
 */

const NOW = Date.UTC(2026, 11, 5);
const LRM = '\u200e';
const RLM = '\u200f';
const NBSP = '\u00a0';
const NNBSP = '\u202f';

function read(text: string, order?: DateOrder) {
  const lines = readExportLines(text);
  const orders = possibleDateOrders(lines, NOW);
  const use = order ?? (orders.length === 1 ? orders[0] : undefined);
  return {
    orders,
    at: use ? lines.map((l) => new Date(wallClock(l, use)!).toISOString().slice(0, 19)) : null,
    authors: lines.map((l) => l.author),
    texts: lines.map((l) => l.message),
  };
}

interface Case { name: string; text: string; orders: DateOrder[]; at: string[]; authors?: Array<string | null> }

const CASES: Case[] = [
  // Chinese, simplified: Android and vendor ROMs write CLDR's day periods before the time
  { name: 'zh-CN 下午 is afternoon', text: '2024/1/5 下午3:15 - 张三: 你好', orders: ['ymd'], at: ['2024-01-05T15:15:00'], authors: ['张三'] },
  { name: 'zh-CN 上午 is morning', text: '2024/1/5 上午9:02 - 张三: 早', orders: ['ymd'], at: ['2024-01-05T09:02:00'] },
  { name: 'zh-CN 凌晨 is before dawn, 12 is midnight', text: '2024/1/5 凌晨12:30 - 张三: 还没睡\n2024/1/5 凌晨1:05 - 张三: 晚安',
    orders: ['ymd'], at: ['2024-01-05T00:30:00', '2024-01-05T01:05:00'] },
  { name: 'zh-CN 早上', text: '2024/1/5 早上7:45 - 李四: 早上好', orders: ['ymd'], at: ['2024-01-05T07:45:00'] },
  { name: 'zh-CN 中午 spans noon', text: '2024/1/5 中午12:10 - 李四: 吃饭\n2024/1/5 中午1:20 - 李四: 回来了',
    orders: ['ymd'], at: ['2024-01-05T12:10:00', '2024-01-05T13:20:00'] },
  { name: 'zh-CN 晚上 is evening', text: '2024/1/5 晚上8:30 - 王五: 报价\n2024/1/5 晚上11:59 - 王五: 好的',
    orders: ['ymd'], at: ['2024-01-05T20:30:00', '2024-01-05T23:59:00'] },
  { name: 'zh-CN 下午12 is noon', text: '2024/1/5 下午12:05 - 王五: 午饭', orders: ['ymd'], at: ['2024-01-05T12:05:00'] },
  { name: 'zh-CN 傍晚', text: '2024/1/5 傍晚6:10 - 王五: 下班', orders: ['ymd'], at: ['2024-01-05T18:10:00'] },
  { name: 'zh-CN year first with every day ≤ 12 is year/month/day, never year/day/month',
    text: '2024/1/6 下午3:00 - 张三: a\n2024/2/3 上午10:00 - 张三: b', orders: ['ymd'], at: ['2024-01-06T15:00:00', '2024-02-03T10:00:00'] },
  { name: 'zh-CN with the space some ROMs put after the day period', text: '2024/1/5 下午 3:15 - 张三: 你好', orders: ['ymd'], at: ['2024-01-05T15:15:00'] },
  { name: 'zh-CN date written with 年月日', text: '2024年1月5日 下午3:15 - 张三: 你好', orders: ['ymd'], at: ['2024-01-05T15:15:00'] },
  // Chinese, traditional (iOS brackets, seconds)
  { name: 'zh-TW iOS', text: '[2024/1/5 下午3:15:20] 陳大文: 你好', orders: ['ymd'], at: ['2024-01-05T15:15:20'], authors: ['陳大文'] },
  { name: 'zh-HK 淩晨 and 晚上', text: '[2024/1/5 淩晨2:00:00] 陳大文: 早\n[2024/1/5 晚上9:00:00] 陳大文: 晚',
    orders: ['ymd'], at: ['2024-01-05T02:00:00', '2024-01-05T21:00:00'] },
  // English
  { name: 'en-US Android: a day over 12 decides month first', text: '1/5/24, 9:02 AM - Bob: hi\n1/13/24, 3:04 PM - Bob: there',
    orders: ['mdy'], at: ['2024-01-05T09:02:00', '2024-01-13T15:04:00'] },
  { name: 'en-US iOS with a narrow no-break space before PM', text: `[1/5/24, 9:02:11${NNBSP}AM] Bob: hi\n[1/15/24, 12:00:01${NNBSP}PM] Bob: noon`,
    orders: ['mdy'], at: ['2024-01-05T09:02:11', '2024-01-15T12:00:01'] },
  { name: 'en-US 12 AM is midnight', text: '1/13/24, 12:05 AM - Bob: late', orders: ['mdy'], at: ['2024-01-13T00:05:00'] },
  { name: 'en-US: the file going forward decides month first when every day is ≤ 12',
    text: '1/5/24, 9:02 AM - Bob: a\n1/6/24, 9:02 AM - Bob: b\n2/1/24, 10:00 AM - Bob: c',
    orders: ['mdy'], at: ['2024-01-05T09:02:00', '2024-01-06T09:02:00', '2024-02-01T10:00:00'] },
  { name: 'en-GB 24-hour, four-digit year', text: '05/01/2024, 21:15 - Bob: hi\n13/01/2024, 08:00 - Bob: x',
    orders: ['dmy'], at: ['2024-01-05T21:15:00', '2024-01-13T08:00:00'] },
  { name: 'en-IN lowercase am/pm after a narrow no-break space',
    text: `09/10/2023, 11:11${NNBSP}am - +44 7123 456789: <Media omitted>\n13/10/2023, 12:57${NNBSP}pm - +44 7123 456789: ok`,
    orders: ['dmy'], at: ['2023-10-09T11:11:00', '2023-10-13T12:57:00'], authors: ['+44 7123 456789', '+44 7123 456789'] },
  // Spanish, Portuguese
  { name: 'es Android "p. m." with a no-break space', text: `28/3/2025, 9:29 p.${NBSP}m. - user1: hola\n29/3/2025, 1:23 a.${NBSP}m. - user2: hey\n30/3/2025, 12:37 p.${NBSP}m. - user1: x`,
    orders: ['dmy'], at: ['2025-03-28T21:29:00', '2025-03-29T01:23:00', '2025-03-30T12:37:00'] },
  { name: 'es-CO "p. m." with plain spaces', text: '20/6/2017 8:28 p. m. - Michelle: test', orders: ['dmy'], at: ['2017-06-20T20:28:00'], authors: ['Michelle'] },
  { name: 'pt-BR 24-hour without comma', text: '05/01/2024 15:15 - Ana: oi\n13/01/2024 08:01 - Ana: bom dia',
    orders: ['dmy'], at: ['2024-01-05T15:15:00', '2024-01-13T08:01:00'] },
  { name: 'pt-PT day periods in words', text: '13/01/2024, 3:15 da tarde - Rui: olá\n14/01/2024, 9:15 da noite - Rui: até', orders: ['dmy'],
    at: ['2024-01-13T15:15:00', '2024-01-14T21:15:00'] },
  // Arabic: Arabic-Indic digits, right-to-left marks, Arabic comma, ص/م
  { name: 'ar Android with Arabic-Indic digits and RLMs', text: `${RLM}١٥${RLM}/١${RLM}/٢٠٢٤ ٣:١٥ م - أحمد: مرحبا`, orders: ['dmy'], at: ['2024-01-15T15:15:00'], authors: ['أحمد'] },
  { name: 'ar morning with the Arabic comma', text: '١٥/١/٢٠٢٤، ٩:٠٥ ص - أحمد: صباح الخير', orders: ['dmy'], at: ['2024-01-15T09:05:00'] },
  // Russian, Turkish, German, French, Finnish, Croatian
  { name: 'ru dotted 24-hour', text: '05.01.2024, 15:15 - Иван: Привет\n13.01.2024, 07:00 - Иван: Утро', orders: ['dmy'],
    at: ['2024-01-05T15:15:00', '2024-01-13T07:00:00'] },
  { name: 'tr iOS without comma; 5.05 is the same day either way', text: '[23.09.2016 17:00:28] Maldamer: Maldamer bu grubu oluşturdu\n[5.05.2017 18:01:12] mezun A: Selam',
    orders: ['dmy'], at: ['2016-09-23T17:00:28', '2017-05-05T18:01:12'] },
  { name: 'tr ÖÖ/ÖS', text: '[13.01.2024 3:15:00 ÖS] Ayşe: merhaba\n[14.01.2024 9:00:00 ÖÖ] Ayşe: günaydın', orders: ['dmy'],
    at: ['2024-01-13T15:15:00', '2024-01-14T09:00:00'] },
  { name: 'de iOS with seconds', text: '[19.04.17, 20:43:09] John Doe: message 123', orders: ['dmy'], at: ['2017-04-19T20:43:09'] },
  { name: 'fr "à" between date and time', text: '26/09/2019 à 22:39 - XXX: Salut :)', orders: ['dmy'], at: ['2019-09-26T22:39:00'], authors: ['XXX'] },
  { name: 'fi "klo" and dotted time', text: '13.6.2018 klo 21.25.15 - a: m', orders: ['dmy'], at: ['2018-06-13T21:25:15'] },
  { name: 'hr spaced dotted date, no separator before the author', text: '13. 6. 2018. 21:25:15 a: m', orders: ['dmy'], at: ['2018-06-13T21:25:15'], authors: ['a'] },
  { name: 'older exports: colon after the time', text: '13.06.18 21.25.15: a: m', orders: ['dmy'], at: ['2018-06-13T21:25:15'], authors: ['a'] },
  // Korean, Japanese: day period before the time, year first
  { name: 'ko two-digit year first', text: '24. 1. 5. 오후 3:15 - 김민수: 안녕하세요', orders: ['ymd'], at: ['2024-01-05T15:15:00'] },
  { name: 'ko 오후/오전', text: '2024. 1. 5. 오후 3:15 - 김민수: 안녕하세요\n2024. 1. 6. 오전 9:00 - 김민수: 좋은 아침', orders: ['ymd'],
    at: ['2024-01-05T15:15:00', '2024-01-06T09:00:00'] },
  { name: 'ja 午後 and 24-hour', text: '2024/01/05 午後3:15 - 田中: こんにちは\n2024/01/05 18:30 - 田中: 了解', orders: ['ymd'],
    at: ['2024-01-05T15:15:00', '2024-01-05T18:30:00'] },
  // Indonesian, Vietnamese, Thai
  { name: 'id dotted time, no comma', text: '30/08/25 18.00 - Budi: Halo\n31/08/25 07.15 - Budi: Pagi', orders: ['dmy'],
    at: ['2025-08-30T18:00:00', '2025-08-31T07:15:00'] },
  { name: 'vi SA/CH', text: '13/01/2024, 3:15 CH - Lan: Chào\n14/01/2024, 8:05 SA - Lan: Xin chào', orders: ['dmy'],
    at: ['2024-01-13T15:15:00', '2024-01-14T08:05:00'] },
  { name: 'th Buddhist year in Thai digits', text: '๑๓/๑/๒๕๖๗ ๑๕:๑๕ - สมชาย: สวัสดี', orders: ['dmy'], at: ['2024-01-13T15:15:00'] },
  { name: 'th หลังเที่ยง', text: '13/1/24 3:15 หลังเที่ยง - สมชาย: สวัสดี', orders: ['dmy'], at: ['2024-01-13T15:15:00'] },
  // ISO dates
  { name: 'sv ISO date', text: '2024-01-05 15:15 - Erik: hej', orders: ['ymd'], at: ['2024-01-05T15:15:00'] },
];

describe('WhatsApp export dates and times, by phone language', () => {
  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const r = read(c.text);
      expect(r.orders).toEqual(c.orders);
      expect(r.at).toEqual(c.at);
      if (c.authors) expect(r.authors).toEqual(c.authors);
    });
  }
});

describe('day and month order the file does not decide', () => {
  it('a US export whose days are all ≤ 12 can be day or month first, and nothing is chosen', () => {
    const r = read(`[1/5/24, 9:02:11${NNBSP}AM] Bob: hi\n[1/5/24, 9:03:00${NNBSP}AM] Bob: again`);
    expect(r.orders).toEqual(['dmy', 'mdy']);
    expect(r.at).toBeNull();
    expect(read(`[1/5/24, 9:02:11${NNBSP}AM] Bob: hi`, 'mdy').at).toEqual(['2024-01-05T09:02:11']);
    expect(read(`[1/5/24, 9:02:11${NNBSP}AM] Bob: hi`, 'dmy').at).toEqual(['2024-05-01T09:02:11']);
  });

  it('a two-digit year first is only a reading when it gives a date WhatsApp could have', () => {
    // 05.01.24 as year/month/day would be 2005, before WhatsApp existed
    expect(read('[05.01.24, 15:50:00] Ana: x').orders).toEqual(['dmy', 'mdy']);
  });

  it('an ISO-like two-digit date can be year first or day first', () => {
    expect(read('24-01-15 15:15 - Erik: hej').orders).toEqual(['dmy', 'ymd']);
  });

  it('a phone on another calendar (Persian) gives no reading at all', () => {
    expect(read('۱۴۰۲/۱۰/۱۵، ۳:۱۵ ب.ظ. - علی: سلام').orders).toEqual([]);
  });
});

describe('lines', () => {
  it('continuation lines join the message; lines before the first message are dropped; attachments are found', () => {
    const r = readExportLines(`header junk\n5/1/24, 4:12 PM - Sales: one\ntwo\n5/1/24, 4:13 PM - Ana: IMG-20240501-WA0001.jpg (file attached)\nthe box\n[1/5/24, 9:02:11 AM] Ana: ${LRM}<attached: 00000012-PHOTO-2024-05-01-15-53-00.jpg>`);
    expect(r.map((l) => [l.line, l.author, l.message, l.attachment])).toEqual([
      [2, 'Sales', 'one\ntwo', null],
      [4, 'Ana', 'IMG-20240501-WA0001.jpg (file attached)\nthe box', 'IMG-20240501-WA0001.jpg'],
      [6, 'Ana', `${LRM}<attached: 00000012-PHOTO-2024-05-01-15-53-00.jpg>`, '00000012-PHOTO-2024-05-01-15-53-00.jpg'],
    ]);
  });

  it('system lines have no author', () => {
    const [l] = readExportLines('5/1/24, 3:55 PM - Messages and calls are end-to-end encrypted.');
    expect(l).toMatchObject({ author: null, message: 'Messages and calls are end-to-end encrypted.' });
  });

  it('a word next to the time that is not a known day period stops the reading, naming the word and line', () => {
    expect(() => readExportLines('5/1/24, 3:15 PM - Bob: ok\n2024/1/5 傍黑3:15 - 张三: 你好')).toThrow(ExportLineError);
    try {
      readExportLines('5/1/24, 3:15 PM - Bob: ok\n2024/1/5 傍黑3:15 - 张三: 你好');
    } catch (err) {
      expect(err).toMatchObject({ line: 2, message: expect.stringContaining('"傍黑"') });
    }
  });

  it('two day periods on one line are refused', () => {
    expect(() => readExportLines('2024/1/5 下午3:15 PM - 张三: 你好')).toThrow(/"PM"/);
  });
});
