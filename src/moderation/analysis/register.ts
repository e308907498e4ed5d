// The voice a passage is written in: a reporter's (third person, reported speech, quotations) or a
// member's own (I/we/you, hedges, exclamations). Quoted speech is masked first: "I am sure," Putin
// said is a reporter's sentence.

import { wordCount } from './text-structure.js';

export interface Register {
  words: number;
  firstPerson: string[];
  secondPerson: string[];
  reportingVerbs: string[];
  /** quoted passages of three words or more */
  quotations: number;
  exclamations: number;
  questions: number;
  opinionMarkers: string[];
}

// ASCII word boundaries: several times faster than Unicode look-arounds, and these words are English.
const FIRST_PERSON =
  /\b(?:I(?!\.\w)|i(?!\.)|[Mm]e|[Mm]y|[Mm]yself|[Ww]e|us|[Oo]urs?|[Oo]urselves)\b/g;
const SECOND_PERSON = /\b[Yy]ou(?:rs?|rself|rselves)?\b/g;
// "Putin said" reports speech; "I said", "as you say" is the member talking.
const REPORTING_VERBS = new RegExp(
  `(?<!\\b(?:I|i|[Ww]e|[Yy]ou) )\\b(?:${[
    'said',
    'says',
    'told',
    'added',
    'stated',
    'noted',
    'stressed',
    'announced',
    'reported',
    'according to',
    'pointed out',
    'explained',
    'declared',
    'emphasi[sz]ed',
    'underlined',
    'claimed',
    'confirmed',
    'commented',
    'hailed',
    'urged',
    'warned',
    'revealed',
    'acknowledged',
    'speculated',
    'quoted',
    'thanked',
    'congratulated',
  ].join('|')})\\b`,
  'gi',
);
const OPINION_MARKERS = new RegExp(
  `\\b(?:${[
    'I (?:think|guess|believe|feel|hope|mean|suppose|wonder|bet|doubt)',
    'i (?:think|guess|believe|feel|hope|mean|suppose|wonder)',
    'in my (?:opinion|view)',
    'IMO',
    'IMHO',
    'lol',
    'LOL',
    'lmao',
    'btw',
    "[Ww]e(?:'ll|’ll| shall| will) see",
    "[Ll]et(?:'s|’s| us) see",
    '[Gg]ood news',
    '[Gg]reat news',
    '[Bb]ad news',
    '[Ww]ow',
  ].join('|')})\\b`,
  'g',
);

// " “ „ « open, " ” » close
const isOpeningQuote = (code: number) =>
  code === 0x22 || code === 0x201c || code === 0x201e || code === 0xab;
const isClosingQuote = (code: number) => code === 0x22 || code === 0x201d || code === 0xbb;

/** Quoted passages replaced by spaces (same length); a quote left open runs to the paragraph's end. */
export function maskQuotes(paragraph: string): { masked: string; quotations: number } {
  let masked = '';
  let quotations = 0;
  let openAt = -1;
  let copiedTo = 0;
  for (let i = 0; i < paragraph.length; i++) {
    const code = paragraph.charCodeAt(i);
    if (openAt === -1 && isOpeningQuote(code)) {
      masked += paragraph.slice(copiedTo, i);
      openAt = i;
    } else if (openAt !== -1 && isClosingQuote(code)) {
      if (wordCount(paragraph.slice(openAt + 1, i)) >= 3) quotations++;
      masked += blankOut(paragraph.slice(openAt, i + 1));
      copiedTo = i + 1;
      openAt = -1;
    }
  }
  if (openAt === -1) {
    masked += paragraph.slice(copiedTo);
  } else {
    if (wordCount(paragraph.slice(openAt + 1)) >= 3) quotations++;
    masked += blankOut(paragraph.slice(openAt));
  }
  return { masked, quotations };
}

// same length, line breaks kept
function blankOut(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

/** Per-paragraph results of one post, so re-scoring a region after a split costs nothing. */
export type RegisterCache = Map<string, Register>;

/** The register of a passage made of paragraphs; quotes never span a blank line. */
export function registerOf(paragraphs: readonly string[], cache?: RegisterCache): Register {
  const total = emptyRegister();
  for (const paragraph of paragraphs) {
    let register = cache?.get(paragraph);
    if (!register) {
      register = paragraphRegister(paragraph);
      cache?.set(paragraph, register);
    }
    total.words += register.words;
    total.quotations += register.quotations;
    total.exclamations += register.exclamations;
    total.questions += register.questions;
    total.firstPerson.push(...register.firstPerson);
    total.secondPerson.push(...register.secondPerson);
    total.reportingVerbs.push(...register.reportingVerbs);
    total.opinionMarkers.push(...register.opinionMarkers);
  }
  return total;
}

function paragraphRegister(paragraph: string): Register {
  const { masked, quotations } = maskQuotes(paragraph);
  return {
    words: wordCount(paragraph),
    quotations,
    firstPerson: matches(masked, FIRST_PERSON),
    secondPerson: matches(masked, SECOND_PERSON),
    reportingVerbs: matches(paragraph, REPORTING_VERBS),
    opinionMarkers: matches(masked, OPINION_MARKERS),
    exclamations: masked.match(/!+/g)?.length ?? 0,
    questions: masked.match(/\?+/g)?.length ?? 0,
  };
}

function emptyRegister(): Register {
  return {
    words: 0,
    firstPerson: [],
    secondPerson: [],
    reportingVerbs: [],
    quotations: 0,
    exclamations: 0,
    questions: 0,
    opinionMarkers: [],
  };
}

/** A member speaking: own-voice words outside quotes and nothing reported. */
export function soundsLikeMember(register: Register): boolean {
  const ownVoice =
    register.firstPerson.length +
    register.secondPerson.length +
    register.opinionMarkers.length +
    register.exclamations +
    register.questions;
  return ownVoice > 0 && register.reportingVerbs.length === 0 && register.quotations === 0;
}

function matches(text: string, pattern: RegExp): string[] {
  return text.match(pattern) ?? [];
}
