import { LangTag } from '../../shared/translate-views';

/**
 * Switchboard names languages by BCP 47 tags, lower-case primary subtag first (`en`, `es`,
 * `pt-BR`, `zh-Hant`). Providers each speak their own dialect (Apertium: ISO 639-3 `spa`;
 * DeepL: `EN-US`; Azure: `zh-Hans`); every mapping lives here so there is one source of truth.
 */
export const LangCode = LangTag;
export type LangCode = string;

/** ISO 639-1 → ISO 639-3 for the languages our users trade in (and Apertium's common pairs). */
const ALPHA3: Readonly<Record<string, string>> = {
  af: 'afr', ar: 'ara', az: 'aze', be: 'bel', bg: 'bul', bn: 'ben', br: 'bre', ca: 'cat', cs: 'ces', cy: 'cym',
  da: 'dan', de: 'deu', el: 'ell', en: 'eng', eo: 'epo', es: 'spa', et: 'est', eu: 'eus', fa: 'fas', fi: 'fin',
  fr: 'fra', ga: 'gle', gl: 'glg', he: 'heb', hi: 'hin', hr: 'hrv', hu: 'hun', hy: 'hye', id: 'ind', is: 'isl',
  it: 'ita', ja: 'jpn', ka: 'kat', kk: 'kaz', ko: 'kor', lt: 'lit', lv: 'lav', mk: 'mkd', ms: 'msa', mt: 'mlt',
  nb: 'nob', nl: 'nld', nn: 'nno', no: 'nor', oc: 'oci', pl: 'pol', pt: 'por', ro: 'ron', ru: 'rus', sk: 'slk',
  sl: 'slv', sq: 'sqi', sr: 'srp', sv: 'swe', sw: 'swa', th: 'tha', tl: 'tgl', tr: 'tur', uk: 'ukr', ur: 'urd',
  uz: 'uzb', vi: 'vie', zh: 'zho',
};
const ALPHA2 = new Map(Object.entries(ALPHA3).map(([a2, a3]) => [a3, a2]));

/** Canonical form: `pt_br` → `pt-BR`, `ZH-hant` → `zh-Hant`, `spa` → `es`. */
export function normalizeLang(tag: string): LangCode {
  const parts = tag.trim().replace(/_/g, '-').split('-');
  const primaryRaw = (parts[0] ?? '').toLowerCase();
  const primary = ALPHA2.get(primaryRaw) ?? primaryRaw;
  const rest = parts.slice(1).map((p) => (p.length === 4 ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p.toUpperCase()));
  return [primary, ...rest].join('-');
}

export function primaryLang(tag: string): string {
  return normalizeLang(tag).split('-')[0]!;
}

/** Same language for the purpose of "does this need translating" (en-US vs en-GB: no). */
export function sameLanguage(a: string, b: string): boolean {
  const pa = primaryLang(a);
  const pb = primaryLang(b);
  if (pa !== pb) return false;
  // Chinese scripts differ enough that a reader of one may want the other.
  if (pa === 'zh') return chineseScript(a) === chineseScript(b);
  return true;
}

function chineseScript(tag: string): 'Hans' | 'Hant' {
  const t = normalizeLang(tag);
  return /-(Hant|TW|HK|MO)\b/.test(t) ? 'Hant' : 'Hans';
}

export function toAlpha3(tag: string): string | null {
  return ALPHA3[primaryLang(tag)] ?? null;
}

export function fromAlpha3(code: string): LangCode | null {
  const [base, variant] = code.split('_');
  const a2 = ALPHA2.get((base ?? '').toLowerCase());
  if (!a2) return null;
  return variant ? normalizeLang(`${a2}-${variant}`) : a2;
}

/**
 * Picks the provider's code for one of ours from the codes it lists: exact match first,
 * then the bare language, then a script/region variant (`zh` → `zh-Hans`, `en` → `en-US`).
 */
export function matchProviderCode(ours: string, available: readonly string[], preferred: readonly string[] = []): string | null {
  const want = normalizeLang(ours);
  const byNorm = new Map(available.map((c) => [normalizeLang(c), c]));
  const primary = primaryLang(want);
  // bare "zh" names no script; a provider that lists zh-Hans means that by it
  const exact = want === 'zh' && [...byNorm.keys()].some((k) => k === 'zh-Hans') ? byNorm.get('zh-Hans') : byNorm.get(want);
  if (exact) return exact;
  if (primary === 'zh') {
    const script = chineseScript(want);
    for (const [norm, code] of byNorm) if (primaryLang(norm) === 'zh' && norm !== 'zh' && chineseScript(norm) === script) return code;
    if (script === 'Hans' && byNorm.has('zh')) return byNorm.get('zh')!;
    return null;
  }
  const bare = byNorm.get(primary);
  if (bare) return bare;
  for (const p of preferred) {
    const hit = byNorm.get(normalizeLang(p));
    if (hit && primaryLang(p) === primary) return hit;
  }
  for (const [norm, code] of byNorm) if (primaryLang(norm) === primary) return code;
  return null;
}
