/**
 * Unicode full case folding: CaseFolding.txt statuses C and F (not the Turkic T, not the simple S).
 *
 * JavaScript has no case-fold primitive. Upper- then lower-casing one code point on its own (so no
 * context such as Greek final sigma applies) gives the C+F folding of every code point but the ones
 * below. Checked against CaseFolding-17.0.0.txt, the Unicode version of Node 20's ICU 78, for every
 * code point 0..10FFFF: no difference. A runtime on another Unicode version needs the check again.
 */

// Cherokee folds to its capitals, unlike every other script: the small letters came later
// (Unicode 8) and folding had to stay stable (C entries 13F8–13FD and AB70–ABBF).
const FOLDS_TO_UPPER_CASE: readonly (readonly [first: number, last: number])[] = [
  [0x13a0, 0x13fd],
  [0xab70, 0xabbf],
];

// Where upper- then lower-casing disagrees with CaseFolding-17.0.0.txt C+F.
const EXCEPTIONS: ReadonlyMap<number, string> = new Map([
  // Dotless i has only a Turkic (T) entry: it must stay apart from "i", which upper-casing would make it.
  [0x0131, '\u0131'],
  // Capital sharp s: F entry 0073 0073, where lower-casing gives ß.
  [0x1e9e, 'ss'],
]);

const ASCII_ONLY = /^\p{ASCII}*$/u;
const LAST_CODE_POINT = 0x10ffff;

function foldCodePoint(char: string, codePoint: number): string {
  const exception = EXCEPTIONS.get(codePoint);
  if (exception !== undefined) return exception;
  const upper = FOLDS_TO_UPPER_CASE.some(([first, last]) => codePoint >= first && codePoint <= last);
  return upper ? char.toUpperCase() : char.toUpperCase().toLowerCase();
}

/** Full case folding of `text`, code point by code point; a lone surrogate is kept as it is. */
export function foldCase(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  let folded = '';
  for (const char of text) folded += foldCodePoint(char, char.codePointAt(0) ?? 0);
  return folded;
}

/**
 * Every code point whose folding differs from itself, with that folding, in code point order.
 * Replacing each `from` by its `to` reproduces `foldCase` exactly (it never looks at neighbours),
 * so a SQL translation generated from this list folds stored names the same way.
 */
export function caseFoldingPairs(): [from: string, to: string][] {
  const pairs: [string, string][] = [];
  for (let codePoint = 0; codePoint <= LAST_CODE_POINT; codePoint += 1) {
    const char = String.fromCodePoint(codePoint);
    const folded = foldCodePoint(char, codePoint);
    if (folded !== char) pairs.push([char, folded]);
  }
  return pairs;
}
