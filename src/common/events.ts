// Internal events, emitted by services after their transaction commits. Realtime, notifications
// and moderation listen; none of them may change what the emitting request answered.

export const EVENTS = {
  postCreated: 'post.created',
  postUpdated: 'post.updated',
  postStateChanged: 'post.state-changed',
  reactionChanged: 'reaction.changed',
  threadCreated: 'thread.created',
  threadUpdated: 'thread.updated',
} as const;

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
