// What a copied article looks like on the page (headline, byline, dateline, credits, source lines)
// and how it reads (reported speech, quotations, third person), scored against the member's own
// voice. Positive weights speak for an article, negative ones for the member writing.

import { type Layout, findSubheadings, isTitleCase, readLayout } from './layout.js';
import { findOutletMentions, type OutletList, outletByName } from './outlets.js';
import { type Register, type RegisterCache, registerOf } from './register.js';
import type { Region } from './text-structure.js';

export interface Signal {
  name: string;
  weight: number;
  evidence: string;
}

export interface ArticleScore {
  score: number;
  signals: Signal[];
  layout: Layout;
  register: Register;
}

/** A region scoring this much or more reads as a copied article. */
export const ARTICLE_SCORE_MIN = 3;

/** Tunable weights of the article signals; own-voice signals scale with their rate (see scoreRegion). */
export const SIGNAL_WEIGHTS = {
  headline: 1.5,
  headlineTitleCase: 0.5,
  byline: 1.5,
  dateLine: 1.5,
  dateline: 2.5,
  agencyCredit: 1.5,
  photoCredit: 1,
  sourceLine: 1.5,
  readMore: 1,
  urlLine: 1.5,
  disclaimer: 1,
  subheading: 0.5,
  outletNamed: 0.5,
  reportedSpeechEach: 0.5,
  reportedSpeechMax: 2.5,
  quotationEach: 0.5,
  quotationMax: 1.5,
  thirdPerson: 1,
  longText: 1,
  veryLongText: 1.5,
  firstPersonMax: 3,
  secondPersonMax: 2,
  exclamationEach: 0.5,
  questionEach: 0.5,
  punctuationMax: 1.5,
  opinionMarkerEach: 1,
  opinionMarkerMax: 2,
  shortText: 1,
} as const;

const PHOTO_CREDIT =
  /©|\((?:File )?Photo\)|\bPhoto(?:graph)?(?: credit)?\s*:|\((?:\p{Lu}[\p{L}.]*\s?){1,3}\/\s?(?:\p{Lu}[\p{L}.'-]*\s?){1,4}\)|Getty Images|\bAP Photo\b/u;
const DISCLAIMER =
  /(?:views|opinions)(?: and opinions)? expressed .{0,120}?(?:do not|does not|don['’]t) necessarily reflect/i;
const SLASH_CREDIT = /(?<![\p{L}\p{N}/])\/([\p{Lu}][\p{L}-]{1,20})\/(?![\p{L}\p{N}])/gu;
const PAREN_CREDIT = /\(([\p{Lu}][\p{L}'’ -]{1,30}?)(?:\/[^)\n]{1,40})?\)/gu;

/** Scores of one post's regions: the split search scores the same regions and paragraphs again. */
export interface ScoreCache {
  registers: RegisterCache;
  scores: Map<string, ArticleScore>;
}

export function newScoreCache(): ScoreCache {
  return { registers: new Map(), scores: new Map() };
}

/** Scores a region of the post as an article (see ARTICLE_SCORE_MIN); every contribution is a named signal. */
export function scoreRegion(
  text: string,
  region: Region,
  outlets: OutletList,
  cache: ScoreCache = newScoreCache(),
): ArticleScore {
  const key = `${region.start}:${region.end}`;
  const cached = cache.scores.get(key);
  if (cached) return cached;
  const scored = computeScore(text, region, outlets, cache.registers);
  cache.scores.set(key, scored);
  return scored;
}

function computeScore(
  text: string,
  region: Region,
  outlets: OutletList,
  registers: RegisterCache,
): ArticleScore {
  const layout = readLayout(text, region, outlets, registers);
  const body = text.slice(region.start, region.end);
  const register = registerOf(
    layout.paragraphs.map((paragraph) => paragraph.text),
    registers,
  );
  const signals: Signal[] = [];
  const add = (name: string, weight: number, evidence: string) => {
    if (weight !== 0) signals.push({ name, weight: round(weight), evidence: clip(evidence) });
  };
  const w = SIGNAL_WEIGHTS;

  if (layout.headline) {
    add('headline', w.headline, layout.headline.text);
    if (isTitleCase(layout.headline.text)) {
      add('headline-title-case', w.headlineTitleCase, layout.headline.text);
    }
  }
  if (layout.byline) add('byline', w.byline, layout.byline.text);
  if (layout.dateLines.length > 0) add('date-line', w.dateLine, layout.dateLines[0].text);
  if (layout.dateline) add('dateline', w.dateline, layout.dateline.text);

  const credits = agencyCredits(body, outlets);
  if (credits.length > 0) add('agency-credit', w.agencyCredit, credits.join(' '));
  const photo = PHOTO_CREDIT.exec(body);
  if (photo) {
    add(
      'photo-credit',
      w.photoCredit,
      photo[0].trim() === '©' ? lineAround(body, photo.index) : photo[0],
    );
  }
  if (layout.sourceLines.length > 0) add('source-line', w.sourceLine, layout.sourceLines[0].text);
  if (layout.readMoreLines.length > 0) add('read-more', w.readMore, layout.readMoreLines[0].text);
  if (layout.urlLines.length > 0) {
    add('url-line', w.urlLine, layout.urlLines[layout.urlLines.length - 1].text);
  }
  const disclaimer = DISCLAIMER.exec(body);
  if (disclaimer) add('disclaimer', w.disclaimer, disclaimer[0]);
  const subheadings = findSubheadings(layout);
  if (subheadings.length > 0) {
    add(
      'subheading',
      w.subheading * Math.min(2, subheadings.length),
      subheadings.map((line) => line.text).join(' | '),
    );
  }
  const mentions = findOutletMentions(body, outlets);
  if (mentions.length > 0) {
    add('outlet-named', w.outletNamed, [...new Set(mentions.map((m) => m.text))].join(', '));
  }

  const { words } = register;
  if (register.reportingVerbs.length > 0) {
    add(
      'reported-speech',
      Math.min(w.reportedSpeechMax, w.reportedSpeechEach * register.reportingVerbs.length),
      distinct(register.reportingVerbs),
    );
  }
  if (register.quotations > 0) {
    add(
      'quotations',
      Math.min(w.quotationMax, w.quotationEach * register.quotations),
      `${register.quotations} quoted passages`,
    );
  }
  const ownVoicePer100 =
    ((register.firstPerson.length + register.secondPerson.length) * 100) / Math.max(words, 1);
  if (words >= 120 && ownVoicePer100 < 0.5) {
    const ownVoice = register.firstPerson.length + register.secondPerson.length;
    add('third-person', w.thirdPerson, `${words} words, ${ownVoice} I/we/you outside quotes`);
  }
  if (words >= 500) add('article-length', w.veryLongText, `${words} words`);
  else if (words >= 250) add('article-length', w.longText, `${words} words`);

  if (register.firstPerson.length > 0) {
    const rate = (register.firstPerson.length * 100) / Math.max(words, 1);
    add(
      'first-person',
      -Math.min(w.firstPersonMax, 0.5 + rate / 2),
      distinct(register.firstPerson),
    );
  }
  if (register.secondPerson.length > 0) {
    const rate = (register.secondPerson.length * 100) / Math.max(words, 1);
    add(
      'second-person',
      -Math.min(w.secondPersonMax, 0.5 + rate / 2),
      distinct(register.secondPerson),
    );
  }
  if (register.exclamations > 0) {
    add(
      'exclamation',
      -Math.min(w.punctuationMax, w.exclamationEach * register.exclamations),
      `${register.exclamations} × !`,
    );
  }
  if (register.questions > 0) {
    add(
      'rhetorical-question',
      -Math.min(w.punctuationMax, w.questionEach * register.questions),
      `${register.questions} × ?`,
    );
  }
  if (register.opinionMarkers.length > 0) {
    add(
      'opinion-marker',
      -Math.min(w.opinionMarkerMax, w.opinionMarkerEach * register.opinionMarkers.length),
      distinct(register.opinionMarkers),
    );
  }
  if (words < 50) add('short-text', -w.shortText, `${words} words`);

  const score = round(signals.reduce((sum, signal) => sum + signal.weight, 0));
  return { score, signals, layout, register };
}

/** "/TASS/", "(Xinhua)", "(Sputnik)", "(Xinhua/Liu Weibing)": an outlet credited in the house style. */
function agencyCredits(body: string, outlets: OutletList): string[] {
  const credits = new Set<string>();
  for (const match of body.matchAll(SLASH_CREDIT)) {
    if (outletByName(match[1], outlets)) credits.add(match[0]);
  }
  for (const match of body.matchAll(PAREN_CREDIT)) {
    if (outletByName(match[1].trim(), outlets)) credits.add(match[0]);
  }
  return [...credits];
}

function lineAround(body: string, index: number): string {
  const start = body.lastIndexOf('\n', index) + 1;
  const end = body.indexOf('\n', index);
  return body.slice(start, end === -1 ? body.length : end);
}

function distinct(values: string[]): string {
  return [...new Set(values)].join(', ');
}

function clip(text: string): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > 100 ? `${single.slice(0, 99)}…` : single;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
