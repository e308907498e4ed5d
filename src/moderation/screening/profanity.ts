// Profanity through the obscenity library (English dataset, recommended transformers).
// Obscenity scans a whole text in about 2 ms per 10 KB, over our budget, so a pre-pass applies
// the same transformers (memoised per character) and the same patterns, compiled into a few
// regular expressions; obscenity then judges only the few windows around a candidate, its
// whitelist included.

import {
  RegExpMatcher,
  SyntaxKind,
  englishDataset,
  englishRecommendedBlacklistMatcherTransformers,
  englishRecommendedTransformers,
  type Node,
  type ParsedPattern,
  type StatefulTransformer,
  type TransformerFn,
} from 'obscenity';
import { foldCodePoint } from './fold-text.js';
import { isSeverity, type Severity } from './screening.types.js';
import { readDataFile } from './term-list.js';

export interface ProfanityHit {
  /** The dataset's word ("fuck", "nigger" ...), whichever spelling matched. */
  word: string;
  start: number;
  end: number;
  severity: Severity;
  /** Precise enough to count as the slur our data lists for the same word. */
  promotable: boolean;
}

interface ProfanitySettings {
  allowWords: Set<string>;
  severityByWord: Map<string, Severity>;
  defaultSeverity: Severity;
}

interface Profanity {
  matcher: RegExpMatcher;
  candidates: RegExp[];
  simpleTransforms: TransformerFn[];
  /** Obscenity's collapse-duplicates transformer, the one stateful step of its pipeline. */
  collapse: (() => StatefulTransformer) | null;
  wordOf: (termId: number) => string;
  settings: ProfanitySettings;
}

const WINDOW_MARGIN = 24;
const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\]/g;

function nodeSource(node: Node): string {
  switch (node.kind) {
    case SyntaxKind.Literal:
      return String.fromCodePoint(...node.chars).replace(REGEXP_SPECIAL, '\\$&');
    case SyntaxKind.Optional:
      return `(?:${nodeSource(node.childNode)})?`;
    case SyntaxKind.Wildcard:
      return '.';
  }
}

// Same translation as obscenity's own compilePatternToRegExp, which the package does not export.
function patternSource(pattern: ParsedPattern): string {
  const start = pattern.requireWordBoundaryAtStart ? '\\b' : '';
  const end = pattern.requireWordBoundaryAtEnd ? '\\b' : '';
  return `${start}${pattern.nodes.map(nodeSource).join('')}${end}`;
}

/**
 * The patterns as a few expressions, one per first letter: the engine then skips quickly to
 * that letter, which costs less than trying every pattern at every position.
 */
function combinedPatterns(patterns: ParsedPattern[]): RegExp[] {
  const byFirst = new Map<string, string[]>();
  for (const pattern of patterns) {
    const first = pattern.nodes[0];
    const key = first?.kind === SyntaxKind.Literal ? String.fromCodePoint(first.chars[0]) : '';
    byFirst.set(key, [...(byFirst.get(key) ?? []), patternSource(pattern)]);
  }
  return [...byFirst.values()].map((sources) => new RegExp(sources.join('|'), 'gs'));
}

function readSettings(): ProfanitySettings {
  const raw = readDataFile('profanity.json');
  if (typeof raw !== 'object' || raw === null) {
    throw new Error('profanity.json must hold an object');
  }
  const allow = 'allowWords' in raw && Array.isArray(raw.allowWords) ? raw.allowWords : [];
  const severities = 'severity' in raw && typeof raw.severity === 'object' ? raw.severity : {};
  const fallback = 'defaultSeverity' in raw ? raw.defaultSeverity : 'low';
  const severityByWord = new Map<string, Severity>();
  for (const [word, value] of Object.entries(severities ?? {})) {
    if (!isSeverity(value)) {
      throw new Error(`profanity.json: severity of ${word} is not a severity`);
    }
    severityByWord.set(word, value);
  }
  return {
    allowWords: new Set(allow.filter((word): word is string => typeof word === 'string')),
    severityByWord,
    defaultSeverity: isSeverity(fallback) ? fallback : 'low',
  };
}

function build(): Profanity {
  const dataset = englishDataset.build();
  const candidates = combinedPatterns(dataset.blacklistedTerms.map((term) => term.pattern));
  const simpleTransforms: TransformerFn[] = [];
  let collapse: (() => StatefulTransformer) | null = null;
  for (const container of englishRecommendedBlacklistMatcherTransformers) {
    // The pre-pass assumes obscenity's order: simple transformers, then collapse-duplicates.
    if (collapse !== null) throw new Error('obscenity: unexpected transformer pipeline');
    if ('factory' in container) collapse = container.factory;
    else simpleTransforms.push(container.transform);
  }
  const matcher = new RegExpMatcher({ ...dataset, ...englishRecommendedTransformers });
  const wordOf = (termId: number): string =>
    englishDataset.getPayloadWithPhraseMetadata({
      termId,
      startIndex: 0,
      endIndex: 0,
      matchLength: 0,
    }).phraseMetadata?.originalWord ?? 'profanity';
  return { matcher, candidates, simpleTransforms, collapse, wordOf, settings: readSettings() };
}

let cached: Profanity | null = null;
function profanity(): Profanity {
  cached ??= build();
  return cached;
}

// Obscenity's simple transformers per BMP code unit: -2 not yet known, -1 dropped.
const SIMPLE_TABLE = new Int32Array(0x10000).fill(-2);
const astralCache = new Map<number, number>();

function simpleTransform(engine: Profanity, codePoint: number): number {
  const known = codePoint < 0x10000 ? SIMPLE_TABLE[codePoint] : astralCache.get(codePoint);
  if (known !== undefined && known !== -2) return known;
  let value: number | undefined = codePoint;
  for (const transform of engine.simpleTransforms) {
    if (value === undefined) break;
    value = transform(value);
  }
  const result = value ?? -1;
  if (codePoint < 0x10000) SIMPLE_TABLE[codePoint] = result;
  else if (astralCache.size < 10_000) astralCache.set(codePoint, result);
  return result;
}

// The collapse-duplicates transformer keeps at most N repeats of a character; N is read off the
// transformer itself by feeding it a long run, so the pre-pass follows the library's settings.
const PROBE_RUN = 64;
const UNLIMITED = 0x7fff;
const REPEAT_TABLE = new Int16Array(0x10000).fill(-1);

function repeatLimit(engine: Profanity, char: number): number {
  const known = char < 0x10000 ? REPEAT_TABLE[char] : -1;
  if (known >= 0) return known;
  let limit = UNLIMITED;
  const collapse = engine.collapse?.();
  if (collapse !== undefined) {
    limit = 0;
    for (let run = 0; run < PROBE_RUN; run++) {
      if (collapse.transform(char) !== undefined) limit++;
    }
    if (limit === PROBE_RUN) limit = UNLIMITED;
  }
  if (char < 0x10000) REPEAT_TABLE[char] = limit;
  return limit;
}

const UTF16 = new TextDecoder('utf-16le');

// Reused between calls (screening is synchronous): the text is copied out before returning.
let scratchBytes = new Uint8Array(0);
let scratchOrigin = new Int32Array(0);

function scratch(units: number): { bytes: Uint8Array; origin: Int32Array } {
  if (scratchOrigin.length < units) {
    scratchBytes = new Uint8Array(units * 2);
    scratchOrigin = new Int32Array(units);
  }
  return { bytes: scratchBytes, origin: scratchOrigin };
}

/** The text as obscenity's blacklist transformers see it, with each unit's original index. */
function transformLikeObscenity(
  source: string,
  engine: Profanity,
): { text: string; origin: Int32Array } {
  // UTF-16LE bytes, decoded in one native call at the end.
  const { bytes, origin } = scratch(source.length * 2 + 2);
  let length = 0;
  let last = -1;
  let remaining = 0;
  const emit = (unit: number, at: number): void => {
    bytes[length * 2] = unit & 0xff;
    bytes[length * 2 + 1] = unit >> 8;
    origin[length++] = at;
  };
  for (let index = 0; index < source.length;) {
    const unit = source.charCodeAt(index);
    const codePoint = unit >= 0xd800 && unit <= 0xdbff ? (source.codePointAt(index) ?? unit) : unit;
    const at = index;
    index += codePoint > 0xffff ? 2 : 1;
    const value = simpleTransform(engine, codePoint);
    if (value === -1) continue;
    if (value === last) {
      if (remaining-- <= 0) continue;
    } else {
      last = value;
      const limit = repeatLimit(engine, value);
      remaining = limit - 1;
      if (limit <= 0) continue;
    }
    if (value > 0xffff) {
      const pair = String.fromCodePoint(value);
      emit(pair.charCodeAt(0), at);
      emit(pair.charCodeAt(1), at);
    } else {
      emit(value, at);
    }
  }
  return { text: UTF16.decode(bytes.subarray(0, length * 2)), origin };
}

function isWordCharacter(char: string): boolean {
  return /[\p{L}\p{N}@$]/u.test(char);
}

interface WordAround {
  /** Folded, to compare with the allowed words ("trafficking"). */
  text: string;
  from: number;
  to: number;
}

/** The whole word around a hit. */
function wordAround(source: string, start: number, end: number): WordAround {
  let from = start;
  let to = end;
  while (from > 0 && isWordCharacter(source[from - 1])) from--;
  while (to < source.length && isWordCharacter(source[to])) to++;
  let text = '';
  for (const char of source.slice(from, to)) text += foldCodePoint(char.codePointAt(0) ?? 0);
  return { text, from, to };
}

const HIT_CHARACTERS = /^[\p{L}\p{M}\p{N}@$!|*'’._-]+$/u;
const HIT_CHARACTERS_AND_SPACES = /^[\p{L}\p{M}\p{N}@$!|*'’._ -]+$/u;
const LETTERS = /\p{L}/gu;
const DIGITS = /\d/g;
const HEXADECIMAL = /^[0-9a-f]{6,}$/;

/**
 * Whether a library hit reads as something a member typed rather than an artefact of numbers,
 * code or links, which the library's leetspeak reads as words: "455" (ass), "s/utils" (slut),
 * "if (key" (fuck), "loong64", commit hashes.
 */
function plausible(
  source: string,
  start: number,
  end: number,
  word: string,
  around: WordAround,
): boolean {
  const span = source.slice(start, end);
  if ((span.match(LETTERS)?.length ?? 0) < 2) return false;
  if (!(word.includes(' ') ? HIT_CHARACTERS_AND_SPACES : HIT_CHARACTERS).test(span)) return false;
  const digits = around.text.match(DIGITS)?.length ?? 0;
  const inside = around.from < start || around.to > end;
  return !(inside && (digits >= 2 || (digits > 0 && HEXADECIMAL.test(around.text))));
}

function windowsAround(source: string, spans: [number, number][]): [number, number][] {
  const windows: [number, number][] = [];
  for (const [spanStart, spanEnd] of spans) {
    let start = Math.max(0, spanStart - WINDOW_MARGIN);
    let end = Math.min(source.length, spanEnd + WINDOW_MARGIN);
    while (start > 0 && !/\s/.test(source[start - 1])) start--;
    while (end < source.length && !/\s/.test(source[end])) end++;
    const last = windows[windows.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else windows.push([start, end]);
  }
  return windows;
}

export function findProfanity(source: string): ProfanityHit[] {
  const engine = profanity();
  const { text, origin } = transformLikeObscenity(source, engine);
  const spans: [number, number][] = [];
  for (const candidates of engine.candidates) {
    for (const match of text.matchAll(candidates)) {
      const last = match.index + Math.max(match[0].length, 1) - 1;
      spans.push([origin[match.index], origin[Math.min(last, text.length - 1)] + 1]);
    }
  }
  if (spans.length === 0) return [];
  spans.sort((a, b) => a[0] - b[0]);
  const hits: ProfanityHit[] = [];
  const seen = new Set<string>();
  for (const [windowStart, windowEnd] of windowsAround(source, spans)) {
    const slice = source.slice(windowStart, windowEnd);
    for (const match of engine.matcher.getAllMatches(slice)) {
      const start = windowStart + match.startIndex;
      const end = windowStart + match.endIndex + 1;
      const word = engine.wordOf(match.termId);
      const key = `${start}:${end}:${word}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const around = wordAround(source, start, end);
      if (engine.settings.allowWords.has(around.text)) continue;
      if (!plausible(source, start, end, word, around)) continue;
      const severity = engine.settings.severityByWord.get(word) ?? engine.settings.defaultSeverity;
      // Part of a longer word with digits in it: fine as profanity, too loose to call a slur.
      const wholeWord = around.from >= start && around.to <= end;
      hits.push({ word, start, end, severity, promotable: wholeWord || !/\d/.test(around.text) });
    }
  }
  return hits;
}

export interface SpelledWord {
  text: string;
  start: number;
  end: number;
}

/**
 * Words the normaliser rebuilt from letters spaced or dotted apart ("f u c k", "s.l.u.t"), which
 * obscenity does not join by itself: each is judged whole, and only the shortest reading that
 * matches is kept ("s l u t" rather than "a s l u t").
 */
export function findProfanityInSpelledWords(words: SpelledWord[]): ProfanityHit[] {
  if (words.length === 0) return [];
  const engine = profanity();
  const hits: ProfanityHit[] = [];
  for (const word of words) {
    const candidate = engine.candidates.some((candidates) => {
      candidates.lastIndex = 0;
      const found = candidates.test(word.text);
      candidates.lastIndex = 0;
      return found;
    });
    if (!candidate) continue;
    const match = engine.matcher.getAllMatches(word.text)[0];
    if (match === undefined) continue;
    const found = engine.wordOf(match.termId);
    const severity = engine.settings.severityByWord.get(found) ?? engine.settings.defaultSeverity;
    hits.push({ word: found, start: word.start, end: word.end, severity, promotable: true });
  }
  return hits.filter(
    (hit) =>
      !hits.some(
        (other) =>
          other !== hit &&
          hit.start <= other.start &&
          other.end <= hit.end &&
          (hit.start !== other.start || hit.end !== other.end),
      ),
  );
}
