/**
 * The words a phone writes next to a 12-hour time in a WhatsApp chat export, per language.
 * Chinese phones do not stop at 上午/下午: Android and several vendor ROMs write CLDR's finer
 * day periods (凌晨 before dawn, 早上 morning, 中午 around noon, 晚上 evening…), so "晚上8:30"
 * is 20:30 and "凌晨1:05" is 01:05. A word missing from this table makes the import refuse
 * with the word named, rather than read the time as if the word were not there.
 */

/** How a day period turns a 12-hour clock reading into a 24-hour one. */
export type DayPeriod =
  /** 12:xx is 00:xx, 1–11 stay. */
  | 'am'
  /** 12:xx stays, 1–11 add twelve. */
  | 'pm'
  /** Around noon: 10 and 11 are morning, 12 is noon, 1–5 are afternoon. */
  | 'noon';

const PERIODS: Record<DayPeriod, readonly string[]> = {
  am: [
    'am', 'a.m.', 'a. m.', // English, Spanish ("a. m." with a no-break space), Portuguese (Portugal)
    '上午', '凌晨', '淩晨', '早上', '早晨', '清晨', '半夜', '午夜', // Chinese, simplified and traditional
    '午前', // Japanese
    '오전', // Korean
    'ص', // Arabic
    'öö', // Turkish
    'sa', // Vietnamese (sáng)
    'ก่อนเที่ยง', // Thai
    'vorm.', // German
    'da manhã', 'da madrugada', // Portuguese
    'de la mañana', 'de la madrugada', // Spanish (long form)
    'pagi', // Indonesian, Malay
    'pg', // Malay
    'π.μ.', // Greek
    'ق.ظ.', // Persian
    'पूर्वाह्न', // Hindi
    'дп', // Russian (до полудня)
    'ص.',
  ],
  pm: [
    'pm', 'p.m.', 'p. m.',
    '下午', '晚上', '傍晚', '黄昏', '黃昏', '夜晚', '夜里', '夜裡',
    '午後',
    '오후',
    'م',
    'ös',
    'ch', // Vietnamese (chiều)
    'หลังเที่ยง',
    'nachm.',
    'da tarde', 'da noite',
    'de la tarde', 'de la noche',
    'sore', 'malam',
    'ptg',
    'μ.μ.',
    'ب.ظ.',
    'अपराह्न',
    'пп', // Russian (после полудня)
    'م.',
  ],
  noon: ['中午', '正午', 'siang'],
};

/** Words between a date and its time that say nothing about the hour ("à 15:15", "klo 15.15"). */
const CONNECTORS = ['à', 'a las', 'às', 'as', 'um', 'klo', 'kl.', 'kl', 'lúc', 'saat', 'в', 'alle', 'om', 'o', 'ב-', 'во'];

/** Case, dots and spaces vary between phones and OS versions ("p. m.", "p.m.", "PM"); compare without them. */
const canonical = (word: string) => word.normalize('NFC').toLowerCase().replace(/[.\s]/g, '');

const BY_WORD = new Map<string, DayPeriod>(
  (Object.entries(PERIODS) as Array<[DayPeriod, readonly string[]]>).flatMap(([p, words]) => words.map((w) => [canonical(w), p] as const)),
);
const CONNECTOR_WORDS = new Set(CONNECTORS.map(canonical));

export type DayPeriodReading = { ok: true; period: DayPeriod | null } | { ok: false; word: string };

/**
 * Reads the text found before and after the time. Both may hold a connector; at most one may
 * hold a day period; anything else is a word we do not know.
 */
export function readDayPeriod(before: string, after: string): DayPeriodReading {
  let period: DayPeriod | null = null;
  for (const raw of [before, after]) {
    const text = raw.trim();
    if (!text) continue;
    const word = canonical(text);
    const found = BY_WORD.get(word) ?? BY_WORD.get(canonical(stripConnector(text)));
    if (found && period === null) period = found;
    else if (!CONNECTOR_WORDS.has(word)) return { ok: false, word: text };
  }
  return { ok: true, period };
}

/** "à", "lúc" and the like may precede a day period ("lúc 3:15 CH" has it after; "à 下午" never occurs but costs nothing). */
function stripConnector(text: string): string {
  const [first, ...rest] = text.split(/\s+/);
  return first !== undefined && rest.length > 0 && CONNECTOR_WORDS.has(canonical(first)) ? rest.join(' ') : text;
}

/** The 24-hour hour for a clock reading; hours already past 12 are 24-hour whatever the word says. */
export function to24h(hour: number, period: DayPeriod | null): number {
  if (period === null || hour > 12) return hour;
  const h = hour % 12;
  if (period === 'am') return h;
  if (period === 'pm') return h + 12;
  return hour >= 10 && hour < 12 ? hour : h + 12;
}
