import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import slugify from 'slugify';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError, invalid, notFound } from '../common/domain-error.js';
import { EVENTS, type ThreadCreatedEvent } from '../common/events.js';
import { decodeCursor, encodeCursor, type Page } from '../common/pagination.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { ReadSource } from '../database/replica-reads.js';
import { ForumsService } from '../forums/forums.service.js';
import { mapPost, type PostView } from '../posts/posts.dto.js';
import { PostsRepository } from '../posts/posts.repository.js';
import { PostsService, type WritePostInput } from '../posts/posts.service.js';
import { mapThread, type ThreadView } from './threads.dto.js';
import { type ThreadListCursor, ThreadsRepository } from './threads.repository.js';

const isThreadCursor = (v: unknown): v is ThreadListCursor =>
  typeof v === 'object' && v !== null && typeof (v as ThreadListCursor).pinned === 'boolean' && typeof (v as ThreadListCursor).at === 'string' &&
  !Number.isNaN(Date.parse((v as ThreadListCursor).at)) && Number.isInteger((v as ThreadListCursor).id);

/**
 * Guests read thread pages and lists from a replica when there is one (a little lag is fine for
 * them); members read from the primary, so their own replies and read positions always show.
 */
const readSourceFor = (viewer: AuthUser | null): ReadSource => (viewer ? 'primary' : 'replica');

export function threadSlug(title: string): string {
  return slugify(title, { lower: true, strict: true, trim: true }).slice(0, 80).replace(/-+$/, '') || 'thread';
}

@Injectable()
export class ThreadsService implements OnModuleInit, OnApplicationShutdown {
  private pendingViews = new Map<number, number>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly threads: ThreadsRepository,
    private readonly forums: ForumsService,
    private readonly posts: PostsService,
    private readonly postsRepository: PostsRepository,
    private readonly events: EventEmitter2,
  ) {}

  onModuleInit(): void {
    this.flushTimer = setInterval(() => void this.flushViews(), 5000);
    this.flushTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    await this.flushViews();
  }

  async flushViews(): Promise<void> {
    if (this.pendingViews.size === 0) return;
    const batch = this.pendingViews;
    this.pendingViews = new Map();
    await this.threads.addViews(batch).catch(() => undefined); // views are best effort
  }

  async getThread(viewer: AuthUser | null, threadId: number, countView = true): Promise<ThreadView> {
    const row = await this.threads.findThread(threadId, viewer?.id ?? null, readSourceFor(viewer));
    if (!row) throw notFound('Thread');
    if (countView) this.pendingViews.set(threadId, (this.pendingViews.get(threadId) ?? 0) + 1);
    return mapThread(row, viewer !== null);
  }

  async listThreads(viewer: AuthUser | null, forumSlug: string, cursor: string | undefined, limit = 25): Promise<Page<ThreadView>> {
    const forum = await this.forums.bySlug(forumSlug);
    const after = decodeCursor(cursor, isThreadCursor);
    const rows = await this.threads.pageOfThreads(forum.id, viewer?.id ?? null, after, limit + 1, readSourceFor(viewer));
    const items = rows.slice(0, limit).map((r) => mapThread(r, viewer !== null));
    const last = rows.length > limit ? rows[limit - 1] : null;
    return {
      items,
      next: last ? encodeCursor({ pinned: last.pinned, at: new Date(last.last_post_at).toISOString(), id: last.id } satisfies ThreadListCursor) : null,
      prev: null,
    };
  }

  /** A page of posts by position: after / before a position, or around one (jump to a post). */
  async pageOfPosts(viewer: AuthUser | null, threadId: number, query: { after?: number; before?: number; around?: number; limit?: number }): Promise<Page<PostView, number>> {
    const limit = query.limit ?? 20;
    const chosen = [query.after, query.before, query.around].filter((v) => v !== undefined).length;
    if (chosen > 1) throw invalid('use only one of after, before and around');
    const source = readSourceFor(viewer);
    const thread = await this.postsRepository.threadForWrite(threadId, undefined, source);
    if (!thread) throw notFound('Thread');
    const viewerId = viewer?.id ?? null;
    let rows;
    if (query.around !== undefined) {
      const half = Math.floor(limit / 2);
      const start = Math.max(0, Math.min(query.around - 1 - half, thread.last_position - limit));
      rows = await this.postsRepository.pageOfPosts(threadId, { after: start, limit }, viewerId, source);
    } else if (query.before !== undefined) {
      rows = await this.postsRepository.pageOfPosts(threadId, { before: query.before, limit }, viewerId, source);
    } else {
      rows = await this.postsRepository.pageOfPosts(threadId, { after: query.after ?? 0, limit }, viewerId, source);
    }
    const items = rows.map((row) => mapPost(row, viewer));
    const first = items[0]?.position;
    const last = items[items.length - 1]?.position;
    if (viewer && last !== undefined) await this.threads.markRead(viewer.id, threadId, last);
    return {
      items,
      next: last !== undefined && last < thread.last_position ? last : null,
      prev: first !== undefined && first > 1 ? first : null,
    };
  }

  async createThread(user: AuthUser, forumSlug: string, title: string, body: string, options: Omit<WritePostInput, 'body'> = {}): Promise<{ thread: ThreadView; post: PostView }> {
    const cleanTitle = title.trim().replace(/\s+/g, ' ');
    if (cleanTitle.length < 3) throw invalid('title must be at least 3 characters');
    if (cleanTitle.length > this.config.maxTitleLength) throw new DomainError('invalid', `title must be at most ${this.config.maxTitleLength} characters`);
    const forum = await this.forums.bySlug(forumSlug);
    await this.posts.checkPostingAllowed(user);
    if (!options.imported) await this.posts.checkPostingRate(user, null);
    const { threadId, emit } = await this.threads.transaction(async (manager) => {
      const id = await this.threads.insertThread(manager, { forumId: forum.id, slug: threadSlug(cleanTitle), title: cleanTitle, authorId: user.id, createdAt: options.createdAt });
      const thread = await this.postsRepository.threadForWrite(id, manager);
      const first = await this.posts.writeFirstPost(manager, user, thread!, { body, ...options });
      return { threadId: id, emit: first.emit };
    });
    this.events.emit(EVENTS.threadCreated, { threadId, forumId: forum.id, authorId: user.id } satisfies ThreadCreatedEvent);
    emit();
    const thread = await this.getThread(user, threadId, false);
    const page = await this.postsRepository.pageOfPosts(threadId, { after: 0, limit: 1 }, user.id);
    return { thread, post: mapPost(page[0], user) };
  }

  async setWatching(user: AuthUser, threadId: number, watching: boolean): Promise<{ watching: boolean }> {
    await this.getThread(user, threadId, false);
    await this.threads.setWatching(user.id, threadId, watching);
    return { watching };
  }

  async markRead(user: AuthUser, threadId: number, position: number): Promise<{ lastReadPosition: number }> {
    const thread = await this.getThread(user, threadId, false);
    const clamped = Math.min(position, thread.lastPosition);
    await this.threads.markRead(user.id, threadId, clamped);
    return { lastReadPosition: Math.max(clamped, thread.lastReadPosition ?? 0) };
  }
}
