import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError, invalid, notFound } from '../common/domain-error.js';
import { EVENTS, type ModerationPostActionedEvent, type ThreadUpdatedEvent } from '../common/events.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ForumsService } from '../forums/forums.service.js';
import { POST_KINDS, type PostKind, type PostState } from '../posts/post.entity.js';
import { mapPost, type PostView } from '../posts/posts.dto.js';
import { PostsRepository } from '../posts/posts.repository.js';
import { PostsService } from '../posts/posts.service.js';
import { threadSlug } from '../threads/threads.service.js';
import { ThreadsRepository } from '../threads/threads.repository.js';
import { ModerationActionsRepository } from './moderation-actions.repository.js';
import { ModerationLogRepository } from './moderation-log.repository.js';

const STATE_ACTIONS = { hide: 'hidden', restore: 'visible', delete: 'deleted' } as const satisfies Record<string, PostState>;
export type PostStateAction = keyof typeof STATE_ACTIONS;

/** What moderators do to posts and threads; each action lands in the moderation log. */
@Injectable()
export class ModerationActionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly actions: ModerationActionsRepository,
    private readonly posts: PostsService,
    private readonly postsRepository: PostsRepository,
    private readonly threads: ThreadsRepository,
    private readonly forums: ForumsService,
    private readonly log: ModerationLogRepository,
    private readonly events: EventEmitter2,
  ) {}

  // ---- posts ---------------------------------------------------------------------------------

  /** hide / restore / delete, with the reason shown to the author. */
  async setPostState(moderator: AuthUser, postId: number, action: PostStateAction, reason: string | null, manager?: EntityManager): Promise<PostView> {
    const to = STATE_ACTIONS[action];
    const row = await this.postsRepository.findPost(postId, null, manager);
    if (!row) throw notFound('Post');
    const stateReason = action === 'restore' ? null : reason ? `${action === 'hide' ? 'Hidden' : 'Deleted'} by a moderator: ${reason}` : null;
    const apply = async (m: EntityManager) => {
      await this.posts.setState(moderator, postId, to, stateReason, m);
      await this.log.append({ actorId: moderator.id, action: `post-${action}`, targetType: 'post', targetId: postId, reason, before: { state: row.state }, after: { state: to } }, m);
    };
    if (manager) await apply(manager);
    else await this.actions.transaction(apply);
    if (row.state !== to) {
      const thread = await this.postsRepository.threadForWrite(row.thread_id);
      if (thread && !manager) this.posts.emitStateChanged(postId, thread, row.state, to, moderator.id, stateReason);
      this.events.emit(EVENTS.moderationPostActioned, { postId, authorId: row.author_id, action, reason, actorId: moderator.id } satisfies ModerationPostActionedEvent);
    }
    return this.viewFor(moderator, postId);
  }

  async setKind(moderator: AuthUser, postId: number, kind: string, reason: string | null): Promise<PostView> {
    if (!POST_KINDS.includes(kind as PostKind)) throw invalid(`kind must be one of ${POST_KINDS.join(', ')}`);
    await this.actions.transaction(async (m) => {
      const before = await this.actions.setKind(m, postId, kind);
      if (before === null) throw notFound('Post');
      await this.log.append({ actorId: moderator.id, action: 'post-kind', targetType: 'post', targetId: postId, reason, before: { kind: before }, after: { kind } }, m);
    });
    const row = await this.postsRepository.findPost(postId, null);
    this.events.emit(EVENTS.postUpdated, { postId, threadId: row!.thread_id, editorId: moderator.id });
    return this.viewFor(moderator, postId);
  }

  async movePost(moderator: AuthUser, postId: number, targetThreadId: number, reason: string | null): Promise<PostView> {
    const row = await this.postsRepository.findPost(postId, null);
    if (!row) throw notFound('Post');
    const target = await this.actions.threadRow(targetThreadId);
    if (!target || target.merged_into_id !== null) throw notFound('Target thread');
    if (row.thread_id === targetThreadId) throw invalid('The post is already in that thread');
    if (row.position === 1) throw invalid('The first post of a thread cannot be moved: split or merge the thread instead');
    await this.actions.transaction(async (m) => {
      await this.actions.appendPosts(m, [postId], targetThreadId);
      await this.actions.recount(m, [row.thread_id, targetThreadId]);
      await this.log.append({ actorId: moderator.id, action: 'post-move', targetType: 'post', targetId: postId, reason, before: { threadId: row.thread_id, position: row.position }, after: { threadId: targetThreadId } }, m);
    });
    this.emitThread(row.thread_id, 'counts');
    this.emitThread(targetThreadId, 'counts');
    this.events.emit(EVENTS.moderationPostActioned, { postId, authorId: row.author_id, action: 'move', reason, actorId: moderator.id } satisfies ModerationPostActionedEvent);
    return this.viewFor(moderator, postId);
  }

  // ---- threads -------------------------------------------------------------------------------

  async setThreadFlag(moderator: AuthUser, threadId: number, action: 'lock' | 'unlock' | 'pin' | 'unpin', reason: string | null): Promise<{ threadId: number; locked: boolean; pinned: boolean }> {
    const flag = action === 'lock' || action === 'unlock' ? 'locked' : 'pinned';
    const value = action === 'lock' || action === 'pin';
    const thread = await this.actions.threadRow(threadId);
    if (!thread) throw notFound('Thread');
    const changed = await this.actions.transaction(async (m) => {
      const didChange = await this.actions.setThreadFlag(m, threadId, flag, value);
      if (didChange) await this.log.append({ actorId: moderator.id, action: `thread-${action}`, targetType: 'thread', targetId: threadId, reason, before: { [flag]: !value }, after: { [flag]: value } }, m);
      return didChange;
    });
    if (changed) this.emitThread(threadId, `${action}ed` as ThreadUpdatedEvent['change'], thread.forum_id);
    return { threadId, locked: flag === 'locked' ? value : thread.locked, pinned: flag === 'pinned' ? value : thread.pinned };
  }

  /** All posts of the source thread go to the end of the target; the source answers with a pointer. */
  async mergeThreads(moderator: AuthUser, sourceId: number, targetId: number, reason: string | null): Promise<{ threadId: number; mergedPosts: number }> {
    if (sourceId === targetId) throw invalid('A thread cannot be merged into itself');
    const source = await this.actions.threadRow(sourceId);
    const target = await this.actions.threadRow(targetId);
    if (!source || source.merged_into_id !== null) throw notFound('Thread');
    if (!target || target.merged_into_id !== null) throw notFound('Target thread');
    const moved = await this.actions.transaction(async (m) => {
      const ids = await this.actions.postIdsOfThread(m, sourceId);
      await this.actions.appendPosts(m, ids, targetId);
      await this.actions.markMerged(m, sourceId, targetId);
      await this.actions.recount(m, [sourceId, targetId]);
      await this.log.append({ actorId: moderator.id, action: 'thread-merge', targetType: 'thread', targetId: sourceId, reason, before: { threadId: sourceId, posts: ids.length }, after: { mergedInto: targetId } }, m);
      return ids.length;
    });
    this.emitThread(sourceId, 'merged', source.forum_id);
    this.emitThread(targetId, 'counts', target.forum_id);
    return { threadId: targetId, mergedPosts: moved };
  }

  /** Chosen posts of a thread become a new thread (same forum), in their order. */
  async splitThread(moderator: AuthUser, threadId: number, postIds: number[], title: string, reason: string | null): Promise<{ threadId: number; movedPosts: number }> {
    const source = await this.actions.threadRow(threadId);
    if (!source || source.merged_into_id !== null) throw notFound('Thread');
    const ids = [...new Set(postIds)];
    if (ids.length === 0) throw invalid('postIds must name at least one post');
    const cleanTitle = title.trim().replace(/\s+/g, ' ');
    if (cleanTitle.length < 3 || cleanTitle.length > this.config.maxTitleLength) throw invalid(`title must be 3 to ${this.config.maxTitleLength} characters`);
    const newThreadId = await this.actions.transaction(async (m) => {
      if ((await this.actions.postsInThread(m, ids, threadId)) !== ids.length) throw invalid('every post must belong to the thread');
      const first = await this.postsRepository.findPost(Math.min(...ids), null, m);
      const id = await this.threads.insertThread(m, { forumId: source.forum_id, slug: threadSlug(cleanTitle), title: cleanTitle, authorId: first?.author_id ?? moderator.id, createdAt: first ? new Date(first.created_at) : undefined });
      await this.actions.appendPosts(m, ids, id);
      await this.actions.recount(m, [threadId, id]);
      await this.log.append({ actorId: moderator.id, action: 'thread-split', targetType: 'thread', targetId: threadId, reason, before: { threadId, postIds: ids }, after: { newThreadId: id, title: cleanTitle } }, m);
      return id;
    });
    this.emitThread(threadId, 'counts', source.forum_id);
    this.events.emit(EVENTS.threadCreated, { threadId: newThreadId, forumId: source.forum_id, authorId: moderator.id });
    return { threadId: newThreadId, movedPosts: ids.length };
  }

  async moveThread(moderator: AuthUser, threadId: number, forumSlug: string, reason: string | null): Promise<{ threadId: number; forum: string }> {
    const thread = await this.actions.threadRow(threadId);
    if (!thread || thread.merged_into_id !== null) throw notFound('Thread');
    const forum = await this.forums.bySlug(forumSlug);
    if (forum.id === thread.forum_id) throw invalid('The thread is already in that forum');
    await this.actions.transaction(async (m) => {
      await this.actions.moveThread(m, threadId, forum.id);
      await this.actions.recount(m, [threadId]);
      await m.query(`UPDATE forums f SET thread_count = (SELECT count(*)::int FROM threads WHERE forum_id = f.id AND merged_into_id IS NULL),
        post_count = (SELECT COALESCE(sum(post_count), 0)::int FROM threads WHERE forum_id = f.id AND merged_into_id IS NULL) WHERE f.id = $1`, [thread.forum_id]);
      await this.log.append({ actorId: moderator.id, action: 'thread-move', targetType: 'thread', targetId: threadId, reason, before: { forumId: thread.forum_id }, after: { forumId: forum.id } }, m);
    });
    this.events.emit(EVENTS.threadUpdated, { threadId, forumId: forum.id, previousForumId: thread.forum_id, change: 'moved' } satisfies ThreadUpdatedEvent);
    return { threadId, forum: forum.slug };
  }

  // ---- undo ----------------------------------------------------------------------------------

  /** Reverses a recent post state, kind or thread flag change (within the undo window). */
  async undo(moderator: AuthUser, logId: number): Promise<{ undone: number; entryId: number }> {
    const undoable = new Set(['post-hide', 'post-restore', 'post-delete', 'post-kind', 'thread-lock', 'thread-unlock', 'thread-pin', 'thread-unpin', 'auto-hide']);
    let followUp: (() => void) | null = null;
    const entryId = await this.actions.transaction(async (m) => {
      const entry = await this.log.find(logId, m);
      if (!entry) throw notFound('Log entry');
      if (entry.undone_at) throw new DomainError('conflict', 'That action was already undone');
      if (!undoable.has(entry.action)) throw invalid(`${entry.action} cannot be undone`);
      if (Date.now() - new Date(entry.created_at).getTime() > this.config.undoWindowSeconds * 1000) throw new DomainError('gone', 'The time to undo that action has passed');
      const before = entry.before as Record<string, unknown>;
      const targetId = Number(entry.target_id);
      if (entry.action.startsWith('post-') && entry.action !== 'post-kind' || entry.action === 'auto-hide') {
        const state = before.state as PostState;
        const row = await this.postsRepository.findPost(targetId, null, m);
        await this.posts.setState(moderator, targetId, state, state === 'visible' ? null : `Restored to ${state} by undo`, m);
        followUp = async () => {
          const thread = row && (await this.postsRepository.threadForWrite(row.thread_id));
          if (row && thread) this.posts.emitStateChanged(targetId, thread, row.state, state, moderator.id, null);
        };
      } else if (entry.action === 'post-kind') {
        await this.actions.setKind(m, targetId, before.kind as string);
      } else {
        const flag = 'locked' in before ? 'locked' : 'pinned';
        await this.actions.setThreadFlag(m, targetId, flag, before[flag] as boolean);
        const thread = await this.actions.threadRow(targetId, m);
        followUp = () => thread && this.emitThread(targetId, 'counts', thread.forum_id);
      }
      await this.log.markUndone(m, logId, moderator.id);
      return this.log.append({ actorId: moderator.id, action: 'undo', targetType: entry.target_type, targetId, reason: `undo of #${logId} (${entry.action})`, before: entry.after, after: entry.before, undoOfId: logId }, m);
    });
    (followUp as (() => void) | null)?.();
    return { undone: logId, entryId };
  }

  private async viewFor(moderator: AuthUser, postId: number): Promise<PostView> {
    const row = await this.postsRepository.findPost(postId, moderator.id);
    if (!row) throw notFound('Post');
    return mapPost(row, moderator);
  }

  private emitThread(threadId: number, change: ThreadUpdatedEvent['change'], forumId?: number): void {
    void (async () => {
      const forum = forumId ?? (await this.actions.threadRow(threadId))?.forum_id;
      if (forum !== undefined) this.events.emit(EVENTS.threadUpdated, { threadId, forumId: forum, change } satisfies ThreadUpdatedEvent);
    })();
  }
}
