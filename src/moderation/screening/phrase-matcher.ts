// Matches word sequences (phrase lists, wildcard words, bounded gaps) against a normalised text.
// Words are compared by their squeezed spelling plus run lengths, so "iiidiot" reads as "idiot"
// while "Niger" never reads as a word spelled with a double g.

import { edgesEndingAt, runsCover, type ScreeningText, type Spelling } from './normalize.js';

interface TrieBranch<T> {
  minimumRuns: number[] | null;
  node: TrieNode<T>;
}

interface TrieNode<T> {
  children: Map<string, TrieBranch<T>[]>;
  payloads: T[];
}

function newNode<T>(): TrieNode<T> {
  return { children: new Map(), payloads: [] };
}

function sameRuns(a: number[] | null, b: number[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((run, index) => run === b[index]);
}

let nextTrieId = 0;

/** A set of phrases, each a list of words, found word by word from a position of the text. */
export class PhraseTrie<T> {
  readonly root: TrieNode<T> = newNode();
  readonly id = nextTrieId++;

  add(words: Spelling[], payload: T): void {
    if (words.length === 0) return;
    let node = this.root;
    for (const word of words) {
      const minimumRuns = word.runs;
      let branches = node.children.get(word.squeezed);
      if (branches === undefined) {
        branches = [];
        node.children.set(word.squeezed, branches);
      }
      let branch = branches.find((candidate) => sameRuns(candidate.minimumRuns, minimumRuns));
      if (branch === undefined) {
        branch = { minimumRuns, node: newNode() };
        branches.push(branch);
      }
      node = branch.node;
    }
    node.payloads.push(payload);
  }

  firstWords(): string[] {
    return [...this.root.children.keys()];
  }
}

export interface PhraseEnd<T> {
  end: number;
  payloads: T[];
}

/** Whether a word may continue a match at token `position` (no sentence break before it). */
function canContinue(text: ScreeningText, position: number, first: boolean): boolean {
  return position < text.tokens.length && (first || !text.tokens[position].breakBefore);
}

const NONE: never[] = [];

/** Every phrase of the trie that starts at `position`, longest first. */
export function phrasesAt<T>(
  text: ScreeningText,
  trie: PhraseTrie<T>,
  position: number,
  first = true,
): PhraseEnd<T>[] {
  if (!canContinue(text, position, first)) return NONE;
  const found: PhraseEnd<T>[] = [];
  visit(text, trie.root, position, found);
  return found.length === 0 ? NONE : found.sort((a, b) => b.end - a.end);
}

function visit<T>(text: ScreeningText, node: TrieNode<T>, at: number, found: PhraseEnd<T>[]): void {
  for (const edge of text.edgesFrom[at]) {
    let visited: TrieNode<T> | null = null;
    for (const spelling of edge.spellings) {
      const branches = node.children.get(spelling.squeezed);
      if (branches === undefined) continue;
      for (const branch of branches) {
        if (branch.node === visited) continue;
        if (branch.minimumRuns !== null && !runsCover(spelling.runs, branch.minimumRuns)) continue;
        visited = branch.node;
        if (branch.node.payloads.length > 0) {
          found.push({ end: edge.to, payloads: branch.node.payloads });
        }
        if (branch.node.children.size > 0 && canContinue(text, edge.to, false)) {
          visit(text, branch.node, edge.to, found);
        }
      }
    }
  }
}

/**
 * A text being scanned by a pattern set. Patterns share lists ("@group-subject" starts several),
 * so what a list found at a position is kept for the scan.
 */
interface Scan<T> {
  text: ScreeningText;
  matches: SequenceMatch<T>[];
  resumeAt: Int32Array;
  triedAt: Int32Array;
  found: Map<number, PhraseEnd<true>[]>;
}

function listAt<T>(
  scan: Scan<T>,
  trie: PhraseTrie<true>,
  position: number,
  first: boolean,
): PhraseEnd<true>[] {
  if (!canContinue(scan.text, position, first)) return NONE;
  const key = trie.id * (scan.text.tokens.length + 1) + position;
  let found = scan.found.get(key);
  if (found === undefined) {
    found = phrasesAt(scan.text, trie, position, true);
    scan.found.set(key, found);
  }
  return found;
}

export type PatternStep =
  | { kind: 'phrase'; trie: PhraseTrie<true>; min: number; max: number }
  | {
      kind: 'word';
      test: (spelling: Spelling) => boolean;
      /** Exact squeezed words the step can match, or null. */
      firstWords: string[] | null;
      /** Otherwise the first letter its words start with, or null for any word. */
      firstLetter: string | null;
    }
  | { kind: 'gap'; max: number };

export interface SequencePattern<T> {
  steps: PatternStep[];
  /** The match is dropped when one of these phrases comes right after it. */
  notFollowedBy?: PhraseTrie<true>;
  /** The match is dropped when one of these single words comes right before it. */
  notPrecededBy?: PhraseTrie<true>;
  /** The match must be followed by punctuation or the end of the text. */
  endsAtPunctuation?: boolean;
  payload: T;
}

export interface SequenceMatch<T> {
  pattern: SequencePattern<T>;
  from: number;
  to: number;
  start: number;
  end: number;
}

function precededBy(text: ScreeningText, trie: PhraseTrie<true>, position: number): boolean {
  if (position === 0 || text.tokens[position].breakBefore) return false;
  return edgesEndingAt(text, position).some((edge) =>
    phrasesAt(text, trie, edge.from).some((phrase) => phrase.end === position),
  );
}

function endAccepted<T>(scan: Scan<T>, pattern: SequencePattern<T>, end: number): boolean {
  const { text } = scan;
  const next = end < text.tokens.length ? text.tokens[end] : null;
  if (pattern.endsAtPunctuation && next !== null && !next.punctuationBefore) return false;
  if (pattern.notFollowedBy !== undefined && next !== null && !next.breakBefore) {
    if (listAt(scan, pattern.notFollowedBy, end, true).length > 0) return false;
  }
  return true;
}

function matchSteps<T>(
  scan: Scan<T>,
  pattern: SequencePattern<T>,
  stepIndex: number,
  position: number,
  first: boolean,
): number {
  const { text } = scan;
  if (stepIndex === pattern.steps.length) {
    return endAccepted(scan, pattern, position) ? position : -1;
  }
  const step = pattern.steps[stepIndex];
  if (step.kind === 'gap') {
    let at = position;
    for (let skipped = 0; skipped <= step.max; skipped++) {
      const end = matchSteps(scan, pattern, stepIndex + 1, at, first && skipped === 0);
      if (end >= 0) return end;
      if (!canContinue(text, at, first && skipped === 0)) return -1;
      at++;
    }
    return -1;
  }
  if (step.kind === 'word') {
    if (!canContinue(text, position, first)) return -1;
    for (const edge of text.edgesFrom[position]) {
      if (!edge.spellings.some(step.test)) continue;
      const end = matchSteps(scan, pattern, stepIndex + 1, edge.to, false);
      if (end >= 0) return end;
    }
    return -1;
  }
  const repeat = (count: number, at: number, isFirst: boolean): number => {
    if (count < step.max) {
      for (const phrase of listAt(scan, step.trie, at, isFirst)) {
        const end = repeat(count + 1, phrase.end, false);
        if (end >= 0) return end;
      }
    }
    return count >= step.min ? matchSteps(scan, pattern, stepIndex + 1, at, isFirst) : -1;
  };
  return repeat(0, position, first);
}

/** Where the pattern can start: the words its first step needs, or null when any word may do. */
function firstWordsOf<T>(pattern: SequencePattern<T>): string[] | null {
  const step = pattern.steps[0];
  if (step === undefined || step.kind === 'gap') return null;
  if (step.kind === 'word') return step.firstWords;
  return step.min > 0 ? step.trie.firstWords() : null;
}

function firstLetterOf<T>(pattern: SequencePattern<T>): string | null {
  const step = pattern.steps[0];
  return step !== undefined && step.kind === 'word' ? step.firstLetter : null;
}

/** Many patterns indexed by their first word, so each token costs one map look-up. */
export class PatternSet<T> {
  private readonly byFirstWord = new Map<string, number[]>();
  private readonly byFirstLetter = new Map<string, number[]>();
  private readonly anywhere: number[] = [];

  constructor(readonly patterns: SequencePattern<T>[]) {
    patterns.forEach((pattern, index) => {
      const firstWords = firstWordsOf(pattern);
      const firstLetter = firstLetterOf(pattern);
      if (firstWords === null && firstLetter !== null) {
        const list = this.byFirstLetter.get(firstLetter);
        if (list === undefined) this.byFirstLetter.set(firstLetter, [index]);
        else list.push(index);
        return;
      }
      if (firstWords === null) {
        this.anywhere.push(index);
        return;
      }
      for (const word of firstWords) {
        const list = this.byFirstWord.get(word);
        if (list === undefined) this.byFirstWord.set(word, [index]);
        else if (list[list.length - 1] !== index) list.push(index);
      }
    });
  }

  /** Every match, at most one per pattern over any stretch of text (the leftmost). */
  findAll(text: ScreeningText): SequenceMatch<T>[] {
    const matches: SequenceMatch<T>[] = [];
    if (this.patterns.length === 0) return matches;
    const state: Scan<T> = {
      text,
      matches,
      resumeAt: new Int32Array(this.patterns.length),
      triedAt: new Int32Array(this.patterns.length).fill(-1),
      found: new Map(),
    };
    for (let position = 0; position < text.tokens.length; position++) {
      for (const edge of text.edgesFrom[position]) {
        for (const spelling of edge.spellings) {
          const byWord = this.byFirstWord.get(spelling.squeezed);
          if (byWord !== undefined) this.attemptAll(state, byWord, position);
          if (this.byFirstLetter.size > 0) {
            const byLetter = this.byFirstLetter.get(spelling.squeezed[0]);
            if (byLetter !== undefined) this.attemptAll(state, byLetter, position);
          }
        }
      }
      if (this.anywhere.length > 0) this.attemptAll(state, this.anywhere, position);
    }
    return matches;
  }

  private attemptAll(state: Scan<T>, indexes: number[], position: number): void {
    const { text } = state;
    for (const index of indexes) {
      if (state.triedAt[index] === position || state.resumeAt[index] > position) continue;
      state.triedAt[index] = position;
      const pattern = this.patterns[index];
      if (
        pattern.notPrecededBy !== undefined &&
        precededBy(text, pattern.notPrecededBy, position)
      ) {
        continue;
      }
      const to = matchSteps(state, pattern, 0, position, true);
      if (to <= position) continue;
      state.resumeAt[index] = to;
      state.matches.push({
        pattern,
        from: position,
        to,
        start: text.tokens[position].start,
        end: text.tokens[to - 1].end,
      });
    }
  }
}
