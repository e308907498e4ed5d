import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import { analyzePost, loadOutlets, type OutletList, type PostAnalysis } from './analysis/analyze-post.js';
import { type ComparablePost, comparePosts } from './analysis/compare-posts.js';
import type { AssessmentInput, ContentAssessor, PostAssessment, SystemFlag } from './content-assessment.js';
import { ContentAnalysisRepository } from './content-analysis.repository.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { DomainError } from '../common/domain-error.js';
import { EVENTS, type ModerationQueueChangedEvent } from '../common/events.js';
import { ModerationLogRepository } from './moderation-log.repository.js';
import { type FlagReason, ReviewRepository } from './review.repository.js';
import { censorText, mostSevere, screenText } from './screening/screen-text.js';
import type { ScreeningHit } from './screening/screening.types.js';
import { WatchedWordsService } from './watched-words.service.js';

/** How many earlier posts of the thread a new post is compared with (bounded: megathreads stay fast). */
const COMPARISON_WINDOW = 50;
/** A news post longer than this is a full-article repost (a link and an excerpt would do). */
const FULL_ARTICLE_CHARS = 4000;

const RULE_LABEL: Record<string, string> = {
  hate: 'hate speech',
  slur: 'a slur',
  'personal-attack': 'a personal attack',
  profanity: 'profanity',
  'watched-word': 'a watched word',
};

export interface PostRelations {
  duplicateOf: { postId: number; position: number; similarity: number } | null;
  quotes: { postId: number; position: number; containment: number } | null;
  related: { postId: number; position: number; score: number }[];
}

/** What a post keeps of its analysis (the sketches live in post_sketches). */
export function storedAnalysis(a: PostAnalysis) {
  return {
    kind: a.kind,
    signals: a.signals,
    articleStart: a.articleStart,
    articleEnd: a.articleEnd,
    commentStart: a.commentStart,
    copiedShare: Math.round(a.copiedShare * 1000) / 1000,
    articleDate: a.articleDate,
    articleDateEvidence: a.articleDateEvidence,
    headline: a.headline,
    articleScore: a.articleScore,
  };
}

const comparable = (a: PostAnalysis): ComparablePost => ({ fingerprint: a.fingerprint, shingleCount: a.shingleCount, textSketch: a.textSketch, keywords: a.keywords });

/**
 * The content analysis of every new, edited or imported post: kind (news / opinion / mixed) with
 * its signals, sources, copied share, article date, relations to earlier posts of the thread, and
 * the screening of the member's own words. Moderation's flags and review items come from here.
 */
@Injectable()
export class ContentAssessmentService implements ContentAssessor {
  private readonly outlets: OutletList = loadOutlets();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ContentAnalysisRepository,
    private readonly review: ReviewRepository,
    private readonly log: ModerationLogRepository,
    private readonly watchedWords: WatchedWordsService,
    private readonly events: EventEmitter2,
  ) {}

  analyze(text: string, hints: { attachments?: string[]; year?: number } = {}): PostAnalysis {
    return analyzePost(text, this.outlets, hints);
  }

  async assess(input: AssessmentInput, manager?: EntityManager): Promise<PostAssessment> {
    const analysis = this.analyze(input.text, { attachments: input.attachments, year: input.yearHint });
    const relations = await this.relations(input, analysis, manager);
    // only the member's own words are screened: quotes and copied article text are never held against them
    const watched = input.imported ? [] : await this.watchedWords.active();
    const hits = screenText(analysis.commentText, { watchedWords: watched });
    const blocked = hits.find((h) => h.rule === 'watched-word' && watched.find((w) => w.id === h.watchedWordId)?.action === 'block');
    if (blocked) throw new DomainError('invalid', `Your post contains “${blocked.evidence}”, which is not allowed here`);
    const censorWords = watched.filter((w) => w.action === 'censor');
    const censoredSource = censorWords.length ? censorText(input.source, censorWords) : null;
    const actionOf = (h: ScreeningHit) => (h.rule === 'watched-word' ? watched.find((w) => w.id === h.watchedWordId)?.action : undefined);
    const flagHits = hits.filter((h) => actionOf(h) !== 'censor');
    const flags = [...flagHits.map(flagOfHit), ...this.repostFlags(analysis, relations)];
    const worst = hits.find((h) => h.severity === 'high' && h.rule !== 'watched-word');
    const needsApproval =
      hits.some((h) => actionOf(h) === 'require-approval') ||
      (!input.imported && flags.length > 0 && (await this.repository.isNewMember(input.authorId, this.config.newMemberPosts, manager)));
    const hidden = mostSevere(flagHits.filter((h) => h.rule !== 'watched-word')) === 'high';
    const state = hidden ? 'hidden' : needsApproval && !input.postId ? 'pending' : 'visible';
    return {
      kind: analysis.kind,
      state,
      stateReason: hidden && worst ? `Hidden pending review: ${RULE_LABEL[worst.rule] ?? worst.rule}` : state === 'pending' ? 'Awaiting approval by a moderator' : null,
      analysis: {
        ...storedAnalysis(analysis),
        ...relations,
        screening: hits.map((h) => ({ rule: h.rule, term: h.term, evidence: h.evidence, severity: h.severity })),
      },
      sources: analysis.sources.map((s) => ({ url: s.url, outlet: s.outlet })),
      censoredSource,
      flags,
      quotesPostId: relations.quotes?.postId ?? null,
      sketch: comparable(analysis),
    };
  }

  /** In the post's transaction: its sketch, and its system flags grouped into a review item. */
  async record(manager: EntityManager, postId: number, assessment: PostAssessment, input: AssessmentInput): Promise<(() => void) | null> {
    if (assessment.sketch) await this.repository.saveSketch(manager, postId, input.threadId, assessment.sketch as ComparablePost);
    if (assessment.flags.length === 0 && assessment.state === 'visible') return null;
    const queue = assessment.state === 'pending' ? 'approval' : 'flags';
    const item = await this.review.openItem(manager, {
      postId,
      threadId: input.threadId,
      queue,
      reasons: assessment.flags.map((f) => f.reason),
      score: assessment.flags.reduce((sum, f) => sum + SEVERITY_WEIGHT[f.severity], 0),
    });
    for (const flag of assessment.flags) {
      await this.review.insertFlag(manager, item.id, {
        postId,
        flaggerId: null,
        reason: flag.reason as FlagReason,
        rule: flag.rule,
        severity: flag.severity,
        evidence: flag.evidence,
        relatedPostId: flag.relatedPostId ?? null,
        weight: SEVERITY_WEIGHT[flag.severity],
      });
    }
    if (assessment.state !== 'visible') {
      const rule = assessment.flags.find((f) => f.severity === 'high')?.rule ?? assessment.flags[0]?.rule ?? null;
      await this.log.append({ actorId: null, action: assessment.state === 'pending' ? 'auto-hold-for-approval' : 'auto-hide', targetType: 'post', targetId: postId, rule, reason: assessment.stateReason, after: { state: assessment.state } }, manager);
    }
    // moderators hear of it once the post's transaction has committed
    return () => this.events.emit(EVENTS.moderationQueueChanged, { itemId: item.id, status: 'open', threadId: input.threadId } satisfies ModerationQueueChangedEvent);
  }

  /** Compares with the newest posts of the thread: the best duplicate, a flattened quote, related stories. */
  private async relations(input: AssessmentInput, analysis: PostAnalysis, manager?: EntityManager): Promise<PostRelations> {
    const earlier = await this.repository.recentSketches(input.threadId, input.postId ?? null, COMPARISON_WINDOW, manager);
    const result: PostRelations = { duplicateOf: null, quotes: null, related: [] };
    const current = comparable(analysis);
    for (const other of earlier) {
      const comparison = comparePosts(other.sketch, current);
      const postId = Number(other.post_id);
      if (comparison.relation === 'quotes-earlier' && (!result.quotes || comparison.containment > result.quotes.containment)) {
        result.quotes = { postId, position: other.position, containment: round(comparison.containment) };
      } else if (comparison.relation === 'duplicate') {
        const similarity = Math.max(comparison.textSimilarity, comparison.articleSimilarity);
        if (!result.duplicateOf || similarity > result.duplicateOf.similarity) result.duplicateOf = { postId, position: other.position, similarity: round(similarity) };
      } else if (comparison.relation === 'related') {
        result.related.push({ postId, position: other.position, score: round(comparison.relatedness) });
      }
    }
    result.related = result.related.sort((a, b) => b.score - a.score).slice(0, 5);
    return result;
  }

  private repostFlags(analysis: PostAnalysis, relations: PostRelations): SystemFlag[] {
    if (analysis.kind === 'opinion') return [];
    const flags: SystemFlag[] = [];
    if (analysis.sources.length === 0) {
      flags.push({ rule: 'missing-source', reason: 'unsourced', severity: 'low', evidence: analysis.headline ?? analysis.articleText.slice(0, 120) });
    }
    if (relations.duplicateOf && !relations.quotes) {
      flags.push({
        rule: 'duplicate-repost',
        reason: 'duplicate',
        severity: 'medium',
        evidence: `repeats post #${relations.duplicateOf.position} (similarity ${relations.duplicateOf.similarity})`,
        relatedPostId: relations.duplicateOf.postId,
      });
    }
    if (analysis.kind === 'news' && analysis.articleText.length > FULL_ARTICLE_CHARS && analysis.copiedShare > 0.95) {
      flags.push({ rule: 'full-article', reason: 'copyright', severity: 'low', evidence: `${analysis.articleText.length} characters of copied article text` });
    }
    return flags;
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;
const SEVERITY_WEIGHT = { low: 0.5, medium: 1.5, high: 3 } as const;

function flagOfHit(hit: ScreeningHit): SystemFlag {
  return { rule: hit.rule === 'watched-word' ? `watched-word:${hit.term}` : hit.rule, reason: 'abuse', severity: hit.severity, evidence: hit.evidence };
}
