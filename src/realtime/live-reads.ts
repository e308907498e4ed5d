import { Injectable } from '@nestjs/common';
import { mapPost, type PostView } from '../posts/posts.dto.js';
import { PostsRepository, type PostRow } from '../posts/posts.repository.js';
import { mapThread, type ThreadView } from '../threads/threads.dto.js';
import { ThreadsRepository } from '../threads/threads.repository.js';

/**
 * What live events read, always from the primary: they follow a commit by milliseconds, which a
 * replica may not have caught up with (the threads service sends guests' reads to replicas), and
 * the catch-up hand-over is exact only against the primary. Views are the guest's, made by the
 * API's own mappers.
 */
@Injectable()
export class LiveReads {
  constructor(
    private readonly posts: PostsRepository,
    private readonly threads: ThreadsRepository,
  ) {}

  post(postId: number): Promise<PostRow | null> {
    return this.posts.findPost(postId, null);
  }

  async thread(threadId: number): Promise<ThreadView | null> {
    const row = await this.threads.findThread(threadId, null);
    return row ? mapThread(row, false) : null;
  }

  /** Posts after a position in order, as guests see them (placeholders for posts not visible). */
  async postsAfter(threadId: number, after: number, limit: number): Promise<PostView[]> {
    return (await this.posts.pageOfPosts(threadId, { after, limit }, null)).map((row) => mapPost(row, null));
  }
}
