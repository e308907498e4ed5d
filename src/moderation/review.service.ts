import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { readFileSync } from 'node:fs';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError, invalid, notFound } from '../common/domain-error.js';
import { EVENTS, type ModerationFlagResolvedEvent, type ModerationPostActionedEvent, type ModerationQueueChangedEvent } from '../common/events.js';
import { decodeCursor, encodeCursor, type Page } from '../common/pagination.js';
import { fromRoot } from '../common/project-root.js';
import { mapPost, type PostView } from '../posts/posts.dto.js';
import { PostsRepository } from '../posts/posts.repository.js';
import { PostsService } from '../posts/posts.service.js';
import { ModerationActionsService } from './moderation-actions.service.js';
import { ModerationLogRepository } from './moderation-log.repository.js';
import { type FlagRow, type ItemStatus, type Queue, type QueueFilters, type ReviewItemRow, ReviewRepository } from './review.repository.js';

export const RESOLVE_ACTIONS = ['approve', 'hide', 'delete', 'restore', 'reject'] as const;
export type ResolveAction = (typeof RESOLVE_ACTIONS)[number];

export interface ReviewItemView {
  id: number;
  queue: Queue;
  status: ItemStatus;
  score: number;
  reasons: string[];
  threadId: number;
  threadTitle: string;
  claimedBy: string | null;
  resolution: string | null;
  resolutionReason: string | null;
  appeal: { text: string | null; appealOf: number | null } | null;
  createdAt: string;
  updatedAt: string;
  post: (PostView & { threadTitle: string }) | null;
  flags: { id: number; reason: string; note: string | null; by: string | null; system: boolean; rule: string | null; severity: string | null; evidence: string | null; relatedPostId: number | null; weight: number; status: string; markedWrong: boolean }[];
  authorHistory: { username: string; postCount: number; memberSince: string; flagsUpheld: number; postsRemoved: number; sanctions: unknown[] } | null;
  notes: { id: number; author: string; body: string; createdAt: string }[];
}

type QueueCursor = { score: number; id: number };
const isQueueCursor = (v: unknown): v is QueueCursor => typeof v === 'object' && v !== null && Number.isFinite((v as QueueCursor).score) && Number.isInteger((v as QueueCursor).id);

const CANNED = JSON.parse(readFileSync(fromRoot('src', 'moderation', 'data', 'canned-reasons.json'), 'utf8')) as Record<string, string[]>;

@Injectable()
export class ReviewService {
  constructor(
    private readonly review: ReviewRepository,
    private readonly posts: PostsService,
    private readonly postsRepository: PostsRepository,
    private readonly actions: ModerationActionsService,
    private readonly log: ModerationLogRepository,
    private readonly events: EventEmitter2,
  ) {}

  cannedReasons(): Record<string, string[]> {
    return CANNED;
  }

  async queue(moderator: AuthUser, filters: QueueFilters, cursor: string | undefined, limit = 25): Promise<Page<ReviewItemView>> {
    const after = decodeCursor(cursor, isQueueCursor);
    const rows = await this.review.queuePage({ ...filters, viewerId: moderator.id }, after, limit + 1, await this.review.moderatorCount());
    const items = await this.views(moderator, rows.slice(0, limit));
    const last = rows.length > limit ? rows[limit - 1] : null;
    return { items, next: last ? encodeCursor({ score: Number(last.score), id: Number(last.id) }) : null, prev: null };
  }

  async item(moderator: AuthUser, id: number): Promise<ReviewItemView> {
    const row = await this.review.findItem(id);
    if (!row) throw notFound('Review item');
    return (await this.views(moderator, [row]))[0];
  }

  /** A moderator takes an item; others see who holds it and stop being alerted for it. */
  async claim(moderator: AuthUser, id: number): Promise<ReviewItemView> {
    await this.review.transaction(async (m) => {
      const item = await this.review.findItem(id, m, true);
      if (!item) throw notFound('Review item');
      if (item.status === 'resolved' || item.status === 'rejected') throw new DomainError('conflict', 'This item is already resolved');
      if (item.status === 'claimed' && item.claimed_by_id !== moderator.id) throw new DomainError('conflict', `Already claimed by ${item.claimed_by}`);
      await this.review.claim(id, moderator.id, m);
      await this.log.append({ actorId: moderator.id, action: 'item-claim', targetType: 'review-item', targetId: id }, m);
    });
    this.emitQueue(id, 'claimed', moderator);
    return this.item(moderator, id);
  }

  /** approve (dismiss flags), hide, delete, restore, or reject (a held post stays out). */
  async resolve(moderator: AuthUser, id: number, action: string, reason: string | null): Promise<ReviewItemView> {
    if (!RESOLVE_ACTIONS.includes(action as ResolveAction)) throw invalid(`action must be one of ${RESOLVE_ACTIONS.join(', ')}`);
    const item = await this.review.findItem(id);
    if (!item) throw notFound('Review item');
    if (item.status === 'resolved' || item.status === 'rejected') throw new DomainError('conflict', 'This item is already resolved');
    if (item.status === 'claimed' && item.claimed_by_id !== moderator.id) throw new DomainError('conflict', `Claimed by ${item.claimed_by}`);
    const postId = Number(item.post_id);
    const post = await this.postsRepository.findPost(postId, null);
    if (!post) throw notFound('Post');
    const outcome: 'upheld' | 'dismissed' = action === 'approve' || action === 'restore' ? 'dismissed' : 'upheld';
    const targetState = { approve: 'visible', restore: 'visible', hide: 'hidden', delete: 'deleted', reject: 'hidden' }[action as ResolveAction];
    const flaggers = await this.review.transaction(async (m) => {
      const closed = await this.review.closeFlags(m, id, outcome);
      await this.review.resolve(m, id, { status: action === 'reject' ? 'rejected' : 'resolved', resolution: action, reason, moderatorId: moderator.id });
      await this.log.append({ actorId: moderator.id, action: `item-${action}`, targetType: 'review-item', targetId: id, reason, before: { status: item.status, postState: post.state }, after: { status: action === 'reject' ? 'rejected' : 'resolved', postState: targetState } }, m);
      return closed;
    });
    if (post.state !== targetState) {
      const stateAction = targetState === 'visible' ? 'restore' : targetState === 'deleted' ? 'delete' : 'hide';
      await this.actions.setPostState(moderator, postId, stateAction, reason ?? (action === 'reject' ? 'Rejected by a moderator' : null));
    } else if (action === 'reject' || action === 'hide') {
      this.events.emit(EVENTS.moderationPostActioned, { postId, authorId: post.author_id, action, reason, actorId: moderator.id } satisfies ModerationPostActionedEvent);
    }
    if (flaggers.length) this.events.emit(EVENTS.moderationFlagResolved, { flaggerIds: flaggers, postId, outcome } satisfies ModerationFlagResolvedEvent);
    this.emitQueue(id, action === 'reject' ? 'rejected' : 'resolved', moderator);
    return this.item(moderator, id);
  }

  async bulkResolve(moderator: AuthUser, ids: number[], action: string, reason: string | null): Promise<{ results: { id: number; ok: boolean; error?: string }[] }> {
    const results = [];
    for (const id of [...new Set(ids)]) {
      try {
        await this.resolve(moderator, id, action, reason);
        results.push({ id, ok: true });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ id, ok: false, error: error.message });
      }
    }
    return { results };
  }

  /** The author of a hidden or rejected post may appeal once; it returns to the queue for another moderator. */
  async appeal(user: AuthUser, postId: number, text: string): Promise<{ itemId: number }> {
    const post = await this.postsRepository.findPost(postId, null);
    if (!post || post.author_id !== user.id) throw notFound('Post');
    if (post.state !== 'hidden' && post.state !== 'pending') throw invalid('Only a hidden or held post can be appealed');
    if (await this.review.hasAppeal(postId)) throw new DomainError('conflict', 'This post was already appealed');
    const previous = await this.review.latestItemOfPost(postId);
    const body = text.trim();
    if (body.length < 5) throw invalid('Say in a few words why the decision should change');
    const itemId = await this.review.transaction(async (m) => {
      const item = await this.review.openItem(m, { postId, threadId: post.thread_id, queue: 'appeal', reasons: ['appeal'], score: 1, avoidModeratorId: previous?.resolved_by_id ?? null, appealOfId: previous ? Number(previous.id) : null, appealText: body });
      await this.log.append({ actorId: user.id, action: 'appeal', targetType: 'post', targetId: postId, reason: body }, m);
      return item.id;
    });
    this.emitQueue(itemId, 'open', null, post.thread_id);
    return { itemId };
  }

  async markFlagWrong(moderator: AuthUser, flagId: number): Promise<{ flagId: number; rule: string }> {
    const flag = await this.review.markFlagWrong(flagId, moderator.id);
    if (!flag || !flag.rule) throw notFound('Automatic flag');
    await this.log.append({ actorId: moderator.id, action: 'rule-marked-wrong', targetType: 'flag', targetId: flagId, rule: flag.rule });
    return { flagId, rule: flag.rule };
  }

  async rules(): Promise<{ items: { rule: string; total: number; markedWrong: number; upheld: number; dismissed: number; precision: number | null }[] }> {
    const rows = await this.review.rulePrecision();
    return {
      items: rows.map((r) => ({
        rule: r.rule,
        total: r.total,
        markedWrong: r.marked_wrong,
        upheld: r.upheld,
        dismissed: r.dismissed,
        // share of the rule's decisions that moderators did not mark wrong
        precision: r.total ? Math.round(((r.total - r.marked_wrong) / r.total) * 1000) / 1000 : null,
      })),
    };
  }

  private emitQueue(itemId: number, status: string, moderator: AuthUser | null, threadId?: number): void {
    void (async () => {
      const thread = threadId ?? (await this.review.findItem(itemId))?.thread_id ?? null;
      this.events.emit(EVENTS.moderationQueueChanged, { itemId, status, threadId: thread, ...(moderator ? { by: moderator.username } : {}) } as ModerationQueueChangedEvent);
    })();
  }

  /** Items with their posts, flags, authors' histories and notes: a constant number of queries. */
  private async views(moderator: AuthUser, rows: ReviewItemRow[]): Promise<ReviewItemView[]> {
    const ids = rows.map((r) => Number(r.id));
    const authorIds = [...new Set(rows.map((r) => r.author_id))];
    const [posts, flags, histories, notes] = await Promise.all([
      this.postsRepository.findManyPosts(rows.map((r) => Number(r.post_id))),
      this.review.flagsOfItems(ids),
      this.review.authorHistories(authorIds),
      this.review.notesOfUsers(authorIds),
    ]);
    const postById = new Map(posts.map((p) => [p.id, p]));
    const flagsByItem = new Map<string, FlagRow[]>();
    for (const f of flags) flagsByItem.set(f.review_item_id, [...(flagsByItem.get(f.review_item_id) ?? []), f]);
    return rows.map((r) => {
      const post = postById.get(r.post_id);
      const history = histories.find((h) => h.user_id === r.author_id);
      return {
        id: Number(r.id),
        queue: r.queue,
        status: r.status,
        score: Number(r.score),
        reasons: r.reasons,
        threadId: r.thread_id,
        threadTitle: r.thread_title,
        claimedBy: r.claimed_by,
        resolution: r.resolution,
        resolutionReason: r.resolution_reason,
        appeal: r.queue === 'appeal' ? { text: r.appeal_text, appealOf: r.appeal_of_id === null ? null : Number(r.appeal_of_id) } : null,
        createdAt: new Date(r.created_at).toISOString(),
        updatedAt: new Date(r.updated_at).toISOString(),
        post: post ? { ...mapPost(post, moderator), threadTitle: r.thread_title } : null,
        flags: (flagsByItem.get(r.id) ?? []).map((f) => ({
          id: Number(f.id),
          reason: f.reason,
          note: f.note,
          by: f.flagger,
          system: f.flagger_id === null,
          rule: f.rule,
          severity: f.severity,
          evidence: f.evidence,
          relatedPostId: f.related_post_id === null ? null : Number(f.related_post_id),
          weight: Number(f.weight),
          status: f.status,
          markedWrong: f.marked_wrong_at !== null,
        })),
        authorHistory: history
          ? { username: history.username, postCount: history.post_count, memberSince: new Date(history.created_at).toISOString(), flagsUpheld: history.flags_upheld, postsRemoved: history.items_resolved, sanctions: history.sanctions }
          : null,
        notes: notes.filter((n) => n.user_id === r.author_id).map((n) => ({ id: Number(n.id), author: n.author, body: n.body, createdAt: new Date(n.created_at).toISOString() })),
      };
    });
  }
}
