import { describe, expect, it } from 'vitest';
import { fromAlpha3, matchProviderCode, normalizeLang, sameLanguage, toAlpha3 } from '../../../src/core/translate/languages';

describe('language codes', () => {
  it('normalizes tags and maps ISO 639-3 (Apertium) both ways', () => {
    expect(normalizeLang('pt_br')).toBe('pt-BR');
    expect(normalizeLang('ZH-hant')).toBe('zh-Hant');
    expect(normalizeLang('spa')).toBe('es');
    expect(toAlpha3('es')).toBe('spa');
    expect(toAlpha3('pt-BR')).toBe('por');
    expect(fromAlpha3('eng')).toBe('en');
    expect(fromAlpha3('eng_US')).toBe('en-US');
    expect(fromAlpha3('xxx')).toBeNull();
  });

  it("matches our codes to each provider's list", () => {
    expect(matchProviderCode('en', ['EN-GB', 'EN-US', 'ES'], ['en-US'])).toBe('EN-US');
    expect(matchProviderCode('pt', ['PT-BR', 'PT-PT'], ['pt-BR'])).toBe('PT-BR');
    expect(matchProviderCode('zh', ['ZH', 'ZH-HANS', 'ZH-HANT'])).toBe('ZH-HANS');
    expect(matchProviderCode('zh-TW', ['zh-Hans', 'zh-Hant'])).toBe('zh-Hant');
    expect(matchProviderCode('zh', ['zh', 'zh-TW'])).toBe('zh');
    expect(matchProviderCode('zh-Hant', ['zh'])).toBeNull();
    expect(matchProviderCode('es', ['en', 'pt'])).toBeNull();
  });

  it('treats regional variants as the same language, Chinese scripts as different', () => {
    expect(sameLanguage('en-US', 'en')).toBe(true);
    expect(sameLanguage('zh', 'zh-CN')).toBe(true);
    expect(sameLanguage('zh', 'zh-Hant')).toBe(false);
    expect(sameLanguage('es', 'pt')).toBe(false);
  });
});
