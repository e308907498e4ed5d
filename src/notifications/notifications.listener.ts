import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  EVENTS,
  type ModerationFlagResolvedEvent,
  type ModerationPostActionedEvent,
  type PostCreatedEvent,
  type PostStateChangedEvent,
  type ReactionChangedEvent,
} from '../common/events.js';
import { NotificationsService } from './notifications.service.js';

// Internal events (emitted after commit) to notifications. A failure here is logged by the
// event emitter and never reaches the request that caused it.
@Injectable()
export class NotificationsListener {
  constructor(private readonly notifications: NotificationsService) {}

  @OnEvent(EVENTS.postCreated)
  async postCreated(event: PostCreatedEvent): Promise<void> {
    // held-back posts notify once a moderator lets them through (post.state-changed)
    if (event.state !== 'visible' || event.imported) return;
    await this.notifications.postVisible({ postId: event.postId, threadId: event.threadId, authorId: event.authorId, mentions: event.mentions, quotedPostIds: event.quotedPostIds });
  }

  @OnEvent(EVENTS.postStateChanged)
  async postStateChanged(event: PostStateChangedEvent): Promise<void> {
    if (event.to === 'visible') await this.notifications.postMadeVisible(event.postId);
  }

  @OnEvent(EVENTS.reactionChanged)
  async reactionChanged(event: ReactionChangedEvent): Promise<void> {
    await this.notifications.reactionChanged(event);
  }

  @OnEvent(EVENTS.moderationPostActioned)
  async postActioned(event: ModerationPostActionedEvent): Promise<void> {
    await this.notifications.postActioned(event);
  }

  @OnEvent(EVENTS.moderationFlagResolved)
  async flagResolved(event: ModerationFlagResolvedEvent): Promise<void> {
    await this.notifications.flagResolved(event);
  }
}
