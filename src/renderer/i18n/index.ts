import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared/settings';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

/** Every UI string lives in these files; zh-CN is the default language. */
export const resources = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
} as const;

export async function initI18n(language: Language): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    // No silent fallback: a key missing in one language must show up, not hide behind the other.
    fallbackLng: false,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: (lngs, _ns, key) => console.error(`[i18n] missing key "${key}" (${lngs.join(', ')})`),
  });
  document.documentElement.lang = language;
}

/** The browser's language, for the console's sign-in page (before the user's own setting is known). */
export function browserLanguage(): Language {
  return /^zh\b/i.test(navigator.language) || !/^en\b/i.test(navigator.language) ? 'zh-CN' : 'en';
}

export async function switchLanguage(language: Language): Promise<void> {
  if (i18next.language === language) return;
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
