// Admin-managed watched words: a word or phrase, `*` standing for any letters inside a word or,
// alone, for any one word. Matched on whole words of the normalised text, so obfuscated spellings
// ("sp4m", "s p a m", "ѕpam") are caught like the plain one.

import { normalizeText, spellPhrase, type ScreeningText, type Spelling } from './normalize.js';
import {
  PatternSet,
  PhraseTrie,
  type PatternStep,
  type SequencePattern,
} from './phrase-matcher.js';
import type { ScreeningHit, Severity, WatchedWord, WatchedWordAction } from './screening.types.js';

const SEVERITY_BY_ACTION: Readonly<Record<WatchedWordAction, Severity>> = {
  block: 'high',
  'require-approval': 'high',
  flag: 'medium',
  censor: 'low',
};

const CENSORED = '****';
const CACHE_LIMIT = 16;

/** Letters of a pattern piece as the normaliser spells them ("Ѕpam" → "spam"). */
function letters(piece: string): string {
  return spellPhrase(piece)
    .map((spelling) => spelling.text)
    .join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "spa*m" → /^s{1,}p{1,}a{1,}.*m{1,}$/: repeats are minimums, so "sp*aam" needs two a's. */
function wildcardTest(piece: string): {
  test: (spelling: Spelling) => boolean;
  first: string | null;
} {
  const parts = piece.split('*').map(letters);
  const source = parts
    .map((part) =>
      part.replace(/(.)\1*/g, (run, char: string) => `${escapeRegExp(char)}{${run.length},}`),
    )
    .join('.*');
  const pattern = new RegExp(`^${source}$`);
  const first = piece.startsWith('*') ? null : (parts[0][0] ?? null);
  return { test: (spelling) => pattern.test(spelling.text), first };
}

function compileStep(piece: string): PatternStep | null {
  if (/^\*+$/.test(piece)) {
    return { kind: 'word', test: () => true, firstWords: null, firstLetter: null };
  }
  if (piece.includes('*')) {
    const { test, first } = wildcardTest(piece);
    return { kind: 'word', test, firstWords: null, firstLetter: first };
  }
  const words = spellPhrase(piece);
  if (words.length === 0) return null;
  const trie = new PhraseTrie<true>();
  trie.add(words, true);
  // "e-mail" also as the one word "email".
  if (words.length > 1) trie.add(spellPhrase(letters(piece)), true);
  return { kind: 'phrase', trie, min: 1, max: 1 };
}

function compileWord(word: WatchedWord): SequencePattern<WatchedWord> | null {
  const steps: PatternStep[] = [];
  for (const piece of word.pattern.trim().split(/\s+/)) {
    const step = compileStep(piece);
    if (step !== null) steps.push(step);
  }
  return steps.length > 0 ? { steps, payload: word } : null;
}

const byList = new WeakMap<readonly WatchedWord[], PatternSet<WatchedWord>>();
const byContent = new Map<string, PatternSet<WatchedWord>>();

/** Compiled once per list of watched words (by identity, then by content). */
function compiledWords(words: readonly WatchedWord[]): PatternSet<WatchedWord> {
  const known = byList.get(words);
  if (known !== undefined) return known;
  const key = JSON.stringify(words.map((word) => [word.id, word.pattern, word.action]));
  let set = byContent.get(key);
  if (set === undefined) {
    const patterns = words.map(compileWord).filter((pattern) => pattern !== null);
    set = new PatternSet(patterns);
    if (byContent.size >= CACHE_LIMIT) {
      const oldest = byContent.keys().next().value;
      if (oldest !== undefined) byContent.delete(oldest);
    }
    byContent.set(key, set);
  }
  byList.set(words, set);
  return set;
}

export function findWatchedWords(
  text: ScreeningText,
  words: readonly WatchedWord[],
): ScreeningHit[] {
  if (words.length === 0) return [];
  return compiledWords(words)
    .findAll(text)
    .map(({ pattern, start, end }) => ({
      rule: 'watched-word' as const,
      term: pattern.payload.pattern,
      evidence: text.source.slice(start, end),
      start,
      end,
      severity: SEVERITY_BY_ACTION[pattern.payload.action],
      watchedWordId: pattern.payload.id,
      action: pattern.payload.action,
    }));
}

/** Replaces what the 'censor' watched words match with their replacement, or ****. */
export function censorWithWatchedWords(source: string, words: readonly WatchedWord[]): string {
  const censoring = words.filter((word) => word.action === 'censor');
  if (censoring.length === 0 || source === '') return source;
  const hits = compiledWords(censoring)
    .findAll(normalizeText(source))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let output = '';
  let copied = 0;
  for (const hit of hits) {
    if (hit.start < copied) continue;
    const replacement = hit.pattern.payload.replacement;
    output += source.slice(copied, hit.start) + (replacement ? replacement : CENSORED);
    copied = hit.end;
  }
  return output + source.slice(copied);
}
