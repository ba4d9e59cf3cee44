import { describe, it, expect } from 'vitest';

import { caseFoldingPairs, foldCase } from '../../../src/workflows/domain/case-folding.js';

// Built once: listing the pairs walks all 1,114,112 code points.
const PAIRS = caseFoldingPairs();

function applyPairs(text: string): string {
  const table = new Map(PAIRS);
  return Array.from(text, (char) => table.get(char) ?? char).join('');
}

describe('foldCase', () => {
  it('lower-cases ASCII capitals', () => {
    const folded = foldCase('Sync INVOICES 42');

    expect(folded).toBe('sync invoices 42');
  });

  it.each([
    ['a sharp s', '\u00DF', 'ss'],
    ['a capital sharp s, which lower-cases to ß', '\u1E9E', 'ss'],
    ['a capital I with a dot above', '\u0130', 'i\u0307'],
    ['an n preceded by an apostrophe', '\u0149', '\u02BCn'],
    ['a ligature', '\uFB03', 'ffi'],
    ['an Armenian ligature', '\uFB13', '\u0574\u0576'],
    ['an alpha with a prosgegrammeni', '\u1FBC', '\u03B1\u03B9'],
    ['a long s', '\u017F', 's'],
    ['a final sigma', '\u03C2', '\u03C3'],
    ['a Kelvin sign', '\u212A', 'k'],
    ['a Georgian Mtavruli capital', '\u1C90', '\u10D0'],
  ])('folds %s', (_label, text, expected) => {
    const folded = foldCase(text);

    expect(folded).toBe(expected);
  });

  it('keeps a dotless i, which has only a Turkic folding', () => {
    const folded = foldCase('\u0131I');

    expect(folded).toBe('\u0131i');
  });

  it('folds Cherokee to its capitals, small letters included', () => {
    const folded = foldCase('\u13A0\uAB70\u13F8\u13F0');

    expect(folded).toBe('\u13A0\u13A0\u13F0\u13F0');
  });

  it('folds every sigma alike, whatever its place in a word', () => {
    const folded = foldCase('ΟΔΟΣ οδος ς');

    expect(folded).toBe('οδοσ οδοσ σ');
  });

  it('leaves characters without case and lone surrogates as they are', () => {
    const text = '日本語 \u{1F680} #1 \u0301 \uD83D';

    const folded = foldCase(text);

    expect(folded).toBe(text);
  });
});

describe('caseFoldingPairs', () => {
  it('lists each changing code point once, in order, with its folding', () => {
    const codePoints = PAIRS.map(([from]) => from.codePointAt(0) ?? -1);

    expect(PAIRS.every(([from, to]) => from !== to && foldCase(from) === to)).toBe(true);
    expect(PAIRS.every(([from]) => from.length === String.fromCodePoint(from.codePointAt(0) ?? 0).length)).toBe(true);
    expect(codePoints.every((codePoint, index) => index === 0 || codePoint > (codePoints[index - 1] ?? 0))).toBe(true);
  });

  it('includes the full foldings and leaves out the Turkic ones', () => {
    const table = new Map(PAIRS);

    expect(table.get('\u1E9E')).toBe('ss');
    expect(table.get('\u0130')).toBe('i\u0307');
    expect(table.get('\uAB70')).toBe('\u13A0');
    expect(table.has('\u0131')).toBe(false);
    expect(table.has('i')).toBe(false);
  });

  it('reproduces foldCase on text when each pair is applied', () => {
    const samples = [
      PAIRS.map(([from]) => from).join(''),
      'Straße ΟΔΟΣ İstanbul ﬁle Ǆemal ᾼ \u13F8 日本語 \u{1F680} ＡＢＣ',
      String.fromCodePoint(...Array.from({ length: 0x3000 }, (_, index) => index)),
    ];

    const applied = samples.map(applyPairs);

    expect(applied).toEqual(samples.map(foldCase));
  });
});
