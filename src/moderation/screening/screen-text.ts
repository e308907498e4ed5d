// Automatic screening of a member's own words: profanity, slurs, hate toward groups, personal
// attacks and the forum's watched words. Pure: no database, no Nest. The caller strips quotes
// and copied article text first.

import { edgesEndingAt, normalizeText, type ScreeningText } from './normalize.js';
import { phrasesAt } from './phrase-matcher.js';
import {
  findProfanity,
  findProfanityInSpelledWords,
  type ProfanityHit,
  type SpelledWord,
} from './profanity.js';
import {
  SEVERITY_RANK,
  type ScreeningHit,
  type Severity,
  type WatchedWord,
} from './screening.types.js';
import { screeningRules, type CompiledTerm } from './term-list.js';
import { censorWithWatchedWords, findWatchedWords } from './watched-words.js';

export type {
  ScreeningHit,
  ScreeningRule,
  Severity,
  WatchedWord,
  WatchedWordAction,
} from './screening.types.js';

export function screenText(
  text: string,
  options?: { watchedWords?: WatchedWord[] },
): ScreeningHit[] {
  if (text.trim() === '') return [];
  const normalized = normalizeText(text);
  const hits = findRuleHits(normalized);
  hits.push(...profanityHits(normalized, hits));
  hits.push(...findWatchedWords(normalized, options?.watchedWords ?? []));
  return withoutContainedHits(hits).sort(
    (a, b) => a.start - b.start || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity],
  );
}

export function censorText(text: string, words: WatchedWord[]): string {
  return censorWithWatchedWords(text, words);
}

export function mostSevere(hits: ScreeningHit[]): Severity | null {
  let worst: Severity | null = null;
  for (const hit of hits) {
    if (worst === null || SEVERITY_RANK[hit.severity] > SEVERITY_RANK[worst]) worst = hit.severity;
  }
  return worst;
}

function findRuleHits(text: ScreeningText): ScreeningHit[] {
  return screeningRules()
    .patterns.findAll(text)
    .map(({ pattern, start, end }) => ({
      rule: pattern.payload.rule,
      term: pattern.payload.term,
      evidence: text.source.slice(start, end),
      start,
      end,
      severity: pattern.payload.severity,
      category: pattern.payload.category,
    }));
}

/** The first token ending after `offset`: the one holding it, or the next. */
function tokenIndexAt(text: ScreeningText, offset: number): number {
  let low = 0;
  let high = text.tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (text.tokens[middle].end <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first token starting at or after `offset`. */
function tokenIndexFrom(text: ScreeningText, offset: number): number {
  let low = 0;
  let high = text.tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (text.tokens[middle].start < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Words rebuilt from single characters spaced or dotted apart: "f u c k", "s.l.u.t". */
function spelledOutWords(text: ScreeningText): SpelledWord[] {
  const words: SpelledWord[] = [];
  for (const edges of text.edgesFrom) {
    for (const edge of edges) {
      if (edge.to - edge.from < 3) continue;
      let single = true;
      for (let index = edge.from; index < edge.to && single; index++) {
        single = text.tokens[index].end - text.tokens[index].start === 1;
      }
      if (single) words.push({ text: edge.spellings[0].text, start: edge.start, end: edge.end });
    }
  }
  return words;
}

/** Whether an exception of the term ("chink in the armour") surrounds a library hit. */
function excepted(text: ScreeningText, term: CompiledTerm, hit: ProfanityHit): boolean {
  const first = tokenIndexAt(text, hit.start);
  const after = tokenIndexFrom(text, hit.end);
  if (term.exceptAfter !== undefined && after < text.tokens.length) {
    if (phrasesAt(text, term.exceptAfter, after, false).length > 0) return true;
  }
  if (term.exceptBefore !== undefined && first > 0 && !text.tokens[first].breakBefore) {
    const exceptBefore = term.exceptBefore;
    return edgesEndingAt(text, first).some((edge) =>
      phrasesAt(text, exceptBefore, edge.from).some((phrase) => phrase.end === first),
    );
  }
  return false;
}

/**
 * Library hits become profanity, or a slur when our data lists the word as one; a slur our own
 * rules already caught over the same span is not reported twice.
 */
function profanityHits(text: ScreeningText, ruleHits: ScreeningHit[]): ScreeningHit[] {
  const { termsByWord } = screeningRules();
  const hits: ScreeningHit[] = [];
  const library = [
    ...findProfanity(text.source),
    ...findProfanityInSpelledWords(spelledOutWords(text)),
  ];
  for (const found of library) {
    const evidence = text.source.slice(found.start, found.end);
    const term = found.promotable ? termsByWord.get(found.word) : undefined;
    if (term === undefined) {
      hits.push({
        rule: 'profanity',
        term: found.word,
        evidence,
        start: found.start,
        end: found.end,
        severity: found.severity,
      });
      continue;
    }
    const overlaps = ruleHits.some(
      (hit) => hit.rule === term.info.rule && hit.start < found.end && found.start < hit.end,
    );
    if (overlaps || excepted(text, term, found)) continue;
    hits.push({
      rule: term.info.rule,
      term: term.info.term,
      evidence,
      start: found.start,
      end: found.end,
      severity: term.info.severity,
      category: term.info.category,
    });
  }
  return hits;
}

/**
 * Drops a hit lying inside another hit of the same rule that is at least as severe. Watched words
 * all stay: each id may carry its own action.
 */
function withoutContainedHits(hits: ScreeningHit[]): ScreeningHit[] {
  const ordered = [...hits].sort(
    (a, b) =>
      a.start - b.start || b.end - a.end || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity],
  );
  // Per rule, the furthest end reached so far by hits of each severity rank or above.
  const reach = new Map<string, number[]>();
  const kept: ScreeningHit[] = [];
  for (const hit of ordered) {
    if (hit.rule === 'watched-word') {
      kept.push(hit);
      continue;
    }
    let furthest = reach.get(hit.rule);
    if (furthest === undefined) {
      furthest = [-1, -1, -1, -1];
      reach.set(hit.rule, furthest);
    }
    const rank = SEVERITY_RANK[hit.severity];
    if (furthest[rank] >= hit.end) continue;
    kept.push(hit);
    for (let level = 1; level <= rank; level++)
      furthest[level] = Math.max(furthest[level], hit.end);
  }
  return kept;
}
