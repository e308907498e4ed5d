// Turns raw text into word tokens whose spellings undo common obfuscation (look-alike letters,
// leetspeak, letters split by spaces or dots), while every token keeps its span in the original
// string so that a hit quotes the member's own characters.

import {
  CONFUSABLES,
  CharClass,
  LEET,
  foldText,
  foldedString,
  isWordChar,
  type Units,
} from './fold-text.js';

/** One way to read a word: its letters, the letters with repeats collapsed, and the run lengths. */
export interface Spelling {
  text: string;
  squeezed: string;
  /** Length of each run of one letter in `text`; null when no letter repeats. */
  runs: number[] | null;
}

/** A word read over tokens [from, to): one token, or several joined back together. */
export interface Edge {
  from: number;
  to: number;
  start: number;
  end: number;
  spellings: Spelling[];
}

/** One word of the text; also the edge that reads it alone. */
export interface Token extends Edge {
  /** A sentence or line ends between the previous token and this one. */
  breakBefore: boolean;
  /** Some punctuation (not only spaces) stands between the previous token and this one. */
  punctuationBefore: boolean;
}

export interface ScreeningText {
  source: string;
  tokens: Token[];
  /** Every word starting at a token: the token itself, then joined readings. */
  edgesFrom: Edge[][];
  /** Joined readings by the token they end before (single tokens are not repeated here). */
  joinedEndingAt: Map<number, Edge[]>;
}

/** Every word ending just before token `position`. */
export function edgesEndingAt(text: ScreeningText, position: number): Edge[] {
  if (position === 0) return [];
  const joined = text.joinedEndingAt.get(position);
  const previous = text.tokens[position - 1];
  return joined === undefined ? [previous] : [previous, ...joined];
}
const MAX_SPELLINGS = 4;
const MAX_JOINED_TOKENS = 8;
const MAX_SPACED_LETTERS = 24;

export function makeSpelling(text: string): Spelling {
  let repeats = false;
  for (let index = 1; index < text.length; index++) {
    if (text.charCodeAt(index) === text.charCodeAt(index - 1)) {
      repeats = true;
      break;
    }
  }
  if (!repeats) return { text, squeezed: text, runs: null };
  let squeezed = '';
  const runs: number[] = [];
  let previous = -1;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === previous) {
      runs[runs.length - 1]++;
    } else {
      squeezed += text[index];
      runs.push(1);
      previous = code;
    }
  }
  return { text, squeezed, runs };
}

function rangeHasLetter(units: Units, from: number, to: number): boolean {
  for (let index = from; index < to; index++) {
    if (units.classes[index] === CharClass.Letter) return true;
  }
  return false;
}

/** Spells folded characters given as [from, to) ranges, several for tokens read as one word. */
function spellRange(units: Units, folded: string, ranges: readonly number[]): Spelling[] {
  let hasLatin = false;
  let allLookAlike = true;
  let letterCount = 0;
  let plain = true;
  for (let range = 0; range < ranges.length; range += 2) {
    for (let index = ranges[range]; index < ranges[range + 1]; index++) {
      const code = units.codes[index];
      if (units.classes[index] !== CharClass.Letter) {
        plain = false;
        continue;
      }
      letterCount++;
      if (code >= 97 && code <= 122) hasLatin = true;
      else {
        plain = false;
        if (!CONFUSABLES.has(String.fromCharCode(code))) allLookAlike = false;
      }
    }
  }
  if (plain || letterCount === 0) {
    let text = '';
    for (let range = 0; range < ranges.length; range += 2) {
      text += folded.slice(ranges[range], ranges[range + 1]);
    }
    return [makeSpelling(text)];
  }
  const mapLookAlikes = hasLatin || allLookAlike;
  // A piece without letters is leetspeak only among single characters ("s.h.1.t"), not in
  // "a-z0-9" or "Luna-26".
  let singleCharacters = true;
  for (let range = 0; range < ranges.length; range += 2) {
    if (ranges[range + 1] - ranges[range] > 1) singleCharacters = false;
  }
  let variants = [''];
  for (let range = 0; range < ranges.length; range += 2) {
    const readDigits = singleCharacters || rangeHasLetter(units, ranges[range], ranges[range + 1]);
    for (let index = ranges[range]; index < ranges[range + 1]; index++) {
      const char = folded[index];
      let options: readonly string[];
      if (units.classes[index] === CharClass.Letter) {
        options = [mapLookAlikes ? (CONFUSABLES.get(char) ?? char) : char];
      } else {
        options = readDigits ? (LEET.get(char) ?? [char]) : [char];
      }
      if (options.length === 1 || variants.length * options.length > MAX_SPELLINGS) {
        variants = variants.map((variant) => variant + options[0]);
      } else {
        variants = variants.flatMap((variant) => options.map((option) => variant + option));
      }
    }
  }
  return variants.map(makeSpelling);
}

interface Separator {
  breakBefore: boolean;
  /** The break is only a full stop (or a newline-free run of them): "U.S. forces" may go on. */
  fullStopOnly: boolean;
  punctuationBefore: boolean;
  /** Only joiner punctuation, no space: the two tokens may be one word (s.l.u.r). */
  joined: boolean;
  /** Spaces or joiners only, short, on one line: letters spaced out (s l u r). */
  spaced: boolean;
}

const SINGLE_SPACE: Separator = {
  breakBefore: false,
  fullStopOnly: false,
  punctuationBefore: false,
  joined: false,
  spaced: true,
};

function readSeparator(units: Units, from: number, to: number): Separator {
  if (to - from === 1 && units.classes[from] === CharClass.Space) return SINGLE_SPACE;
  let hasSpace = false;
  let hasNewline = false;
  let endsSentence = false;
  let fullStop = false;
  let hasOther = false;
  let onlyJoiners = true;
  let joinersAndSpaces = true;
  for (let index = from; index < to; index++) {
    const charClass = units.classes[index];
    if (charClass === CharClass.Space) {
      hasSpace = true;
      onlyJoiners = false;
    } else if (charClass === CharClass.Newline) {
      hasNewline = true;
      onlyJoiners = false;
      joinersAndSpaces = false;
    } else {
      const code = units.codes[index];
      if (charClass === CharClass.SentenceEnd || code === 33) endsSentence = true;
      if (code === 46) fullStop = true;
      if (charClass !== CharClass.Joiner) {
        onlyJoiners = false;
        joinersAndSpaces = false;
      }
      hasOther = true;
    }
  }
  const length = to - from;
  const joined = onlyJoiners && length > 0 && length <= 3;
  return {
    breakBefore: hasNewline || ((endsSentence || fullStop) && !joined),
    fullStopOnly: fullStop && !endsSentence && !hasNewline,
    punctuationBefore: hasOther,
    joined,
    spaced: length <= 3 && joinersAndSpaces && (joined || hasSpace),
  };
}

/** A word after a full stop that starts in lower case goes on the same sentence ("U.S. forces"). */
function startsLowerCase(source: string, index: number): boolean {
  const code = source.charCodeAt(index);
  if (code < 128) return code >= 97 && code <= 122;
  const char = source[index];
  return char !== char.toUpperCase() && char === char.toLowerCase();
}

export function normalizeText(source: string): ScreeningText {
  const units = foldText(source);
  const folded = foldedString(units);
  const tokens: Token[] = [];
  const ranges: number[] = [];
  const singleRange = [0, 0];
  const joinedToNext: boolean[] = [];
  const spacedToNext: boolean[] = [];
  const hasLetter: boolean[] = [];
  let separatorStart = 0;
  const count = units.count;
  for (let index = 0; index < count;) {
    if (!isWordChar(units, index)) {
      index++;
      continue;
    }
    let end = index;
    let letters = false;
    // Plain: only a-z, the common case, spelled as a slice of the folded text.
    let plain = true;
    let repeats = false;
    let previous = -1;
    while (end < count && isWordChar(units, end)) {
      const code = units.codes[end];
      if (units.classes[end] === CharClass.Letter) letters = true;
      if (code < 97 || code > 122) plain = false;
      if (code === previous) repeats = true;
      previous = code;
      end++;
    }
    const separator = readSeparator(units, separatorStart, index);
    if (tokens.length > 0) {
      joinedToNext.push(separator.joined);
      spacedToNext.push(separator.spaced);
    }
    ranges.push(index, end);
    let spellings: Spelling[];
    if (plain) {
      const text = folded.slice(index, end);
      spellings = [repeats ? makeSpelling(text) : { text, squeezed: text, runs: null }];
    } else {
      singleRange[0] = index;
      singleRange[1] = end;
      spellings = spellRange(units, folded, singleRange);
    }
    tokens.push({
      from: tokens.length,
      to: tokens.length + 1,
      start: units.starts[index],
      end: units.ends[end - 1],
      spellings,
      breakBefore:
        tokens.length === 0 ||
        (separator.breakBefore &&
          !(separator.fullStopOnly && startsLowerCase(source, units.starts[index]))),
      punctuationBefore: separator.punctuationBefore,
    });
    hasLetter.push(letters);
    separatorStart = end;
    index = end;
  }
  joinedToNext.push(false);
  spacedToNext.push(false);

  const edgesFrom: Edge[][] = tokens.map((token) => [token]);
  const joinedEndingAt = new Map<number, Edge[]>();
  const seen = new Set<number>();
  const addJoined = (from: number, to: number): void => {
    const key = from * 64 + (to - from);
    if (seen.has(key)) return;
    seen.add(key);
    const edge: Edge = {
      from,
      to,
      start: tokens[from].start,
      end: tokens[to - 1].end,
      spellings: spellRange(units, folded, ranges.slice(from * 2, to * 2)),
    };
    edgesFrom[from].push(edge);
    const ending = joinedEndingAt.get(to);
    if (ending === undefined) joinedEndingAt.set(to, [edge]);
    else ending.push(edge);
  };

  // "s.l.u.r", "sub-human", "don't": the pieces joined back into one word.
  for (let first = 0; first < tokens.length; first++) {
    for (let last = first + 1; last < tokens.length && last - first < MAX_JOINED_TOKENS; last++) {
      if (!joinedToNext[last - 1]) break;
      addJoined(first, last + 1);
    }
  }
  // "s l u r", "i d i o t": three or more single characters spaced out on one line.
  const single = (index: number): boolean => ranges[index * 2 + 1] - ranges[index * 2] === 1;
  for (let first = 0; first < tokens.length; first++) {
    if (!single(first) || (first > 0 && single(first - 1) && spacedToNext[first - 1])) continue;
    let last = first;
    while (
      last + 1 < tokens.length &&
      last - first < MAX_SPACED_LETTERS &&
      single(last + 1) &&
      spacedToNext[last]
    ) {
      last++;
    }
    for (let from = first; from + 2 <= last; from++) {
      let letters = false;
      for (let to = from; to <= last; to++) {
        letters ||= hasLetter[to];
        if (to - from >= 2 && letters) addJoined(from, to + 1);
      }
    }
  }
  return { source, tokens, edgesFrom, joinedEndingAt };
}

/** The plain spelling of each word of a phrase written in a data file ("you're" → you, re). */
export function spellPhrase(phrase: string): Spelling[] {
  return normalizeText(phrase).tokens.map((token) => token.spellings[0]);
}

/** Whether a word read in the text is the data word, allowing extra repeats ("iiidiot" for "idiot"). */
export function runsCover(actual: readonly number[] | null, minimum: readonly number[]): boolean {
  if (actual === null || actual.length !== minimum.length) return false;
  for (let index = 0; index < minimum.length; index++) {
    if (actual[index] < minimum[index]) return false;
  }
  return true;
}
