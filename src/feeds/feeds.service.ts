import { Injectable } from '@nestjs/common';
import { Feed } from 'feed';
import { notFound } from '../common/domain-error.js';
import { ForumsService } from '../forums/forums.service.js';
import { type FeedPostRow, FeedsRepository } from './feeds.repository.js';

const FEED_SIZE = 20;

export const postPath = (p: { thread_slug: string; thread_id: number; position: number }) => `/t/${p.thread_slug}/${p.thread_id}/${p.position}`;

@Injectable()
export class FeedsService {
  constructor(
    private readonly feeds: FeedsRepository,
    private readonly forums: ForumsService,
  ) {}

  async threadFeed(origin: string, threadId: number): Promise<string> {
    const [thread] = await this.feeds.threadSummary(threadId);
    if (!thread) throw notFound('Thread');
    const posts = await this.feeds.newestInThread(threadId, FEED_SIZE);
    return this.atom(origin, { id: `${origin}/t/${thread.slug}/${thread.id}`, title: thread.title, self: `${origin}/t/${thread.slug}/${thread.id}/feed.atom` }, posts);
  }

  async forumFeed(origin: string, slug: string): Promise<string> {
    const forum = await this.forums.bySlug(slug);
    const posts = await this.feeds.newestInForum(forum.id, FEED_SIZE);
    return this.atom(origin, { id: `${origin}/f/${forum.slug}`, title: forum.title, self: `${origin}/f/${forum.slug}/feed.atom`, description: forum.description }, posts);
  }

  /** Where /p/:id sends a reader: the post in its thread (also for a hidden one: the page shows a placeholder). */
  async postLocation(postId: number): Promise<string> {
    const [post] = await this.feeds.postLocation(postId);
    if (!post) throw notFound('Post');
    return `/t/${post.slug}/${post.thread_id}/${post.position}`;
  }

  private atom(origin: string, meta: { id: string; title: string; self: string; description?: string }, posts: FeedPostRow[]): string {
    const feed = new Feed({
      id: meta.id,
      title: meta.title,
      description: meta.description,
      link: meta.id,
      updated: posts[0] ? new Date(posts[0].edited_at ?? posts[0].created_at) : new Date(0),
      feedLinks: { atom: meta.self },
      generator: 'Forum',
      copyright: 'The posts belong to their authors',
    });
    for (const post of posts) {
      const link = `${origin}${postPath(post)}`;
      feed.addItem({
        id: `${origin}/p/${post.id}`,
        title: `${post.author} in ${post.thread_title} (#${post.position})`,
        link,
        date: new Date(post.edited_at ?? post.created_at),
        published: new Date(post.created_at),
        content: post.body_html,
        author: [{ name: post.author, link: `${origin}/u/${encodeURIComponent(post.author)}` }],
      });
    }
    return feed.atom1();
  }
}
