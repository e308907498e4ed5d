import { articleDateOf } from './article-date.js';
import type { DateOrigin } from './dates.js';
import { type ShingleSketch, sketchOfTokens, tokenize } from './fingerprint.js';
import type { OutletList } from './outlets.js';
import { type Layout, isHeadlineShaped } from './layout.js';
import { registerOf, soundsLikeMember } from './register.js';
import { type Keyword, keywordsOf } from './relatedness.js';
import {
  ARTICLE_SCORE_MIN,
  type ArticleScore,
  type ScoreCache,
  type Signal,
  newScoreCache,
  scoreRegion,
} from './signals.js';
import { type SourceRef, findSources } from './sources.js';
import { type Region, trimRegion, wordCount } from './text-structure.js';

// The module's public surface, so callers import one file.
export type { Signal } from './signals.js';
export type { SourceRef } from './sources.js';
export type { Keyword } from './relatedness.js';
export type { ShingleSketch } from './fingerprint.js';
export type { OutletList, Outlet } from './outlets.js';
export type { PostComparison, PostRelation } from './compare-posts.js';
export { loadOutlets, compileOutlets } from './outlets.js';
export { similarity, containment, SHINGLE_SIZE, SIGNATURE_SIZE } from './fingerprint.js';
export { relatedness } from './relatedness.js';
export { ARTICLE_SCORE_MIN } from './signals.js';
export {
  comparePosts,
  DUPLICATE_SIMILARITY,
  QUOTE_CONTAINMENT,
  QUOTE_MIN_ADDED_SHINGLES,
  RELATED_MIN,
} from './compare-posts.js';

export type PostKind = 'news' | 'opinion' | 'mixed';

export interface AnalysisHints {
  /** the post's attachment file names: "upload_2018-3-19_12-6-17.png" dates a post that has no dateline */
  attachments?: string[];
  /** the year for a dateline that has none and finds none elsewhere in the post (e.g. the thread's year) */
  year?: number;
}

export interface PostAnalysis extends ShingleSketch {
  kind: PostKind;
  /** offset where the copied article starts: 0, or after a comment that precedes it; null for opinion */
  articleStart: number | null;
  /** offset where the article ends and the member's comment starts (mixed; when the comment came
   *  first, the text's end and commentStart is 0); null otherwise */
  articleEnd: number | null;
  /** offset of the comment's first character, after any "***" line (mixed); null otherwise */
  commentStart: number | null;
  articleText: string;
  /** the member's own words: the whole text for opinion, '' for news */
  commentText: string;
  /** every signal weighed for the kind and the split: article evidence positive, own voice negative */
  signals: Signal[];
  /** sum of the article part's signal weights (the whole text's for opinion) */
  articleScore: number;
  sources: SourceRef[];
  /** article characters / (article + comment characters) */
  copiedShare: number;
  articleDate: string | null;
  articleDateEvidence: { origin: DateOrigin; text: string; yearInferred: boolean } | null;
  headline: string | null;
  // fingerprint and shingleCount (from ShingleSketch): MinHash of the article part
  /** MinHash of the whole text, for "repeats an earlier post in full then adds text" (see containment) */
  textSketch: ShingleSketch;
  /** headline, lead and names of the article (of the comment for opinion), for relatedness() */
  keywords: Keyword[];
}

/** Fewer own words than this around an article are not a comment (a stray "+1"). */
export const COMMENT_MIN_WORDS = 3;
const SPLIT_CANDIDATES_MAX = 3;

interface Split {
  article: Region;
  comments: Region[];
  articleEnd: number;
  commentStart: number;
  signals: Signal[];
  score: ArticleScore;
}

interface Context {
  text: string;
  outlets: OutletList;
  cache: ScoreCache;
}

/** Classifies a post's plain text as news, opinion or both, and says why. */
export function analyzePost(
  text: string,
  outlets: OutletList,
  hints: AnalysisHints = {},
): PostAnalysis {
  const context: Context = { text, outlets, cache: newScoreCache() };
  const whole = trimRegion(text, { start: 0, end: text.length });
  const wholeScore = score(context, whole);
  const split = findSplit(context, whole, wholeScore);

  let kind: PostKind = 'opinion';
  let article: Region | null = null;
  let comments: Region[] = [whole];
  let decisive: ArticleScore = wholeScore;
  let signals: Signal[] = wholeScore.signals;
  if (split) {
    kind = 'mixed';
    article = split.article;
    comments = split.comments;
    decisive = split.score;
    signals = [...split.score.signals, ...split.signals];
  } else if (wholeScore.score >= ARTICLE_SCORE_MIN) {
    kind = 'news';
    article = whole;
    comments = [];
  } else {
    signals = [
      ...signals,
      {
        name: 'below-article-score',
        weight: 0,
        evidence: `${wholeScore.score} < ${ARTICLE_SCORE_MIN}`,
      },
    ];
  }

  const articleText = article ? text.slice(article.start, article.end) : '';
  const commentText = comments.map((region) => text.slice(region.start, region.end)).join('\n\n');
  const date = articleDateOf(text, article ? decisive.layout : null, hints);
  const tokens = tokenize(text);
  const textSketch = sketchOfTokens(tokens);

  return {
    kind,
    articleStart: article ? article.start : null,
    articleEnd: split ? split.articleEnd : null,
    commentStart: split ? split.commentStart : null,
    articleText,
    commentText,
    signals,
    articleScore: decisive.score,
    sources: findSources(text, outlets),
    copiedShare: articleText.length / Math.max(1, articleText.length + commentText.length),
    articleDate: date.iso,
    articleDateEvidence:
      date.origin && date.evidence
        ? { origin: date.origin, text: date.evidence, yearInferred: date.yearInferred }
        : null,
    headline: article && decisive.layout.headline ? decisive.layout.headline.text.trim() : null,
    ...(!article
      ? sketchOfTokens([])
      : kind === 'news'
        ? textSketch
        : sketchOfTokens(tokens, article.start, article.end)),
    textSketch,
    keywords: keywordsOf(
      article ? (decisive.layout.headline?.text ?? null) : null,
      leadOf(decisive.layout),
      article ? articleText : commentText,
    ),
  };
}

function score(context: Context, region: Region): ArticleScore {
  return scoreRegion(context.text, region, context.outlets, context.cache);
}

/**
 * Looks for the member's comment around an article, surest evidence first: a "***" line, text after
 * the article's end (its source URL or "Source:" line), own-voice paragraphs at the end, a comment
 * before a headline. Each split must leave an article on one side and no article on the other.
 */
function findSplit(context: Context, whole: Region, wholeScore: ArticleScore): Split | null {
  const leading = findLeadingComment(context, whole, wholeScore.layout);
  const articleScore = leading?.score ?? wholeScore;
  const layout = articleScore.layout;
  const trailing =
    splitAtLines(
      context,
      layout,
      layout.separatorLines.map((line) => line.start),
      'separator',
    ) ??
    splitAtLines(context, layout, articleEndMarkers(layout), 'article-end') ??
    findTrailingComment(context, articleScore);
  if (!leading || !trailing) return leading ?? trailing;
  return {
    ...trailing,
    comments: [...leading.comments, ...trailing.comments],
    commentStart: leading.commentStart,
    signals: [...leading.signals, ...trailing.signals],
  };
}

// A "***" line is dropped from both parts; an article's closing URL or "Source:" line stays with it.
function splitAtLines(
  context: Context,
  layout: Layout,
  offsets: number[],
  name: 'separator' | 'article-end',
): Split | null {
  const { text } = context;
  const { region } = layout;
  // a few candidates are enough, and keep a post full of links or *** lines linear
  for (const offset of offsets.slice(0, SPLIT_CANDIDATES_MAX)) {
    const lineEnd = endOfLine(text, offset, region);
    const article = trimRegion(text, {
      start: region.start,
      end: name === 'separator' ? offset : lineEnd,
    });
    const comment = trimRegion(text, { start: lineEnd, end: region.end });
    if (wordCount(text.slice(comment.start, comment.end)) < COMMENT_MIN_WORDS) continue;
    const split = accept(context, article, comment, {
      name,
      weight: 0,
      evidence: text.slice(offset, lineEnd).trim(),
    });
    if (split) return split;
  }
  return null;
}

// URL and "Source:" lines close an article when they stand after its header, the last one first.
function articleEndMarkers(layout: Layout): number[] {
  const headerEnd = layout.headerLines.at(-1)?.end ?? layout.headline?.end ?? layout.region.start;
  return [...layout.urlLines, ...layout.sourceLines]
    .filter((line) => line.start > headerEnd)
    .map((line) => line.start)
    .sort((a, b) => b - a);
}

// Paragraphs at the end in the member's voice (I/we/you, hedges, "?" or "!", nothing reported),
// after an article whose own body never speaks that way.
function findTrailingComment(context: Context, articleScore: ArticleScore): Split | null {
  const { text, cache } = context;
  const { paragraphs, region } = articleScore.layout;
  const memberVoice = paragraphs.map((paragraph) =>
    soundsLikeMember(registerOf([paragraph.text], cache.registers)),
  );
  let first = paragraphs.length;
  while (first > 1 && memberVoice[first - 1]) first--;
  if (first === paragraphs.length || first < 2 || memberVoice.slice(0, first).some(Boolean)) {
    return null;
  }

  const article = trimRegion(text, { start: region.start, end: paragraphs[first - 1].end });
  const comment = trimRegion(text, { start: paragraphs[first].start, end: region.end });
  if (wordCount(text.slice(comment.start, comment.end)) < COMMENT_MIN_WORDS) return null;
  return accept(context, article, comment, {
    name: 'trailing-comment',
    weight: 0,
    evidence: clip(text.slice(comment.start, comment.end)),
  });
}

// A comment before the article: up to three paragraphs in the member's voice, then a headline with
// article furniture (dateline, byline, date line, credit or source line) right under it.
function findLeadingComment(context: Context, whole: Region, layout: Layout): Split | null {
  const { text, cache } = context;
  const { paragraphs } = layout;
  for (let k = 1; k <= Math.min(3, paragraphs.length - 1); k++) {
    if (!isHeadlineShaped(paragraphs[k].lines[0].text, cache.registers)) continue;
    const before = paragraphs.slice(0, k).map((paragraph) => paragraph.text);
    if (!soundsLikeMember(registerOf(before, cache.registers))) continue;
    const article = trimRegion(text, { start: paragraphs[k].start, end: whole.end });
    const furnished = score(context, article).signals.some((signal) => FURNITURE.has(signal.name));
    if (!furnished) continue;
    const comment = trimRegion(text, { start: whole.start, end: paragraphs[k - 1].end });
    if (wordCount(text.slice(comment.start, comment.end)) < COMMENT_MIN_WORDS) continue;
    const split = accept(context, article, comment, {
      name: 'leading-comment',
      weight: 0,
      evidence: clip(text.slice(comment.start, comment.end)),
    });
    if (split) return split;
  }
  return null;
}

const FURNITURE = new Set([
  'dateline',
  'byline',
  'date-line',
  'agency-credit',
  'photo-credit',
  'source-line',
]);

/** A split stands when the article part reads as an article and the comment part does not. */
function accept(context: Context, article: Region, comment: Region, reason: Signal): Split | null {
  const articleScore = score(context, article);
  const commentScore = score(context, comment);
  if (articleScore.score < ARTICLE_SCORE_MIN || commentScore.score >= ARTICLE_SCORE_MIN) {
    return null;
  }
  const ownVoice = commentScore.signals
    .filter((signal) => signal.weight < 0)
    .map((signal) => ({ ...signal, name: `comment-${signal.name}` }));
  return {
    article,
    comments: [comment],
    articleEnd: article.end,
    commentStart: comment.start,
    signals: [reason, ...ownVoice],
    score: articleScore,
  };
}

// The first paragraphs after the header, about sixty words.
function leadOf(layout: Layout): string {
  const headerEnd = layout.headerLines.at(-1)?.end ?? layout.headline?.end ?? layout.region.start;
  const lead: string[] = [];
  let words = 0;
  for (const paragraph of layout.paragraphs) {
    if (paragraph.end <= headerEnd) continue;
    lead.push(paragraph.text);
    words += wordCount(paragraph.text);
    if (words >= 60) break;
  }
  return lead.join('\n');
}

function endOfLine(text: string, offset: number, region: Region): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 || newline > region.end ? region.end : newline;
}

function clip(text: string): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > 100 ? `${single.slice(0, 99)}…` : single;
}
