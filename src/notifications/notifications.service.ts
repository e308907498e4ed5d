import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AuthUser } from '../auth/auth-user.js';
import { invalid } from '../common/domain-error.js';
import {
  EVENTS,
  type ModerationFlagResolvedEvent,
  type ModerationPostActionedEvent,
  type NotificationCreatedEvent,
  type NotificationsReadEvent,
  type ReactionChangedEvent,
} from '../common/events.js';
import { decodeCursor, encodeCursor, type Page } from '../common/pagination.js';
import { renderBody } from '../posts/rendering/render-body.js';
import { NOTIFICATION_TYPES, type NotificationType } from './notification.entity.js';
import { mapNotification, type NotificationPreferences, type NotificationView } from './notifications.dto.js';
import { type NotificationCursor, NotificationsRepository } from './notifications.repository.js';

// a post naming half the forum does not page half the forum
const MAX_MENTIONS_NOTIFIED = 20;

const isCursor = (v: unknown): v is NotificationCursor =>
  typeof v === 'object' && v !== null && typeof (v as NotificationCursor).at === 'string' && !Number.isNaN(Date.parse((v as NotificationCursor).at)) &&
  Number.isSafeInteger((v as NotificationCursor).id);

export interface VisiblePost {
  postId: number;
  threadId: number;
  authorId: number;
  /** lower-cased @names in the author's own words (quoted text excluded) */
  mentions: string[];
  quotedPostIds: number[];
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly events: EventEmitter2,
  ) {}

  // ---- creating (driven by internal events) ----------------------------------------------------

  /**
   * A post became visible (posted, or approved later): its quoted authors, the members it names
   * and the thread's watchers are told, each once, in that order of precedence. A post is
   * notified at most once in its life, so hiding and restoring it does not repeat anything.
   * A post approved later is news to every watcher, even one who has read or replied past its
   * position while it was held back.
   */
  async postVisible(post: VisiblePost, approvedLater = false): Promise<void> {
    if (!(await this.notifications.isRealMember(post.authorId))) return;
    const quoted = (await this.notifications.authorsOf(post.quotedPostIds)).filter((id) => id !== post.authorId);
    const named = (await this.notifications.membersNamed(post.mentions.slice(0, MAX_MENTIONS_NOTIFIED))).filter((id) => id !== post.authorId && !quoted.includes(id));
    const about = { threadId: post.threadId, postId: post.postId, actorId: post.authorId };
    const ids = await this.notifications.transaction(async (manager) => {
      if (!(await this.notifications.claimPost(manager, post.postId))) return [];
      return [
        ...(await this.notifications.notify(manager, quoted, { type: 'quote', ...about })),
        ...(await this.notifications.notify(manager, named, { type: 'mention', ...about })),
        ...(await this.notifications.notifyWatchers(manager, post.threadId, [post.authorId, ...quoted, ...named], { type: 'reply', ...about }, !approvedLater)),
      ];
    });
    await this.push(ids);
  }

  /** A post held back (pending, hidden by screening) was made visible: notify as if just posted. */
  async postMadeVisible(postId: number): Promise<void> {
    const post = await this.notifications.postForNotifications(postId);
    if (!post || post.state !== 'visible') return;
    await this.postVisible({
      postId,
      threadId: post.thread_id,
      authorId: post.author_id,
      mentions: renderBody(post.body_source).mentions,
      quotedPostIds: post.quoted_post_ids.map(Number),
    }, true);
  }

  async reactionChanged(event: ReactionChangedEvent): Promise<void> {
    if (event.kind === null || event.userId === event.postAuthorId) return;
    const post = await this.notifications.postForNotifications(event.postId);
    if (!post || post.state !== 'visible' || post.author_is_placeholder) return;
    const ids = await this.notifications.transaction((manager) =>
      this.notifications.notify(manager, [event.postAuthorId], { type: 'reaction', threadId: event.threadId, postId: event.postId, actorId: event.userId, data: { kind: event.kind } }),
    );
    await this.push(ids);
  }

  async postActioned(event: ModerationPostActionedEvent): Promise<void> {
    if (event.actorId === event.authorId) return;
    const post = await this.notifications.postForNotifications(event.postId);
    if (!post || post.author_is_placeholder) return;
    const ids = await this.notifications.transaction((manager) =>
      this.notifications.notify(manager, [event.authorId], {
        type: 'moderation',
        threadId: post.thread_id,
        postId: event.postId,
        actorId: event.actorId ?? null,
        data: { action: event.action, reason: event.reason },
      }),
    );
    await this.push(ids);
  }

  async flagResolved(event: ModerationFlagResolvedEvent): Promise<void> {
    const post = await this.notifications.postForNotifications(event.postId);
    if (!post) return;
    const ids = await this.notifications.transaction((manager) =>
      this.notifications.notify(manager, event.flaggerIds, { type: 'flag-outcome', threadId: post.thread_id, postId: event.postId, actorId: null, data: { outcome: event.outcome } }),
    );
    await this.push(ids);
  }

  // ---- reading and managing (a member's own) ---------------------------------------------------

  async list(user: AuthUser, cursor: string | undefined, limit = 20): Promise<Page<NotificationView>> {
    const after = decodeCursor(cursor, isCursor);
    const rows = await this.notifications.page(user.id, after, limit + 1);
    const last = rows.length > limit ? rows[limit - 1] : null;
    return {
      items: rows.slice(0, limit).map(mapNotification),
      next: last ? encodeCursor({ at: last.cursor_at, id: Number(last.id) } satisfies NotificationCursor) : null,
      prev: null,
    };
  }

  async unreadCount(user: AuthUser): Promise<{ count: number }> {
    const counts = await this.notifications.unreadCounts([user.id]);
    return { count: counts.get(user.id) ?? 0 };
  }

  async markRead(user: AuthUser, request: { ids?: number[]; all?: boolean }): Promise<{ updated: number; unreadCount: number }> {
    const hasIds = request.ids !== undefined;
    if (hasIds === (request.all === true)) throw invalid('send either ids or all: true');
    const updated = await this.notifications.markRead(user.id, request.all ? 'all' : request.ids!);
    const { count } = await this.unreadCount(user);
    // the member's other tabs and devices update their badge
    if (updated > 0) this.events.emit(EVENTS.notificationsRead, { userId: user.id, unreadCount: count } satisfies NotificationsReadEvent);
    return { updated, unreadCount: count };
  }

  async preferences(user: AuthUser): Promise<NotificationPreferences> {
    const disabled = new Set(await this.notifications.disabledTypes(user.id));
    return Object.fromEntries(NOTIFICATION_TYPES.map((type) => [type, !disabled.has(type)])) as NotificationPreferences;
  }

  async setPreferences(user: AuthUser, changes: Partial<Record<NotificationType, boolean>>): Promise<NotificationPreferences> {
    const known = Object.fromEntries(Object.entries(changes).filter(([type, value]) => NOTIFICATION_TYPES.includes(type as NotificationType) && typeof value === 'boolean'));
    await this.notifications.setPreferences(user.id, known);
    return this.preferences(user);
  }

  // ---- live push -------------------------------------------------------------------------------

  /** After commit: each notification written or counted up goes to its member's room with their unread count. */
  private async push(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await this.notifications.rowsByIds(ids);
    const counts = await this.notifications.unreadCounts([...new Set(rows.map((r) => r.user_id))]);
    for (const row of rows) {
      this.events.emit(EVENTS.notificationCreated, {
        userId: row.user_id,
        notification: mapNotification(row),
        unreadCount: counts.get(row.user_id) ?? 0,
      } satisfies NotificationCreatedEvent);
    }
  }
}
