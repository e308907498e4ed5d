// Internal events, emitted by services after their transaction commits. Realtime, notifications
// and moderation listen; none of them may change what the emitting request answered.

import type { NotificationView } from '../notifications/notifications.dto.js';

export const EVENTS = {
  // the one exception to "after commit": a reply's place in its thread's live line, taken inside
  // its transaction (and given up if that transaction fails)
  postPositionTaken: 'post.position-taken',
  postWriteAbandoned: 'post.write-abandoned',
  postCreated: 'post.created',
  postUpdated: 'post.updated',
  postStateChanged: 'post.state-changed',
  reactionChanged: 'reaction.changed',
  threadCreated: 'thread.created',
  threadUpdated: 'thread.updated',
  // emitted by the moderation module
  moderationQueueChanged: 'moderation.queue-changed',
  moderationPostActioned: 'moderation.post-actioned',
  moderationFlagResolved: 'moderation.flag-resolved',
  // emitted by the notifications module, pushed live by realtime
  notificationCreated: 'notification.created',
  notificationsRead: 'notification.read',
} as const;

/**
 * A reply took the next position of its thread (holding the thread row until it commits). Replies
 * take positions in commit order, but their commits may come back to the app in another order:
 * live events are queued in the order positions were taken.
 */
export interface PostPositionTakenEvent {
  threadId: number;
  postId: number;
}

/** The reply's transaction failed after it took a position: nothing will be announced for it. */
export type PostWriteAbandonedEvent = PostPositionTakenEvent;

export interface PostCreatedEvent {
  postId: number;
  threadId: number;
  forumId: number;
  position: number;
  authorId: number;
  state: string;
  /** lower-cased @names in the member's own words */
  mentions: string[];
  /** posts quoted by the new post */
  quotedPostIds: number[];
  /** the first post of a new thread */
  isFirstPost: boolean;
  /** written by the importer: history, not news (nobody is notified) */
  imported?: boolean;
}

export interface PostUpdatedEvent {
  postId: number;
  threadId: number;
  editorId: number;
}

export interface PostStateChangedEvent {
  postId: number;
  threadId: number;
  forumId: number;
  from: string;
  to: string;
  actorId: number | null;
  reason: string | null;
}

export interface ReactionChangedEvent {
  postId: number;
  threadId: number;
  userId: number;
  postAuthorId: number;
  kind: string | null;
  reactions: Record<string, number>;
}

export interface ThreadCreatedEvent {
  threadId: number;
  forumId: number;
  authorId: number;
}

export interface ThreadUpdatedEvent {
  threadId: number;
  forumId: number;
  /** the forum it left, when moved */
  previousForumId?: number;
  change: 'locked' | 'unlocked' | 'pinned' | 'unpinned' | 'moved' | 'merged' | 'renamed' | 'slow-mode' | 'counts';
}

/** A review item was opened, claimed or resolved. */
export interface ModerationQueueChangedEvent {
  itemId: number;
  status: string;
  threadId: number | null;
}

/** A moderator acted on a member's post (hide, restore, delete, move, kind ...). */
export interface ModerationPostActionedEvent {
  postId: number;
  /** the post's author, who is told */
  authorId: number;
  action: string;
  reason: string | null;
  /** the moderator; null for automatic actions. An author acting on their own post is not told. */
  actorId?: number | null;
}

/** The flags on a post were resolved: every member who flagged it hears the outcome. */
export interface ModerationFlagResolvedEvent {
  flaggerIds: number[];
  postId: number;
  /** upheld: the post was actioned; dismissed: it stays as it was */
  outcome: 'upheld' | 'dismissed';
}

export interface NotificationCreatedEvent {
  userId: number;
  notification: NotificationView;
  unreadCount: number;
}

export interface NotificationsReadEvent {
  userId: number;
  unreadCount: number;
}
