import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AuthUser } from '../auth/auth-user.js';
import { conflict, invalid, notFound } from '../common/domain-error.js';
import { EVENTS, type ModerationQueueChangedEvent } from '../common/events.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { canSeePost } from '../posts/posts.dto.js';
import { PostsRepository } from '../posts/posts.repository.js';
import { PostsService } from '../posts/posts.service.js';
import { MEMBER_STANDING, type MemberStanding } from './member-standing.js';
import { ModerationLogRepository } from './moderation-log.repository.js';
import { FLAG_REASONS, type FlagReason, ReviewRepository } from './review.repository.js';
import { SlowModeService } from './slow-mode.service.js';

/** A member's weight as a flagger: 0.5 for a record of dismissed flags up to 1.5 for upheld ones. */
export function flaggerWeight(record: { upheld: number; dismissed: number }): number {
  return Math.round((0.5 + (record.upheld + 1) / (record.upheld + record.dismissed + 2)) * 100) / 100;
}

@Injectable()
export class FlagsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MEMBER_STANDING) private readonly standing: MemberStanding,
    private readonly review: ReviewRepository,
    private readonly posts: PostsService,
    private readonly postsRepository: PostsRepository,
    private readonly log: ModerationLogRepository,
    private readonly rateLimits: RateLimitService,
    private readonly slowMode: SlowModeService,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * A member flags a post: one open flag per member per post; flags on a post group into one review
   * item whose score is the flaggers' weights. Past the configured score the post is hidden.
   */
  async flag(user: AuthUser, postId: number, input: { reason: string; note?: string | null }): Promise<{ itemId: number; score: number; hidden: boolean }> {
    if (!FLAG_REASONS.includes(input.reason as FlagReason)) throw invalid(`reason must be one of ${FLAG_REASONS.join(', ')}`);
    const note = input.note?.trim() || null;
    if (input.reason === 'other' && !note) throw invalid('a note is required when the reason is other');
    await this.standing.assertCanPost(user);
    const post = await this.postsRepository.findPost(postId, null);
    if (!post || !canSeePost(post, user) || post.state === 'deleted') throw notFound('Post');
    if (post.author_id === user.id) throw invalid('You cannot flag your own post');
    if (await this.review.hasOpenFlag(postId, user.id)) throw conflict('You have already flagged this post');
    await this.rateLimits.consume('flag', user.id);
    const weight = flaggerWeight(await this.review.flaggerRecord(user.id));
    const threshold = this.config.flagHideScore;
    const result = await this.review.transaction(async (manager) => {
      const item = await this.review.openItem(manager, { postId, threadId: post.thread_id, queue: 'flags', reasons: [input.reason], score: weight });
      try {
        await this.review.insertFlag(manager, item.id, { postId, flaggerId: user.id, reason: input.reason as FlagReason, note, weight });
      } catch (error) {
        if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') throw conflict('You have already flagged this post');
        throw error;
      }
      let hidden = false;
      if (item.score >= threshold && post.state === 'visible') {
        const reason = `Hidden pending review: flagged by members (${input.reason})`;
        await this.posts.setState(null, postId, 'hidden', reason, manager);
        await this.log.append({ actorId: null, action: 'auto-hide', targetType: 'post', targetId: postId, rule: 'flag-score', reason, before: { state: 'visible' }, after: { state: 'hidden', score: item.score } }, manager);
        hidden = true;
      }
      return { itemId: item.id, score: item.score, hidden };
    });
    if (result.hidden) {
      const thread = await this.postsRepository.threadForWrite(post.thread_id);
      if (thread) this.posts.emitStateChanged(postId, thread, 'visible', 'hidden', null, 'Hidden pending review');
    }
    this.events.emit(EVENTS.moderationQueueChanged, { itemId: result.itemId, status: 'open', threadId: post.thread_id } satisfies ModerationQueueChangedEvent);
    await this.slowMode.afterFlag(post.thread_id);
    return result;
  }
}
