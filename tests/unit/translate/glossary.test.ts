import { describe, expect, it } from 'vitest';
import { Glossary, matcher, pairGlossary, promptLines, protect, restore, toTsv } from '../../../src/core/translate/glossary';

const g = Glossary.parse({ entries: [
  { kind: 'keep', term: 'FOB' },
  { kind: 'keep', term: 'X200 Pro', caseSensitive: true },
  { kind: 'term', terms: { es: 'precio unitario', en: 'unit price', zh: '单价' } },
  { kind: 'term', terms: { es: 'precio', en: 'price' } },
  { kind: 'term', terms: { 'pt-BR': 'contêiner', en: 'container' } },
] });

describe('team glossary', () => {
  it('selects the entries of a pair, longest source first, with a revision that follows the entries', () => {
    const es = pairGlossary(g, 'es', 'en');
    expect(es.entries.map((e) => [e.source, e.target])).toEqual([
      ['precio unitario', 'unit price'], ['X200 Pro', 'X200 Pro'], ['precio', 'price'], ['FOB', 'FOB'],
    ]);
    expect(pairGlossary(g, 'pt', 'en').entries.map((e) => e.source)).toContain('contêiner');
    expect(pairGlossary(g, 'auto', 'en').entries.map((e) => e.source)).toEqual(['X200 Pro', 'FOB']);
    expect(es.rev).toMatch(/^[0-9a-f]{16}$/);
    expect(pairGlossary(g, 'es', 'en').rev).toBe(es.rev);
    expect(pairGlossary({ entries: [] }, 'es', 'en').rev).toBe('');
    expect(pairGlossary(g, 'zh', 'en').rev).not.toBe(es.rev);
  });

  it('protects whole words only (not inside other words), any case unless case-sensitive, and CJK terms without spaces', () => {
    const m = matcher(pairGlossary(g, 'es', 'en'));
    const p = protect('El Precio Unitario FOB del x200 pro y del X200 Pro; preciosa', m);
    expect(p.text).toBe('El ZZ0ZZ ZZ1ZZ del x200 pro y del ZZ2ZZ; preciosa');
    expect(p.slots).toEqual(['unit price', 'FOB', 'X200 Pro']);
    const zh = protect('这个单价是多少', matcher(pairGlossary(g, 'zh', 'en')));
    expect(zh).toEqual({ text: '这个ZZ0ZZ是多少', slots: ['unit price'] });
  });

  it('restores placeholders (tolerating a space an engine inserted) and reports a lost one', () => {
    expect(restore('The ZZ0ZZ is ZZ 1ZZ', ['unit price', 'FOB'])).toEqual({ text: 'The unit price is FOB', complete: true });
    expect(restore('The price is high', ['unit price'])).toEqual({ text: 'The price is high', complete: false });
    // a text that already contains something placeholder-like is left alone
    expect(protect('code ZZ9ZZ precio', matcher(pairGlossary(g, 'es', 'en')))).toEqual({ text: 'code ZZ9ZZ precio', slots: [] });
  });

  it('renders DeepL TSV and prompt lines', () => {
    const pg = pairGlossary(g, 'es', 'en');
    expect(toTsv(pg).split('\n')).toEqual(['precio unitario\tunit price', 'X200 Pro\tX200 Pro', 'precio\tprice', 'FOB\tFOB']);
    expect(promptLines(pg)).toContain('- "precio unitario" → "unit price"');
    expect(promptLines(pg)).toContain('- "FOB": keep exactly as written');
  });

  it('rejects invalid glossaries with a clear reason', () => {
    expect(Glossary.safeParse({ entries: [{ kind: 'term', terms: { 'not a lang!': 'x' } }] }).success).toBe(false);
    expect(Glossary.safeParse({ entries: [{ kind: 'keep', term: '' }] }).success).toBe(false);
  });
});
