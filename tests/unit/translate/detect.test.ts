import { describe, expect, it } from 'vitest';
import { detectFromSamples, detectLanguage } from '../../../src/core/translate/detect';

describe('language detection for chat messages', () => {
  it.each([
    ['zh', '价格是多少？我需要500个'],
    ['zh', '谢谢'],
    ['ja', 'ありがとうございます、価格を教えてください'],
    ['ko', '가격이 얼마예요?'],
    ['ar', 'كم السعر؟ أحتاج 500 قطعة'],
    ['ru', 'Доброе утро, какая цена за 500 штук?'],
    ['es', '¿Cuál es el precio de la silla modelo X200?'],
    ['es', 'Necesito quinientas unidades del modelo nuevo'],
    ['pt', 'Qual é o preço? Preciso de 500 unidades'],
    ['en', 'Please send me the catalog and the price list'],
  ])('%s: %s', (lang, text) => {
    const d = detectLanguage(text);
    expect(d.lang).toBe(lang);
    expect(d.reliable).toBe(true);
  });

  it('short Latin-script messages are not reliable on their own; no letters means no language', () => {
    expect(detectLanguage('ok').reliable).toBe(false);
    expect(detectLanguage('gracias').reliable).toBe(false);
    expect(detectLanguage('👍 100%')).toEqual({ lang: null, confidence: 0, reliable: false });
    // a short Cyrillic or Arabic message still means its usual language
    expect(detectLanguage('привет')).toMatchObject({ lang: 'ru' });
    expect(detectLanguage('شكرا')).toMatchObject({ lang: 'ar' });
  });

  it("a contact's recent messages together are reliable where each alone is not", () => {
    const texts = ['hola', 'gracias', 'muy caro', 'sí, perfecto', 'cuánto', 'vale', 'el precio'];
    expect(texts.every((t) => !detectLanguage(t).reliable)).toBe(true);
    expect(detectFromSamples(texts)).toMatchObject({ lang: 'es', reliable: true, samples: 7 });
  });
});
