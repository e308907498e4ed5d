// How a later post relates to an earlier one, from their analyses alone (no text needed).

import { type ShingleSketch, containment, similarity } from './fingerprint.js';
import { type Keyword, relatedness } from './relatedness.js';

/** Estimated Jaccard of shingles at or above which two texts (or two articles) are the same. */
export const DUPLICATE_SIMILARITY = 0.8;
/** Share of the earlier post's shingles found in the later one for "repeats it in full, then adds". */
export const QUOTE_CONTAINMENT = 0.85;
/** The later post must add at least this many shingles (about as many words) of its own to quote. */
export const QUOTE_MIN_ADDED_SHINGLES = 3;
/** Keyword relatedness at or above which two posts cover the same story (seed: 0.35 vs at most 0.21). */
export const RELATED_MIN = 0.28;

export type PostRelation = 'duplicate' | 'quotes-earlier' | 'related' | 'unrelated';

export interface ComparablePost extends ShingleSketch {
  textSketch: ShingleSketch;
  keywords: readonly Keyword[];
}

export interface PostComparison {
  relation: PostRelation;
  /** whole texts */
  textSimilarity: number;
  /** article parts (0 when either has none) */
  articleSimilarity: number;
  /** share of the earlier text contained in the later one */
  containment: number;
  relatedness: number;
}

/**
 * duplicate: the same text, or the same article under different comments; quotes-earlier: the later
 * post holds the earlier one in full and adds its own words (a flattened quote); related: the same
 * story in other words (another outlet); unrelated otherwise.
 */
export function comparePosts(earlier: ComparablePost, later: ComparablePost): PostComparison {
  const textSimilarity = similarity(earlier.textSketch.fingerprint, later.textSketch.fingerprint);
  const articleSimilarity = similarity(earlier.fingerprint, later.fingerprint);
  const contained = containment(earlier.textSketch, later.textSketch);
  const related = relatedness(earlier, later);
  const added = later.textSketch.shingleCount - earlier.textSketch.shingleCount;

  let relation: PostRelation = 'unrelated';
  if (contained >= QUOTE_CONTAINMENT && added >= QUOTE_MIN_ADDED_SHINGLES) {
    relation = 'quotes-earlier';
  } else if (textSimilarity >= DUPLICATE_SIMILARITY || articleSimilarity >= DUPLICATE_SIMILARITY) {
    relation = 'duplicate';
  } else if (related >= RELATED_MIN) {
    relation = 'related';
  }
  return {
    relation,
    textSimilarity,
    articleSimilarity,
    containment: contained,
    relatedness: related,
  };
}
