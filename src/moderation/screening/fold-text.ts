// Character level of the normaliser: each character of the original text folded (NFKC, lower
// case, accents dropped) and classified, keeping the span of the original it came from; and the
// look-alike and leetspeak readings of characters.

/** "аa вb 1i 1l" → а: [a], в: [b], 1: [i, l]: a character, then what it reads as. */
function readingsOf(list: string): Map<string, string[]> {
  const readings = new Map<string, string[]>();
  for (const pair of list.trim().split(/\s+/)) {
    const [char, ...reading] = [...pair];
    readings.set(char, [...(readings.get(char) ?? []), reading.join('')]);
  }
  return readings;
}

// Cyrillic, Greek and small-capital letters that pass for Latin ones. Applied to a word that has a
// Latin letter in it, or whose letters are all look-alikes; genuine Russian or Greek words keep theirs.
export const CONFUSABLES: ReadonlyMap<string, string> = new Map(
  [
    ...readingsOf(
      'аa вb еe ёe кk мm нh оo рp сc тt уy хx ьb іi їi јj ѕs ԁd ӏl ԛq ԝw һh үy пn гr αa βb ' +
        'γy δd εe ζz ηn ιi κk μu νv οo ρp τt υu χx ωw ςs ϲc ϳj ɑa ɡg ıi ɩi ɪi ʀr ᴀa ʙb ᴄc ᴅd ' +
        'ᴇe ɢg ʜh ᴊj ᴋk ʟl ᴍm ɴn ᴏo ᴘp ꜱs ᴛt ᴜu ᴠv ᴡw ʏy ᴢz øo łl đd ßss',
    ),
  ].map(([char, [reading]]) => [char, reading]),
);

// Digits and symbols read as letters inside a word that has letters; '1' and '|' are ambiguous.
export const LEET: ReadonlyMap<string, readonly string[]> = readingsOf(
  '0o 1i 1l 2z 3e 4a 5s 6g 7t 8b 9g @a $s !i |i |l',
);

export const CharClass = {
  Letter: 0,
  Digit: 1,
  /** @ $ ! | : letters only in or next to a word */
  Symbol: 2,
  /** Punctuation that may sit inside an obfuscated word: s.l.u.r, s-l-u-r */
  Joiner: 3,
  Space: 4,
  Newline: 5,
  /** ! ? ; (a '.' is a joiner, and ends a sentence when a space follows) */
  SentenceEnd: 6,
  Other: 7,
  Unknown: 255,
} as const;

const JOINERS = ".-_*'’‘`·•‐‑‒–~";
const LETTER = /\p{L}/u;
const SPACE = /\s/u;
const IGNORABLE = /[\p{M}\p{Cf}]/gu;

// One class per UTF-16 code unit, filled on first sight.
const CLASS_TABLE = new Uint8Array(0x10000).fill(CharClass.Unknown);

function classOf(code: number): number {
  const known = CLASS_TABLE[code];
  if (known !== CharClass.Unknown) return known;
  const char = String.fromCharCode(code);
  let charClass: number;
  if (code >= 97 && code <= 122) charClass = CharClass.Letter;
  else if (code >= 48 && code <= 57) charClass = CharClass.Digit;
  else if (char === '\n' || char === '\r' || char === '\u2028' || char === '\u2029') {
    charClass = CharClass.Newline;
  } else if (char === '@' || char === '$' || char === '|' || char === '!') {
    charClass = CharClass.Symbol;
  } else if (char === '?' || char === ';') charClass = CharClass.SentenceEnd;
  else if (JOINERS.includes(char)) charClass = CharClass.Joiner;
  else if (SPACE.test(char)) charClass = CharClass.Space;
  else if (LETTER.test(char)) charClass = CharClass.Letter;
  else charClass = CharClass.Other;
  CLASS_TABLE[code] = charClass;
  return charClass;
}

const astralClasses = new Map<number, number>();

/** Class of a character outside the BMP (NFKC already turned math letters into ASCII). */
function astralClassOf(codePoint: number): number {
  let charClass = astralClasses.get(codePoint);
  if (charClass === undefined) {
    charClass = LETTER.test(String.fromCodePoint(codePoint)) ? CharClass.Letter : CharClass.Other;
    if (astralClasses.size < 10_000) astralClasses.set(codePoint, charClass);
  }
  return charClass;
}

const foldCache = new Map<number, string>();

/** NFKC (full-width, ligatures, math letters), lower case, accents and invisible characters dropped. */
export function foldCodePoint(codePoint: number): string {
  let folded = foldCache.get(codePoint);
  if (folded === undefined) {
    folded = String.fromCodePoint(codePoint)
      .normalize('NFKC')
      .toLowerCase()
      .normalize('NFD')
      .replace(IGNORABLE, '');
    if (foldCache.size < 50_000) foldCache.set(codePoint, folded);
  }
  return folded;
}

/** The folded characters of a text, each with the span of the original characters it came from. */
export class Units {
  count = 0;
  codes: Uint16Array;
  classes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;

  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.classes = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  reset(capacity: number): void {
    this.count = 0;
    while (this.codes.length < capacity) this.grow();
  }

  push(code: number, start: number, end: number, charClass = classOf(code)): void {
    if (this.count === this.codes.length) this.grow();
    this.codes[this.count] = code;
    this.classes[this.count] = charClass;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  private grow(): void {
    const capacity = this.codes.length * 2 + 16;
    const codes = new Uint16Array(capacity);
    codes.set(this.codes);
    this.codes = codes;
    const classes = new Uint8Array(capacity);
    classes.set(this.classes);
    this.classes = classes;
    const starts = new Int32Array(capacity);
    starts.set(this.starts);
    this.starts = starts;
    const ends = new Int32Array(capacity);
    ends.set(this.ends);
    this.ends = ends;
  }
}

// Reused between calls (normalising is synchronous and keeps nothing of it in its result).
const scratchUnits = new Units(1024);

export function foldText(source: string): Units {
  const units = scratchUnits;
  units.reset(source.length + 16);
  for (let index = 0; index < source.length;) {
    const code = source.charCodeAt(index);
    if (code < 128) {
      units.push(code >= 65 && code <= 90 ? code + 32 : code, index, index + 1);
      index++;
      continue;
    }
    const codePoint = source.codePointAt(index) ?? code;
    const width = codePoint > 0xffff ? 2 : 1;
    const folded = foldCodePoint(codePoint);
    for (let unit = 0; unit < folded.length; unit++) {
      const foldedPoint = folded.codePointAt(unit) ?? 0;
      if (foldedPoint > 0xffff) {
        // Both halves of a surrogate pair share the class of the whole character.
        const charClass = astralClassOf(foldedPoint);
        units.push(folded.charCodeAt(unit), index, index + width, charClass);
        units.push(folded.charCodeAt(unit + 1), index, index + width, charClass);
        unit++;
      } else {
        units.push(foldedPoint, index, index + width);
      }
    }
    index += width;
  }
  return units;
}

function isAlphanumeric(charClass: number): boolean {
  return charClass === CharClass.Letter || charClass === CharClass.Digit;
}

/** Letters and digits, and @ $ ! | where they stand for letters. */
export function isWordChar(units: Units, index: number): boolean {
  const charClass = units.classes[index];
  if (charClass === CharClass.Letter || charClass === CharClass.Digit) return true;
  if (charClass !== CharClass.Symbol) return false;
  const before = index > 0 ? units.classes[index - 1] : CharClass.Space;
  const after = index + 1 < units.count ? units.classes[index + 1] : CharClass.Space;
  const code = units.codes[index];
  // '@sshole', '$hit', 'a$$': a leading or trailing symbol; 'sh!t', 'b|tch': only in the middle.
  if (code === 64 || code === 36) {
    return isAlphanumeric(before) || isAlphanumeric(after) || after === CharClass.Symbol;
  }
  return isAlphanumeric(before) && isAlphanumeric(after);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const UTF16 = new TextDecoder(LITTLE_ENDIAN ? 'utf-16le' : 'utf-16be');

/** All folded characters as one string, so a plain token's spelling is a slice of it. */
export function foldedString(units: Units): string {
  return UTF16.decode(new Uint8Array(units.codes.buffer, 0, units.count * 2));
}
