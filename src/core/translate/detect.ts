import { detectAll } from 'tinyld';

/**
 * Language detection for chat messages. Short messages ("ok", "hola", "谢谢") defeat every
 * n-gram detector, so:
 * 1. the writing system decides where it can (Han → zh, kana → ja, Hangul → ko, Thai, Hebrew,
 *    Greek, Devanagari), and narrows the candidates where it cannot (Arabic script → ar/fa/ur,
 *    Cyrillic → ru/uk/bg/…);
 * 2. Latin-script text goes to tinyld (pinned; chosen over franc-min, which needs long
 *    text, and eld, which costs ~65 MB of heap against tinyld's ~20 MB for the same accuracy
 *    on our short-message set) restricted to the languages trade chats use;
 * 3. a contact's language is detected over their recent messages together (reliable), and a
 *    message whose own detection is unreliable falls back to it (see TranslationService).
 */
export interface Detection {
  /** null when there is nothing to go on (emoji, numbers only). */
  lang: string | null;
  /** 0..1; comparable only between detections of this module. */
  confidence: number;
  /** Long and clear enough to act on without a hint. */
  reliable: boolean;
}

/** Latin-script languages our users' buyers write in; more would mean more false guesses. */
export const LATIN_CANDIDATES = ['en', 'es', 'pt', 'fr', 'de', 'it', 'nl', 'tr', 'id', 'vi', 'pl', 'ro', 'ms', 'cs', 'sv'];

const SCRIPTS: Array<{ name: string; re: RegExp }> = [
  { name: 'han', re: /\p{Script=Han}/gu },
  { name: 'kana', re: /[\p{Script=Hiragana}\p{Script=Katakana}]/gu },
  { name: 'hangul', re: /\p{Script=Hangul}/gu },
  { name: 'arabic', re: /\p{Script=Arabic}/gu },
  { name: 'cyrillic', re: /\p{Script=Cyrillic}/gu },
  { name: 'thai', re: /\p{Script=Thai}/gu },
  { name: 'hebrew', re: /\p{Script=Hebrew}/gu },
  { name: 'greek', re: /\p{Script=Greek}/gu },
  { name: 'devanagari', re: /\p{Script=Devanagari}/gu },
  { name: 'latin', re: /\p{Script=Latin}/gu },
];

const FIXED: Record<string, string> = { hangul: 'ko', thai: 'th', hebrew: 'he', greek: 'el', devanagari: 'hi' };
const NARROWED: Record<string, { fallback: string; only: string[] }> = {
  arabic: { fallback: 'ar', only: ['ar', 'fa', 'ur'] },
  cyrillic: { fallback: 'ru', only: ['ru', 'uk', 'bg', 'sr', 'mk', 'be', 'kk'] },
  latin: { fallback: '', only: LATIN_CANDIDATES },
};

/** Letters (not digits, emoji, punctuation) below which a text is too short to be sure. */
const RELIABLE_LETTERS = 12;
const RELIABLE_ACCURACY = 0.5;

function counts(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of SCRIPTS) {
    const n = text.match(s.re)?.length ?? 0;
    if (n) m.set(s.name, n);
  }
  return m;
}

export function detectLanguage(text: string, options: { latinCandidates?: string[] } = {}): Detection {
  const c = counts(text);
  if (c.size === 0) return { lang: null, confidence: 0, reliable: false };
  const [script, letters] = [...c.entries()].sort((a, b) => b[1] - a[1])[0]!;
  if (script === 'han' || script === 'kana') {
    // Japanese mixes kanji with kana; Chinese has no kana.
    return (c.get('kana') ?? 0) > 0
      ? { lang: 'ja', confidence: 0.95, reliable: true }
      : { lang: 'zh', confidence: 0.95, reliable: true };
  }
  const fixed = FIXED[script];
  if (fixed) return { lang: fixed, confidence: 0.95, reliable: true };
  const narrowed = NARROWED[script]!;
  const only = script === 'latin' ? (options.latinCandidates ?? narrowed.only) : narrowed.only;
  const best = detectAll(text, { only })[0];
  if (!best) return narrowed.fallback
    ? { lang: narrowed.fallback, confidence: 0.6, reliable: letters >= 2 }
    : { lang: null, confidence: 0, reliable: false };
  const reliable = letters >= RELIABLE_LETTERS && best.accuracy >= RELIABLE_ACCURACY;
  // Within a script that mostly means one language, a weak guess still beats nothing.
  if (!reliable && narrowed.fallback) return { lang: narrowed.fallback, confidence: 0.6, reliable: letters >= 2 };
  return { lang: best.lang, confidence: Math.min(1, best.accuracy), reliable };
}

/** A contact's language over their recent messages taken together. */
export function detectFromSamples(texts: readonly string[], options: { latinCandidates?: string[] } = {}): Detection & { samples: number } {
  const joined = texts.filter((t) => t.trim().length > 0).join('\n');
  return { ...detectLanguage(joined, options), samples: texts.length };
}
