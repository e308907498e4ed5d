import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { AuthUser } from '../auth/auth-user.js';
import {
  EVENTS,
  type ModerationQueueChangedEvent,
  type NotificationCreatedEvent,
  type NotificationsReadEvent,
  type PostCreatedEvent,
  type PostPositionTakenEvent,
  type PostWriteAbandonedEvent,
  type PostStateChangedEvent,
  type PostUpdatedEvent,
  type ReactionChangedEvent,
  type ThreadCreatedEvent,
  type ThreadUpdatedEvent,
} from '../common/events.js';
import { mapPost } from '../posts/posts.dto.js';
import type { PostRow } from '../posts/posts.repository.js';
import { LiveReads } from './live-reads.js';
import { LiveServer } from './live-server.js';
import { PresenceService } from './presence.service.js';
import { rooms } from './rooms.js';
import type { ServerEventName } from './realtime.types.js';
import { ThreadSequencer } from './thread-sequencer.js';

type PostEventName = Extract<ServerEventName, `post:${string}`>;

// mapPost with this viewer gives the full view moderators get from the API
const MODERATORS_VIEW: AuthUser = { id: 0, username: 'moderators', role: 'moderator' };

/**
 * Internal events (emitted after commit) to live events. Every post payload is made by mapPost
 * for the audience that receives it: the thread room gets the guest view, so a post that is not
 * visible reaches it only as a placeholder; moderators and the post's author get their own view
 * in their own rooms.
 */
@Injectable()
export class LiveEventsListener {
  constructor(
    private readonly live: LiveServer,
    private readonly reads: LiveReads,
    private readonly presence: PresenceService,
    private readonly sequencer: ThreadSequencer,
  ) {}

  @OnEvent(EVENTS.postPositionTaken)
  postPositionTaken(event: PostPositionTakenEvent): void {
    if (this.live.io) this.sequencer.reserve(event.threadId, event.postId);
  }

  @OnEvent(EVENTS.postWriteAbandoned)
  postWriteAbandoned(event: PostWriteAbandonedEvent): void {
    this.sequencer.abandon(event.postId);
  }

  @OnEvent(EVENTS.postCreated)
  postCreated(event: PostCreatedEvent): Promise<void> {
    // even to an empty room: a client whose connection just dropped gets it when it recovers
    if (!this.live.io) {
      this.sequencer.abandon(event.postId);
      return Promise.resolve();
    }
    return this.sequencer.runReserved(event.threadId, event.postId, async () => {
      const row = await this.publishPost('post:created', event.postId, { placeholderToThread: false });
      if (row?.state !== 'visible') return;
      this.presence.typed(event.threadId, row.author_username, 0);
      await this.publishThread(event.threadId, 'counts', [rooms.forum(event.forumId)]);
    });
  }

  @OnEvent(EVENTS.postUpdated)
  postUpdated(event: PostUpdatedEvent): Promise<void> {
    if (!this.live.io) return Promise.resolve();
    return this.sequencer.run(event.threadId, async () => {
      await this.publishPost('post:updated', event.postId, { placeholderToThread: false });
    });
  }

  @OnEvent(EVENTS.postStateChanged)
  postStateChanged(event: PostStateChangedEvent): Promise<void> {
    if (!this.live.io) return Promise.resolve();
    const { name, toThread } = stateChangeEvent(event);
    return this.sequencer.run(event.threadId, async () => {
      await this.publishPost(name, event.postId, { placeholderToThread: toThread });
      if (event.from === 'visible' || event.to === 'visible') await this.publishThread(event.threadId, 'counts', [rooms.forum(event.forumId)]);
    });
  }

  @OnEvent(EVENTS.reactionChanged)
  reactionChanged(event: ReactionChangedEvent): Promise<void> {
    return this.sequencer.run(event.threadId, async () => {
      this.live.emit({ to: rooms.thread(event.threadId) }, 'reaction:changed', { postId: event.postId, threadId: event.threadId, reactions: event.reactions });
    });
  }

  @OnEvent(EVENTS.threadCreated)
  async threadCreated(event: ThreadCreatedEvent): Promise<void> {
    if (!this.live.io) return;
    const thread = await this.reads.thread(event.threadId);
    if (thread) this.live.emit({ to: rooms.forum(event.forumId) }, 'thread:created', { thread });
  }

  @OnEvent(EVENTS.threadUpdated)
  async threadUpdated(event: ThreadUpdatedEvent): Promise<void> {
    if (!this.live.io) return;
    const audience = [rooms.forum(event.forumId), rooms.thread(event.threadId)];
    if (event.previousForumId !== undefined) audience.push(rooms.forum(event.previousForumId));
    await this.sequencer.run(event.threadId, () => this.publishThread(event.threadId, event.change, audience));
  }

  @OnEvent(EVENTS.moderationQueueChanged)
  moderationQueueChanged(event: ModerationQueueChangedEvent): void {
    this.live.emit({ to: rooms.moderators }, 'moderation:queue', { itemId: event.itemId, status: event.status, threadId: event.threadId });
  }

  @OnEvent(EVENTS.notificationCreated)
  notificationCreated(event: NotificationCreatedEvent): void {
    this.live.emit({ to: rooms.member(event.userId) }, 'notification', { notification: event.notification, unreadCount: event.unreadCount });
  }

  @OnEvent(EVENTS.notificationsRead)
  notificationsRead(event: NotificationsReadEvent): void {
    this.live.emit({ to: rooms.member(event.userId) }, 'notification:read', { unreadCount: event.unreadCount });
  }

  /**
   * A visible post goes to its thread room as the guest sees it. One that is not visible goes, in
   * full, to the moderators and, as its author sees it, to its author; the thread room gets its
   * placeholder only with `placeholderToThread` (readers had seen the post), never its content.
   */
  private async publishPost(name: PostEventName, postId: number, options: { placeholderToThread: boolean }): Promise<PostRow | null> {
    const row = await this.reads.post(postId);
    if (!row) return null;
    const thread = rooms.thread(row.thread_id);
    if (row.state === 'visible') {
      const except = name === 'post:created' ? this.sequencer.alreadySent(row.thread_id, postId) : [];
      this.live.emit({ to: thread, except }, name, { post: mapPost(row, null) });
      return row;
    }
    const author = rooms.member(row.author_id);
    // a deleted post is a placeholder for its author too
    const authorView = row.state !== 'deleted';
    if (options.placeholderToThread) this.live.emit({ to: thread, except: authorView ? [rooms.moderators, author] : [rooms.moderators] }, name, { post: mapPost(row, null) });
    this.live.emit({ to: rooms.moderators }, name, { post: mapPost(row, MODERATORS_VIEW) });
    if (authorView) {
      const viewer: AuthUser = { id: row.author_id, username: row.author_username, role: 'member' };
      this.live.emit({ to: author, except: rooms.moderators }, name, { post: mapPost(row, viewer) });
    }
    return row;
  }

  private async publishThread(threadId: number, change: ThreadUpdatedEvent['change'], audience: string[]): Promise<void> {
    const thread = await this.reads.thread(threadId);
    if (thread) this.live.emit({ to: audience }, 'thread:updated', { thread, change });
  }
}

/** Which live event a state change is, and whether thread readers hear of it (they saw the post, or may now). */
export function stateChangeEvent(event: Pick<PostStateChangedEvent, 'from' | 'to'>): { name: PostEventName; toThread: boolean } {
  if (event.to === 'visible') return { name: event.from === 'pending' ? 'post:created' : 'post:restored', toThread: true };
  if (event.to === 'deleted') return { name: 'post:deleted', toThread: event.from !== 'pending' };
  return { name: 'post:hidden', toThread: event.from === 'visible' };
}
