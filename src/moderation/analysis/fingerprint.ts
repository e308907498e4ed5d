// Bottom-k MinHash over word shingles: the SIGNATURE_SIZE smallest shingle hashes of a text. The
// smallest hashes of two texts' union, and how many of those both texts hold, estimate the Jaccard
// similarity of their shingle sets (exactly, for texts under SIGNATURE_SIZE shingles), so a repost or
// a quote is found without keeping the text. One hash per shingle: far cheaper than k permutations.

export interface ShingleSketch {
  /** up to SIGNATURE_SIZE smallest shingle hashes (uint32), ascending; [] when the text has no words */
  fingerprint: number[];
  /** distinct shingles the signature summarises */
  shingleCount: number;
}

export const SHINGLE_SIZE = 5;
export const SIGNATURE_SIZE = 128;

// Cyrillic and Greek letters drawn like Latin ones, as "look-alike Latin" pairs.
const CONFUSABLE_PAIRS =
  'аa вb еe кk мm нh оo рp сc тt уy хx іi јj ѕs ԁd ӏl АA ВB ЕE КK МM НH ОO РP СC ТT УY ХX ІI ЈJ ЅS ' +
  'αa οo ρp νv ιi κk τt υu ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX';
const CONFUSABLES = new Map(CONFUSABLE_PAIRS.split(' ').map((pair) => [pair[0], pair[1]]));
const NON_LATIN_LOOKALIKE = /[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]/;

export interface Token {
  /** normalised word */
  word: string;
  /** offset of the word in the original text */
  offset: number;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const NOT_WORD_CHAR = /[^\p{L}\p{N}]/gu;

/**
 * Words for comparison, with their offsets: NFKC, Cyrillic/Greek look-alikes folded to Latin inside
 * words that mix scripts ("Rosсosmos"), lower-cased, punctuation dropped. Cyrillic words stay Cyrillic.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  let ascii = true;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    const isWordChar =
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code >= 48 && code <= 57) ||
      (code > 127 && WORD_CHAR.test(text[i]));
    if (isWordChar) {
      if (start === -1) {
        start = i;
        ascii = true;
      }
      if (code > 127) ascii = false;
      continue;
    }
    if (start === -1) continue;
    const raw = text.slice(start, i);
    const word = ascii ? raw.toLowerCase() : normalizeWord(raw);
    if (word !== '') tokens.push({ word, offset: start });
    start = -1;
  }
  return tokens;
}

function normalizeWord(raw: string): string {
  let normal = raw.normalize('NFKC');
  if (NON_LATIN_LOOKALIKE.test(normal)) normal = foldMixedScript(normal);
  return normal.toLowerCase().replace(NOT_WORD_CHAR, '');
}

export function normalizedWords(text: string): string[] {
  return tokenize(text).map((token) => token.word);
}

function foldMixedScript(word: string): string {
  if (!/[a-zA-Z]/.test(word)) return word;
  let folded = '';
  for (const char of word) folded += CONFUSABLES.get(char) ?? char;
  return folded;
}

/** Hashes of the word n-grams, ascending, duplicates kept; a text shorter than one shingle is one shingle. */
export function shingleHashes(words: readonly string[], size = SHINGLE_SIZE): Uint32Array {
  if (words.length === 0) return new Uint32Array(0);
  const wordHashes = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) wordHashes[i] = hashString(words[i]);
  const count = Math.max(1, words.length - size + 1);
  const shingles = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let hash = 0x811c9dc5;
    const end = Math.min(i + size, words.length);
    for (let j = i; j < end; j++) hash = mix(Math.imul(hash ^ wordHashes[j], 0x01000193));
    shingles[i] = hash;
  }
  return shingles.sort();
}

export function sketch(text: string): ShingleSketch {
  return sketchOfTokens(tokenize(text));
}

/** The sketch of tokens from tokenize(), optionally only those starting inside [start, end). */
export function sketchOfTokens(tokens: readonly Token[], start = 0, end = Infinity): ShingleSketch {
  const words: string[] = [];
  for (const token of tokens) {
    if (token.offset >= start && token.offset < end) words.push(token.word);
  }
  const sorted = shingleHashes(words);
  // distinct values: the first SIGNATURE_SIZE are the signature, all of them the count
  const fingerprint: number[] = [];
  let shingleCount = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    shingleCount++;
    if (fingerprint.length < SIGNATURE_SIZE) fingerprint.push(sorted[i]);
  }
  return { fingerprint, shingleCount };
}

/** Estimated Jaccard similarity of the two shingle sets (0 when either text has no words). */
export function similarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  // Walk the union in ascending order up to SIGNATURE_SIZE values, counting those in both. Each value
  // walked is no larger than either sketch's last, so a truncated sketch never misses it.
  const limit = SIGNATURE_SIZE;
  let i = 0;
  let j = 0;
  let seen = 0;
  let shared = 0;
  while (seen < limit && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) {
      i++;
    } else if (i >= a.length || b[j] < a[i]) {
      j++;
    } else {
      shared++;
      i++;
      j++;
    }
    seen++;
  }
  return shared / seen;
}

/**
 * Estimated share of `inner`'s shingles that also occur in `outer`: |A∩B| / |A|, from the Jaccard
 * estimate and both set sizes. Near 1 when `outer` repeats `inner` in full and adds text of its own.
 */
export function containment(inner: ShingleSketch, outer: ShingleSketch): number {
  const jaccard = similarity(inner.fingerprint, outer.fingerprint);
  if (jaccard === 0 || inner.shingleCount === 0) return 0;
  const intersection = (jaccard * (inner.shingleCount + outer.shingleCount)) / (1 + jaccard);
  return Math.min(1, intersection / inner.shingleCount);
}

// FNV-1a over UTF-16 code units, finished with a mixer so similar words spread apart.
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return mix(hash);
}

// murmur3's 32-bit finaliser
function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
