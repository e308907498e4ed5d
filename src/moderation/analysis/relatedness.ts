// Same story, other outlet: two reports rarely share five-word runs, but they share the story's
// names and terms in the headline and lead. Weighted keyword overlap catches that.

import { normalizedWords } from './fingerprint.js';

export interface Keyword {
  term: string;
  weight: number;
}

export const KEYWORD_LIMIT = 40;
const HEADLINE_WEIGHT = 4;
const LEAD_WEIGHT = 1;
const NAME_WEIGHT_EACH = 0.25;
const NAME_WEIGHT_MAX = 1;
const LEAD_WORDS = 60;

const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each even ever every few for from further had ' +
    'has have having he her here hers him his how however i if in into is it its itself just last least less ' +
    'like made make many may me might more most much must my near new no nor not now of off on once one only ' +
    'or other our out over own part per same she should since so some still such than that the their them then ' +
    'there these they this those through to too two under until up upon us very via was we were what when where ' +
    'which while who whom why will with within without would yet you your said says say told added according ' +
    'year years day days time week month today yesterday monday tuesday wednesday thursday friday saturday sunday ' +
    'mr mrs ms well way including among already another around first second third three four five percent'
  ).split(' '),
);

/**
 * The terms that say what a story is about: words of the headline and of the lead, plus the names
 * (capitalised words inside sentences) of the whole article, each term weighted by where it stands.
 */
export function keywordsOf(headline: string | null, lead: string, body: string): Keyword[] {
  const weights = new Map<string, number>();
  const add = (term: string, weight: number) =>
    weights.set(term, (weights.get(term) ?? 0) + weight);

  for (const term of new Set(terms(headline ?? ''))) add(term, HEADLINE_WEIGHT);
  for (const term of new Set(terms(lead).slice(0, LEAD_WORDS))) add(term, LEAD_WEIGHT);
  const names = new Map<string, number>();
  for (const term of terms(namesIn(body))) {
    names.set(term, (names.get(term) ?? 0) + NAME_WEIGHT_EACH);
  }
  for (const [term, weight] of names) add(term, Math.min(NAME_WEIGHT_MAX, weight));

  return [...weights]
    .map(([term, weight]) => ({ term, weight }))
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
    .slice(0, KEYWORD_LIMIT);
}

/** Weighted Jaccard of two keyword lists: sum of the smaller weights over sum of the larger, 0..1. */
export function relatedness(
  a: { keywords: readonly Keyword[] },
  b: { keywords: readonly Keyword[] },
): number {
  const left = new Map(a.keywords.map(({ term, weight }) => [term, weight]));
  const right = new Map(b.keywords.map(({ term, weight }) => [term, weight]));
  let shared = 0;
  let total = 0;
  for (const term of new Set([...left.keys(), ...right.keys()])) {
    const x = left.get(term) ?? 0;
    const y = right.get(term) ?? 0;
    shared += Math.min(x, y);
    total += Math.max(x, y);
  }
  return total === 0 ? 0 : shared / total;
}

// Capitalised words inside a sentence (not after . ! ? or a line break): names of people, places,
// bodies. A character loop: Unicode-class regexes scanning a whole article cost more than the rest.
function namesIn(body: string): string {
  const names: string[] = [];
  let i = 0;
  while (i < body.length) {
    if (!isWordChar(body, i)) {
      i++;
      continue;
    }
    const start = i;
    while (i < body.length && (isWordChar(body, i) || isJoiner(body.charCodeAt(i)))) i++;
    if (!isUpper(body, start)) continue;
    let before = start - 1;
    while (before >= 0 && body.charCodeAt(before) === 32) before--;
    if (
      before >= 0 &&
      before < start - 1 &&
      (isWordChar(body, before) || ',;:)'.includes(body[before]))
    ) {
      names.push(body.slice(start, i));
    }
  }
  return names.join(' ');
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const UPPER = /\p{Lu}/u;

function isWordChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  }
  return WORD_CHAR.test(text[i]);
}

function isUpper(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code < 128 ? code >= 65 && code <= 90 : UPPER.test(text[i]);
}

// apostrophes and hyphens inside a name: "O'Neill", "Xi’s", "Luna-26"
function isJoiner(code: number): boolean {
  return code === 39 || code === 0x2019 || code === 45;
}

function terms(text: string): string[] {
  return normalizedWords(text)
    .filter((word) => (word.length >= 3 || /^\d{2,}$/.test(word)) && !STOPWORDS.has(word))
    .map(stem);
}

// Plural and possessive endings only: enough to meet "drills" with "drill", cheap and predictable.
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) {
    return word.slice(0, -1);
  }
  return word;
}
