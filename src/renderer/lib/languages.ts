import i18next from 'i18next';
import { COMMON_LANGUAGES } from '../../shared/translate-views';
import type { ProviderId } from '../../shared/translation-providers';

const names = new Map<string, Intl.DisplayNames>();

/** A language's name in the UI language (西班牙语 / Spanish), from the browser's own tables. */
export function languageName(code: string): string {
  const ui = i18next.language || 'zh-CN';
  try {
    let dn = names.get(ui);
    if (!dn) names.set(ui, (dn = new Intl.DisplayNames([ui], { type: 'language' })));
    return dn.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The common languages, plus any others in use (a contact's detected language), each once. */
export function languageCodes(extra: ReadonlyArray<string | null | undefined> = []): string[] {
  const out: string[] = [...COMMON_LANGUAGES];
  for (const c of extra) if (c && !out.includes(c)) out.push(c);
  return out;
}

/** Product names: shown as they are in every UI language. */
export const PROVIDER_NAMES: Record<ProviderId, string> = {
  apertium: 'Apertium',
  libretranslate: 'LibreTranslate',
  deepl: 'DeepL',
  google: 'Google Cloud Translation',
  azure: 'Azure Translator',
  openai: 'OpenAI-compatible',
};

export function providerName(id: string | null): string {
  return id && Object.hasOwn(PROVIDER_NAMES, id) ? PROVIDER_NAMES[id as ProviderId] : (id ?? '');
}
