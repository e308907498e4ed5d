import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { EVENTS, type ModerationPostActionedEvent, type PostUpdatedEvent } from '../common/events.js';
import { PostsRepository } from '../posts/posts.repository.js';
import { ModerationLogRepository } from './moderation-log.repository.js';

/** A moderator's edit of someone else's post is a moderation action: logged, and the author told. */
@Injectable()
export class ModeratorEditsListener {
  private readonly logger = new Logger('ModeratorEdits');

  constructor(
    private readonly posts: PostsRepository,
    private readonly log: ModerationLogRepository,
    private readonly events: EventEmitter2,
  ) {}

  @OnEvent(EVENTS.postUpdated, { async: true })
  async onEdit(event: PostUpdatedEvent): Promise<void> {
    try {
      const post = await this.posts.findPost(event.postId, null);
      if (!post || post.author_id === event.editorId) return;
      const [revision] = await this.posts.revisions(event.postId);
      if (!revision) return;
      await this.log.append({ actorId: event.editorId, action: 'post-edit', targetType: 'post', targetId: event.postId, reason: revision.reason, before: { bodySource: revision.body_source }, after: { bodySource: post.body_source } });
      this.events.emit(EVENTS.moderationPostActioned, { postId: event.postId, authorId: post.author_id, action: 'edit', reason: revision.reason, actorId: event.editorId } satisfies ModerationPostActionedEvent);
    } catch (error) {
      this.logger.warn(`could not log a moderator edit: ${(error as Error).message}`);
    }
  }
}
