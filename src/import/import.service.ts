import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createHash } from 'node:crypto';
import type { AuthUser } from '../auth/auth-user.js';
import { EVENTS, type ThreadCreatedEvent } from '../common/events.js';
import { ForumsService } from '../forums/forums.service.js';
import { ContentAssessmentService } from '../moderation/content-assessment.service.js';
import { PostsRepository } from '../posts/posts.repository.js';
import { PostsService } from '../posts/posts.service.js';
import { threadSlug } from '../threads/threads.service.js';
import { ThreadsRepository } from '../threads/threads.repository.js';
import { parseDump } from './dump/parse-dump.js';
import { ImportsRepository } from './imports.repository.js';
import { estimatePostTimes } from './post-times.js';

export interface ImportOptions {
  forumSlug: string;
  forumTitle?: string;
  /** overrides the dump's own title */
  title?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportSummary {
  alreadyImported: boolean;
  threadId: number;
  forumSlug: string;
  title: string;
  posts: number;
  kinds: Record<string, number>;
  sources: number;
  quotes: number;
  duplicates: number;
  related: number;
  hidden: number;
}

/**
 * Imports a plain-text thread dump as one thread, in one transaction: a crash leaves nothing
 * behind, and importing the same dump again finds it (by hash) and changes nothing.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly forums: ForumsService,
    private readonly imports: ImportsRepository,
    private readonly threads: ThreadsRepository,
    private readonly posts: PostsService,
    private readonly postsRepository: PostsRepository,
    private readonly analysis: ContentAssessmentService,
    private readonly events: EventEmitter2,
  ) {}

  async importDump(input: string | Uint8Array, options: ImportOptions): Promise<ImportSummary> {
    const dump = parseDump(input);
    const title = (options.title ?? dump.title).trim();
    const hash = createHash('sha256').update(JSON.stringify({ forum: options.forumSlug, title, posts: dump.posts })).digest('hex');
    const existing = await this.imports.findByHash(hash);
    if (existing) return { ...(existing.summary as unknown as ImportSummary), alreadyImported: true };

    const forum = await this.forums.ensure({ slug: options.forumSlug, title: options.forumTitle ?? titleOfSlug(options.forumSlug) });
    // dates first: each post's time comes from its article's dateline, kept in order; a dateline
    // without a year takes the year of the nearest dated post
    const analyzeDate = (i: number, year?: number) => this.analysis.analyze(dump.posts[i].text, { attachments: dump.posts[i].attachments, year }).articleDate;
    const firstPass = dump.posts.map((_, i) => analyzeDate(i));
    const yearHints = dump.posts.map((_, i) => nearestYear(firstPass, i));
    const dates = firstPass.map((date, i) => date ?? analyzeDate(i, yearHints[i]));
    const times = estimatePostTimes(dates);

    const summary = await this.imports.transaction(async (manager) => {
      const authors = await this.imports.insertPlaceholderMembers(
        manager,
        dump.posts.map((_, i) => `Imported author #${i + 1} (${hash.slice(0, 8)})`),
      );
      const asUser = (i: number): AuthUser => ({ id: authors[i].id, username: authors[i].username, role: 'member' });
      const threadId = await this.threads.insertThread(manager, { forumId: forum.id, slug: threadSlug(title), title, authorId: authors[0].id, createdAt: times[0] });
      const thread = (await this.postsRepository.threadForWrite(threadId, manager))!;
      for (const [i, post] of dump.posts.entries()) {
        const input = { body: post.text, attachments: post.attachments, createdAt: times[i], createdAtEstimated: true, imported: true, yearHint: yearHints[i] };
        if (i === 0) await this.posts.writeFirstPost(manager, asUser(i), thread, input);
        else await this.posts.writeReplyIn(manager, asUser(i), thread, input);
        options.onProgress?.(i + 1, dump.posts.length);
      }
      const rows = await this.imports.postSummaries(threadId, manager);
      const result: ImportSummary = {
        alreadyImported: false,
        threadId,
        forumSlug: forum.slug,
        title,
        posts: rows.length,
        kinds: rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.kind]: (acc[r.kind] ?? 0) + 1 }), {}),
        sources: rows.reduce((n, r) => n + r.sources, 0),
        quotes: rows.reduce((n, r) => n + r.quotes, 0),
        duplicates: rows.filter((r) => r.analysis?.duplicateOf).length,
        related: rows.filter((r) => Array.isArray(r.analysis?.related) && (r.analysis.related as unknown[]).length > 0).length,
        hidden: rows.filter((r) => r.state !== 'visible').length,
      };
      await this.imports.insert(manager, { source_hash: hash, forum_id: forum.id, thread_id: threadId, title, post_count: rows.length, summary: result as unknown as Record<string, unknown> });
      return result;
    });
    this.events.emit(EVENTS.threadCreated, { threadId: summary.threadId, forumId: forum.id, authorId: 0 } satisfies ThreadCreatedEvent);
    return summary;
  }
}

/** The year of the closest post that has a full date: earlier posts first, then later ones. */
function nearestYear(dates: (string | null)[], index: number): number | undefined {
  for (let distance = 1; distance < dates.length; distance++) {
    for (const j of [index - distance, index + distance]) {
      const date = dates[j];
      if (date) return Number(date.slice(0, 4));
    }
  }
  return undefined;
}

function titleOfSlug(slug: string): string {
  return slug
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
