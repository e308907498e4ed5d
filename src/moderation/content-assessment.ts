import type { EntityManager } from 'typeorm';
import type { PostKind, PostState } from '../posts/post.entity.js';

/** What the posts module needs from moderation before a post is stored. */
export interface AssessmentInput {
  /** the BBCode as submitted */
  source: string;
  /** plain text of the member's post, quotes removed */
  text: string;
  authorId: number;
  threadId: number;
  /** the post itself when it is an edit (duplicates of itself do not count) */
  postId?: number;
  attachments?: string[];
  /** import: the analysis also runs, but the author has no history */
  imported?: boolean;
  /** the year of neighbouring posts, for datelines that name none */
  yearHint?: number;
}

export interface SystemFlag {
  rule: string;
  reason: string;
  severity: 'low' | 'medium' | 'high';
  evidence: string;
  relatedPostId?: number | null;
}

export interface PostAssessment {
  kind: PostKind;
  state: PostState;
  stateReason: string | null;
  /** stored on the post: signals, split point, copied share, article date */
  analysis: Record<string, unknown>;
  sources: { url: string | null; outlet: string | null }[];
  /** text to store instead of the submitted one (censored watched words), or null */
  censoredSource: string | null;
  flags: SystemFlag[];
  /** an earlier post that this one repeats in full and then comments on: stored as a quote */
  quotesPostId: number | null;
  /** what later posts are compared with (opaque to the posts module) */
  sketch?: unknown;
}

export const CONTENT_ASSESSOR = Symbol('CONTENT_ASSESSOR');

export interface ContentAssessor {
  assess(input: AssessmentInput, manager?: EntityManager): Promise<PostAssessment>;
  /** inside the post's transaction, once it has an id: system flags, review items, links */
  /** returns what to announce once the transaction has committed, if anything */
  record(manager: EntityManager, postId: number, assessment: PostAssessment, input: AssessmentInput): Promise<(() => void) | null>;
}
