// Reads the screening data files (hate terms and tropes, personal-attack phrases) and compiles
// them once into phrase patterns. The files hold word lists, terms and patterns; a pattern is a
// list of steps:
//   "word|other words"   one of these phrases        "@list"   one phrase of a named list
//   suffix ? * +          optional, 0..4, 1..4 times  "~N"      up to N words of anything
// Lists may use other lists ("@group-adjective @people-noun"). Matching never crosses a sentence end.

import { readFileSync } from 'node:fs';
import { fromRoot } from '../../common/project-root.js';
import { spellPhrase, type Spelling } from './normalize.js';
import {
  PatternSet,
  PhraseTrie,
  type PatternStep,
  type SequencePattern,
} from './phrase-matcher.js';
import { isSeverity, type ScreeningRule, type Severity } from './screening.types.js';

export interface RuleInfo {
  rule: ScreeningRule;
  /** Term or pattern id, as written in the data file. */
  term: string;
  category: string;
  severity: Severity;
}

export interface CompiledTerm {
  info: RuleInfo;
  exceptAfter?: PhraseTrie<true>;
  exceptBefore?: PhraseTrie<true>;
}

export interface ScreeningRules {
  patterns: PatternSet<RuleInfo>;
  /** Terms by each of their spellings, so a profanity-library hit on a slur reuses our entry. */
  termsByWord: Map<string, CompiledTerm>;
}

const DATA_FILES = ['hate-terms.json', 'personal-attacks.json'] as const;
const MAX_EXPANSIONS = 20_000;

interface TermRecord {
  term: string;
  category: string;
  severity: Severity;
  rule: ScreeningRule;
  variants: string[];
  plural: boolean;
  exceptAfter: string[];
  exceptBefore: string[];
}

interface PatternRecord {
  id: string;
  category: string;
  severity: Severity;
  rule: ScreeningRule;
  steps: string[];
  notFollowedBy?: string;
  notPrecededBy?: string;
  endsAtPunctuation: boolean;
}

interface DataFile {
  lists: Record<string, string[]>;
  terms: TermRecord[];
  patterns: PatternRecord[];
}

class DataError extends Error {
  constructor(file: string, message: string) {
    super(`screening data ${file}: ${message}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(file: string, value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new DataError(file, `${where} must be a list of strings`);
  }
  return value;
}

function text(file: string, value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DataError(file, `${where} must be a non-empty string`);
  }
  return value;
}

function severity(file: string, value: unknown, where: string): Severity {
  if (!isSeverity(value)) throw new DataError(file, `${where} must be low, medium or high`);
  return value;
}

function rule(file: string, value: unknown, fallback: ScreeningRule, where: string): ScreeningRule {
  if (value === undefined) return fallback;
  if (
    value === 'slur' ||
    value === 'hate' ||
    value === 'personal-attack' ||
    value === 'profanity'
  ) {
    return value;
  }
  throw new DataError(file, `${where} has an unknown rule`);
}

function parseDataFile(file: string, raw: unknown): DataFile {
  if (!isRecord(raw)) throw new DataError(file, 'must hold an object');
  const defaultRule = rule(file, raw.defaultRule, 'hate', 'defaultRule');
  const lists: Record<string, string[]> = {};
  if (raw.lists !== undefined) {
    if (!isRecord(raw.lists)) throw new DataError(file, 'lists must be an object');
    for (const [name, entries] of Object.entries(raw.lists)) {
      lists[name] = stringArray(file, entries, `list ${name}`);
    }
  }
  const terms = (Array.isArray(raw.terms) ? raw.terms : []).map((item: unknown, index) => {
    const where = `terms[${index}]`;
    if (!isRecord(item)) throw new DataError(file, `${where} must be an object`);
    return {
      term: text(file, item.term, `${where}.term`),
      category: text(file, item.category, `${where}.category`),
      severity: severity(file, item.severity, `${where}.severity`),
      rule: rule(file, item.rule, defaultRule === 'hate' ? 'slur' : defaultRule, where),
      variants: stringArray(file, item.variants, `${where}.variants`),
      plural: item.plural !== false,
      exceptAfter: stringArray(file, item.exceptAfter, `${where}.exceptAfter`),
      exceptBefore: stringArray(file, item.exceptBefore, `${where}.exceptBefore`),
    };
  });
  const patterns = (Array.isArray(raw.patterns) ? raw.patterns : []).map((item: unknown, index) => {
    const where = `patterns[${index}]`;
    if (!isRecord(item)) throw new DataError(file, `${where} must be an object`);
    const steps = stringArray(file, item.steps, `${where}.steps`);
    if (steps.length === 0) throw new DataError(file, `${where}.steps is empty`);
    return {
      id: text(file, item.id, `${where}.id`),
      category: text(file, item.category, `${where}.category`),
      severity: severity(file, item.severity, `${where}.severity`),
      rule: rule(file, item.rule, defaultRule, where),
      steps,
      notFollowedBy:
        item.notFollowedBy === undefined
          ? undefined
          : text(file, item.notFollowedBy, `${where}.notFollowedBy`),
      notPrecededBy:
        item.notPrecededBy === undefined
          ? undefined
          : text(file, item.notPrecededBy, `${where}.notPrecededBy`),
      endsAtPunctuation: item.endsAtPunctuation === true,
    };
  });
  return { lists, terms, patterns };
}

/** Expands phrases that use "@list" references into plain word sequences. */
class PhraseExpander {
  private readonly expanded = new Map<string, Spelling[][]>();
  private readonly expanding = new Set<string>();
  private readonly tries = new Map<string, PhraseTrie<true>>();

  constructor(
    private readonly lists: Record<string, string[]>,
    private readonly file: string,
  ) {}

  list(name: string): Spelling[][] {
    const known = this.expanded.get(name);
    if (known !== undefined) return known;
    const entries = this.lists[name];
    if (entries === undefined) throw new DataError(this.file, `unknown list @${name}`);
    if (this.expanding.has(name)) throw new DataError(this.file, `list @${name} refers to itself`);
    this.expanding.add(name);
    const sequences = entries.flatMap((entry) => this.phrase(entry));
    this.expanding.delete(name);
    this.expanded.set(name, sequences);
    return sequences;
  }

  phrase(entry: string): Spelling[][] {
    let sequences: Spelling[][] = [[]];
    for (const word of entry.trim().split(/\s+/)) {
      const options = word.startsWith('@') ? this.list(word.slice(1)) : [spellPhrase(word)];
      const next: Spelling[][] = [];
      for (const sequence of sequences) {
        for (const option of options) next.push([...sequence, ...option]);
      }
      if (next.length > MAX_EXPANSIONS) {
        throw new DataError(this.file, `"${entry}" expands to too many phrases`);
      }
      sequences = next;
    }
    return sequences.filter((sequence) => sequence.length > 0);
  }

  /** A trie of "a|b c|@list" alternatives; reused for the same text. */
  trie(alternatives: string): PhraseTrie<true> {
    let trie = this.tries.get(alternatives);
    if (trie === undefined) {
      trie = new PhraseTrie<true>();
      for (const alternative of alternatives.split('|')) {
        for (const sequence of this.phrase(alternative)) trie.add(sequence, true);
      }
      this.tries.set(alternatives, trie);
    }
    return trie;
  }
}

function compileStep(expander: PhraseExpander, step: string): PatternStep {
  const gap = /^~(\d+)$/.exec(step);
  if (gap !== null) return { kind: 'gap', max: Number(gap[1]) };
  const suffix = step.length > 1 ? step[step.length - 1] : '';
  const quantified = suffix === '?' || suffix === '*' || suffix === '+';
  const body = quantified ? step.slice(0, -1) : step;
  const min = suffix === '?' || suffix === '*' ? 0 : 1;
  const max = suffix === '*' || suffix === '+' ? 4 : 1;
  return { kind: 'phrase', trie: expander.trie(body), min, max };
}

function compileTerm(expander: PhraseExpander, record: TermRecord): SequencePattern<RuleInfo> {
  const trie = new PhraseTrie<true>();
  for (const form of [record.term, ...record.variants]) {
    const words = spellPhrase(form);
    trie.add(words, true);
    const last = words[words.length - 1];
    if (record.plural && last !== undefined && !last.text.endsWith('s')) {
      const plural = spellPhrase(`${last.text}s`);
      trie.add([...words.slice(0, -1), ...plural], true);
    }
  }
  return {
    steps: [{ kind: 'phrase', trie, min: 1, max: 1 }],
    notFollowedBy:
      record.exceptAfter.length > 0 ? expander.trie(record.exceptAfter.join('|')) : undefined,
    notPrecededBy:
      record.exceptBefore.length > 0 ? expander.trie(record.exceptBefore.join('|')) : undefined,
    payload: {
      rule: record.rule,
      term: record.term,
      category: record.category,
      severity: record.severity,
    },
  };
}

function compilePattern(
  expander: PhraseExpander,
  record: PatternRecord,
): SequencePattern<RuleInfo> {
  return {
    steps: record.steps.map((step) => compileStep(expander, step)),
    notFollowedBy:
      record.notFollowedBy === undefined ? undefined : expander.trie(record.notFollowedBy),
    notPrecededBy:
      record.notPrecededBy === undefined ? undefined : expander.trie(record.notPrecededBy),
    endsAtPunctuation: record.endsAtPunctuation,
    payload: {
      rule: record.rule,
      term: record.id,
      category: record.category,
      severity: record.severity,
    },
  };
}

export function readDataFile(file: string): unknown {
  return JSON.parse(readFileSync(fromRoot('src', 'moderation', 'screening', file), 'utf8'));
}

/** Compiles data already parsed from JSON; lists of every file share one namespace. */
export function compileScreeningData(files: { name: string; data: unknown }[]): ScreeningRules {
  const parsed = files.map(({ name, data }) => ({ name, file: parseDataFile(name, data) }));
  const lists: Record<string, string[]> = {};
  for (const { name, file } of parsed) {
    for (const [listName, entries] of Object.entries(file.lists)) {
      if (lists[listName] !== undefined)
        throw new DataError(name, `list @${listName} defined twice`);
      lists[listName] = entries;
    }
  }
  const patterns: SequencePattern<RuleInfo>[] = [];
  const termsByWord = new Map<string, CompiledTerm>();
  for (const { name, file } of parsed) {
    const expander = new PhraseExpander(lists, name);
    for (const record of file.terms) {
      const pattern = compileTerm(expander, record);
      patterns.push(pattern);
      const compiled: CompiledTerm = {
        info: pattern.payload,
        exceptAfter: pattern.notFollowedBy,
        exceptBefore: pattern.notPrecededBy,
      };
      for (const form of [record.term, ...record.variants]) termsByWord.set(form, compiled);
    }
    for (const record of file.patterns) patterns.push(compilePattern(expander, record));
  }
  return { patterns: new PatternSet(patterns), termsByWord };
}

let cached: ScreeningRules | null = null;

/** The rules from the data files, compiled on first use and kept for the life of the process. */
export function screeningRules(): ScreeningRules {
  cached ??= compileScreeningData(DATA_FILES.map((name) => ({ name, data: readDataFile(name) })));
  return cached;
}
