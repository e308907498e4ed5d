import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import type { AuthUser } from '../auth/auth-user.js';
import { invalid, notFound } from '../common/domain-error.js';
import { EVENTS, type PostCreatedEvent, type ThreadUpdatedEvent } from '../common/events.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ModerationActionsRepository } from './moderation-actions.repository.js';
import { ModerationLogRepository } from './moderation-log.repository.js';
import { ReviewRepository } from './review.repository.js';

const FLAG_SPIKE = { count: 5, seconds: 600 };

/** Seconds between a member's posts in a thread: set by a moderator, or by itself when a thread heats up. */
@Injectable()
export class SlowModeService {
  private readonly logger = new Logger('SlowMode');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly threads: ModerationActionsRepository,
    private readonly review: ReviewRepository,
    private readonly log: ModerationLogRepository,
    private readonly events: EventEmitter2,
  ) {}

  async set(actor: AuthUser | null, threadId: number, seconds: number, reason: string | null, rule?: string): Promise<{ slowModeSeconds: number }> {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86400) throw invalid('seconds must be between 0 and 86400');
    const setBy = actor ? `moderator:${actor.username}` : `automatic:${rule}`;
    const previous = await this.threads.setSlowMode(threadId, seconds, setBy);
    if (!previous) throw notFound('Thread');
    await this.log.append({ actorId: actor?.id ?? null, action: 'thread-slow-mode', targetType: 'thread', targetId: threadId, rule: rule ?? null, reason, before: { slowModeSeconds: previous.before }, after: { slowModeSeconds: seconds, setBy } });
    this.events.emit(EVENTS.threadUpdated, { threadId, forumId: previous.forum_id, change: 'slow-mode' } satisfies ThreadUpdatedEvent);
    return { slowModeSeconds: seconds };
  }

  @OnEvent(EVENTS.postCreated, { async: true })
  async afterReply(event: PostCreatedEvent): Promise<void> {
    const limit = this.config.autoSlowModeRepliesPerMinute;
    if (limit === 0) return;
    try {
      const row = await this.threads.replyPace(event.threadId, limit + 1);
      if (row && row.slow_mode_seconds === 0 && row.recent > limit) {
        await this.set(null, event.threadId, this.config.autoSlowModeSeconds, `${row.recent} replies in the last minute`, 'reply-spike');
      }
    } catch (error) {
      this.logger.warn(`slow mode check failed: ${(error as Error).message}`);
    }
  }

  async afterFlag(threadId: number): Promise<void> {
    const row = await this.threads.replyPace(threadId, 0);
    if (!row || row.slow_mode_seconds > 0) return;
    const recent = await this.review.recentFlagsInThread(threadId, FLAG_SPIKE.seconds);
    if (recent >= FLAG_SPIKE.count) await this.set(null, threadId, this.config.autoSlowModeSeconds, `${recent} flags in ${FLAG_SPIKE.seconds / 60} minutes`, 'flag-spike');
  }
}
