import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type ReadSource, readQuery } from '../database/replica-reads.js';
import { returning } from '../database/sql.js';
import type { PostKind, PostState, ReactionKind } from './post.entity.js';

/** A post row as pages read it: one query brings the post, its author, quotes, sources and attachments. */
export interface PostRow {
  id: string;
  thread_id: number;
  position: number;
  author_id: number;
  author_username: string;
  author_is_placeholder: boolean;
  body_source: string;
  body_html: string;
  state: PostState;
  state_reason: string | null;
  kind: PostKind;
  kind_overridden: boolean;
  analysis: Record<string, unknown> | null;
  reaction_counts: Record<string, number>;
  created_at: Date;
  created_at_estimated: boolean;
  edited_at: Date | null;
  quotes: { quoted_post_id: string | null; thread_id: number | null; position: number | null; author: string | null; excerpt: string; state: string | null }[];
  sources: { url: string | null; outlet: string | null }[];
  attachments: { filename: string; available: boolean }[];
  my_reaction: string | null;
}

export interface ThreadForWrite {
  id: number;
  forum_id: number;
  slug: string;
  title: string;
  locked: boolean;
  slow_mode_seconds: number;
  merged_into_id: number | null;
  last_position: number;
}

export interface NewPost {
  threadId: number;
  authorId: number;
  bodySource: string;
  bodyHtml: string;
  bodyText: string;
  state: PostState;
  stateReason: string | null;
  kind: PostKind;
  analysis: Record<string, unknown> | null;
  createdAt?: Date;
  createdAtEstimated?: boolean;
}

export interface NewQuote {
  quotedPostId: number | null;
  quotedAuthorName: string | null;
  excerpt: string;
}

// One statement for a page of posts. The subqueries run per post on indexed columns, so the cost
// grows with the page size only, never with the thread's length or its position.
const POST_COLUMNS = `
  p.id, p.thread_id, p.position, p.author_id, u.username AS author_username, u.is_placeholder AS author_is_placeholder,
  p.body_source, p.body_html, p.state, p.state_reason, p.kind, p.kind_overridden, p.analysis, p.reaction_counts,
  p.created_at, p.created_at_estimated, p.edited_at,
  COALESCE((SELECT json_agg(json_build_object('quoted_post_id', q.quoted_post_id, 'thread_id', qp.thread_id, 'position', qp.position,
            'author', COALESCE(qu.username, q.quoted_author_name), 'excerpt', q.excerpt, 'state', qp.state) ORDER BY q.ordinal)
     FROM post_quotes q LEFT JOIN posts qp ON qp.id = q.quoted_post_id LEFT JOIN users qu ON qu.id = qp.author_id
     WHERE q.post_id = p.id), '[]') AS quotes,
  COALESCE((SELECT json_agg(json_build_object('url', s.url, 'outlet', s.outlet) ORDER BY s.id) FROM post_sources s WHERE s.post_id = p.id), '[]') AS sources,
  COALESCE((SELECT json_agg(json_build_object('filename', a.filename, 'available', a.available) ORDER BY a.id) FROM post_attachments a WHERE a.post_id = p.id), '[]') AS attachments`;

const MY_REACTION = (param: string) => `(SELECT r.kind FROM post_reactions r WHERE r.post_id = p.id AND r.user_id = ${param}) AS my_reaction`;

@Injectable()
export class PostsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Posts of a thread with position in (from, to], ascending; `descending` reads backwards from `to`.
   * `source`: guests' pages may come from a replica; a member's come from the primary.
   */
  pageOfPosts(threadId: number, range: { after?: number; before?: number; limit: number }, viewerId: number | null, source: ReadSource = 'primary'): Promise<PostRow[]> {
    const params: unknown[] = [threadId, range.limit, viewerId];
    if (range.before !== undefined) {
      params.push(range.before);
      return readQuery(
        this.dataSource,
        source,
        `SELECT * FROM (SELECT ${POST_COLUMNS}, ${MY_REACTION('$3')} FROM posts p JOIN users u ON u.id = p.author_id
          WHERE p.thread_id = $1 AND p.position < $4 ORDER BY p.position DESC LIMIT $2) page ORDER BY position`,
        params,
      );
    }
    params.push(range.after ?? 0);
    return readQuery(
      this.dataSource,
      source,
      `SELECT ${POST_COLUMNS}, ${MY_REACTION('$3')} FROM posts p JOIN users u ON u.id = p.author_id
        WHERE p.thread_id = $1 AND p.position > $4 ORDER BY p.position LIMIT $2`,
      params,
    );
  }

  async findPost(id: number, viewerId: number | null, manager?: EntityManager): Promise<PostRow | null> {
    const rows: PostRow[] = await (manager ?? this.dataSource).query(
      `SELECT ${POST_COLUMNS}, ${MY_REACTION('$2')} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = $1`,
      [id, viewerId],
    );
    return rows[0] ?? null;
  }

  findManyPosts(ids: number[]): Promise<PostRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT ${POST_COLUMNS}, NULL AS my_reaction FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = ANY($1::bigint[])`,
      [ids],
    );
  }

  async threadForWrite(threadId: number, manager?: EntityManager, source: ReadSource = 'primary'): Promise<ThreadForWrite | null> {
    const sql = `SELECT id, forum_id, slug, title, locked, slow_mode_seconds, merged_into_id, last_position FROM threads WHERE id = $1`;
    const rows: ThreadForWrite[] = manager ? await manager.query(sql, [threadId]) : await readQuery(this.dataSource, source, sql, [threadId]);
    return rows[0] ?? null;
  }

  /** Posts by a member in the last `seconds` (across instances: the database is the counter). */
  async recentPostCount(authorId: number, seconds: number): Promise<number> {
    const rows = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM posts WHERE author_id = $1 AND created_at > now() - make_interval(secs => $2)`,
      [authorId, seconds],
    );
    return rows[0].n;
  }

  async lastPostInThreadAt(authorId: number, threadId: number): Promise<Date | null> {
    const rows = await this.dataSource.query(
      `SELECT created_at FROM posts WHERE author_id = $1 AND thread_id = $2 ORDER BY created_at DESC LIMIT 1`,
      [authorId, threadId],
    );
    return rows[0]?.created_at ?? null;
  }

  /**
   * Writes a new post and everything that comes with it in one statement: its position (the
   * thread row is locked for the increment, so concurrent replies get dense positions 1, 2, 3 ...
   * in commit order), the post, its quotes, sources and attachments, the counters of a visible
   * post (thread, forum, member, locked in that order as everywhere else) and the author's read
   * position and watch. The thread row stays locked until commit: one round trip here instead of
   * six is what lets the replies of a busy thread queue less. The counter CTEs are countVisiblePost's
   * (+1) folded in: a change to how counters move changes both.
   */
  async insertPost(
    manager: EntityManager,
    post: NewPost,
    parts: { quotes: NewQuote[]; sources: { url: string | null; outlet: string | null }[]; attachments: string[]; watchAndRead: boolean },
  ): Promise<{ id: number; position: number; createdAt: Date }> {
    const visible = post.state === 'visible';
    const rows = await manager.query(
      `WITH v AS (SELECT nextval(pg_get_serial_sequence('posts', 'id')) AS id, COALESCE($10::timestamptz, now()) AS at),
       thread AS (
         UPDATE threads t SET last_position = t.last_position + 1,
           post_count = t.post_count + CASE WHEN $12 THEN 1 ELSE 0 END,
           reply_count = CASE WHEN $12 THEN t.post_count ELSE t.reply_count END,
           last_post_at = CASE WHEN $12 THEN GREATEST(t.last_post_at, v.at) ELSE t.last_post_at END,
           last_post_id = CASE WHEN $12 AND v.at >= t.last_post_at THEN v.id ELSE t.last_post_id END,
           last_post_user_id = CASE WHEN $12 AND v.at >= t.last_post_at THEN $2 ELSE t.last_post_user_id END
         FROM v WHERE t.id = $1 RETURNING t.last_position, t.forum_id),
       post AS (
         INSERT INTO posts (id, thread_id, position, author_id, body_source, body_html, body_text, state, state_reason, kind, analysis, created_at, created_at_estimated)
         SELECT v.id, $1, thread.last_position, $2, $3, $4, $5, $6, $7, $8, $9, v.at, $11 FROM v, thread
         RETURNING id, position, created_at),
       forum AS (
         UPDATE forums SET post_count = post_count + 1, last_post_at = GREATEST(last_post_at, (SELECT at FROM v))
         WHERE $12 AND id = (SELECT forum_id FROM thread) RETURNING id),
       member AS (
         UPDATE users SET post_count = post_count + 1 WHERE $12 AND id = $2 AND (SELECT count(*) FROM forum) >= 0),
       quotes AS (
         INSERT INTO post_quotes (post_id, quoted_post_id, quoted_author_name, excerpt, ordinal)
         SELECT post.id, q.quoted_post_id, q.author, q.excerpt, q.ordinal
           FROM post, unnest($13::bigint[], $14::text[], $15::text[], $16::int[]) AS q(quoted_post_id, author, excerpt, ordinal)),
       sources AS (
         INSERT INTO post_sources (post_id, url, outlet) SELECT post.id, s.url, s.outlet FROM post, unnest($17::text[], $18::text[]) WITH ORDINALITY AS s(url, outlet, n) ORDER BY s.n),
       attachments AS (
         INSERT INTO post_attachments (post_id, filename) SELECT post.id, f.name FROM post, unnest($19::text[]) WITH ORDINALITY AS f(name, n) ORDER BY f.n),
       read AS (
         INSERT INTO thread_reads (user_id, thread_id, last_read_position, watching) SELECT $2, $1, post.position, true FROM post WHERE $20
         ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read_position = GREATEST(thread_reads.last_read_position, EXCLUDED.last_read_position),
           watching = true, updated_at = now())
       SELECT id, position, created_at FROM post`,
      [
        post.threadId, post.authorId, post.bodySource, post.bodyHtml, post.bodyText, post.state, post.stateReason, post.kind,
        post.analysis === null ? null : JSON.stringify(post.analysis), post.createdAt ?? null, post.createdAtEstimated ?? false, visible,
        parts.quotes.map((q) => q.quotedPostId), parts.quotes.map((q) => q.quotedAuthorName), parts.quotes.map((q) => q.excerpt), parts.quotes.map((_, i) => i),
        parts.sources.map((s) => s.url), parts.sources.map((s) => s.outlet),
        parts.attachments,
        parts.watchAndRead,
      ],
    );
    if (!rows[0]) throw new Error(`thread ${post.threadId} does not exist`);
    return { id: Number(rows[0].id), position: rows[0].position, createdAt: rows[0].created_at };
  }

  /**
   * Counters move with visible posts, in the same transaction as the change. One statement; the
   * member's row is updated only after reading the forum's CTE, so rows lock in the order
   * thread, forum, member, as everywhere else (no deadlock with thread creation).
   */
  async countVisiblePost(manager: EntityManager, post: { id: number; threadId: number; authorId: number; createdAt: Date }, delta: 1 | -1): Promise<void> {
    const added = delta === 1;
    await manager.query(
      `WITH thread AS (
         UPDATE threads SET post_count = post_count + $2, reply_count = GREATEST(post_count + $2 - 1, 0)
           ${added ? ', last_post_at = GREATEST(last_post_at, $4), last_post_id = CASE WHEN $4 >= last_post_at THEN $5 ELSE last_post_id END, last_post_user_id = CASE WHEN $4 >= last_post_at THEN $3 ELSE last_post_user_id END' : ''}
         WHERE id = $1 RETURNING forum_id),
       forum AS (
         UPDATE forums SET post_count = post_count + $2 ${added ? ', last_post_at = GREATEST(last_post_at, $4)' : ''}
         WHERE id = (SELECT forum_id FROM thread) RETURNING id)
       UPDATE users SET post_count = GREATEST(post_count + $2, 0) WHERE id = $3 AND (SELECT count(*) FROM forum) >= 0`,
      added ? [post.threadId, delta, post.authorId, post.createdAt, post.id] : [post.threadId, delta, post.authorId],
    );
  }

  /** An edited post's quotes, replaced (one statement). */
  async replaceQuotes(manager: EntityManager, postId: number, quotes: NewQuote[]): Promise<void> {
    await manager.query(
      `WITH removed AS (DELETE FROM post_quotes WHERE post_id = $1)
       INSERT INTO post_quotes (post_id, quoted_post_id, quoted_author_name, excerpt, ordinal)
       SELECT $1, q.quoted_post_id, q.author, q.excerpt, q.ordinal
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::int[]) AS q(quoted_post_id, author, excerpt, ordinal)`,
      [postId, quotes.map((q) => q.quotedPostId), quotes.map((q) => q.quotedAuthorName), quotes.map((q) => q.excerpt), quotes.map((_, i) => i)],
    );
  }

  /** An edited post's sources, replaced (one statement). */
  async replaceSources(manager: EntityManager, postId: number, sources: { url: string | null; outlet: string | null }[]): Promise<void> {
    await manager.query(
      `WITH removed AS (DELETE FROM post_sources WHERE post_id = $1)
       INSERT INTO post_sources (post_id, url, outlet) SELECT $1, s.url, s.outlet FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS s(url, outlet, n) ORDER BY s.n`,
      [postId, sources.map((s) => s.url), sources.map((s) => s.outlet)],
    );
  }

  /** Which of these posts exist, with what the quoting member may need (state decides visibility). */
  quotablePosts(ids: number[], manager?: EntityManager): Promise<{ id: string; thread_id: number; position: number; author_id: number; username: string; state: PostState; body_source: string; body_text: string }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return (manager ?? this.dataSource).query(
      `SELECT p.id, p.thread_id, p.position, p.author_id, u.username, p.state, p.body_source, p.body_text
         FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = ANY($1::bigint[])`,
      [ids],
    );
  }

  async updateBody(
    manager: EntityManager,
    postId: number,
    change: { bodySource: string; bodyHtml: string; bodyText: string; kind: PostKind | null; analysis: Record<string, unknown>; editorId: number; previousSource: string; reason: string | null },
  ): Promise<Date> {
    await manager.query(`INSERT INTO post_revisions (post_id, body_source, editor_id, reason) VALUES ($1, $2, $3, $4)`, [postId, change.previousSource, change.editorId, change.reason]);
    const rows = await returning<{ edited_at: Date }>(
      manager,
      `UPDATE posts SET body_source = $2, body_html = $3, body_text = $4, kind = COALESCE($5, kind), analysis = $6, edited_at = now(), edited_by_id = $7
       WHERE id = $1 RETURNING edited_at`,
      [postId, change.bodySource, change.bodyHtml, change.bodyText, change.kind, JSON.stringify(change.analysis), change.editorId],
    );
    return rows[0].edited_at;
  }

  /** Moves a post to a new state; returns the previous one (null: no such post). Row-locked. */
  async setState(manager: EntityManager, postId: number, state: PostState, reason: string | null): Promise<{ from: PostState; threadId: number; authorId: number; createdAt: Date } | null> {
    const rows = await manager.query(`SELECT state, thread_id, author_id, created_at FROM posts WHERE id = $1 FOR UPDATE`, [postId]);
    if (!rows[0]) return null;
    await manager.query(`UPDATE posts SET state = $2, state_reason = $3 WHERE id = $1`, [postId, state, reason]);
    return { from: rows[0].state, threadId: rows[0].thread_id, authorId: rows[0].author_id, createdAt: rows[0].created_at };
  }

  revisions(postId: number): Promise<{ id: string; body_source: string; editor: string; reason: string | null; created_at: Date }[]> {
    return this.dataSource.query(
      `SELECT r.id, r.body_source, u.username AS editor, r.reason, r.created_at FROM post_revisions r JOIN users u ON u.id = r.editor_id
        WHERE r.post_id = $1 ORDER BY r.id DESC LIMIT 200`,
      [postId],
    );
  }

  /** Sets (or with null, removes) a member's reaction and returns the post's new counts. */
  async setReaction(manager: EntityManager, postId: number, userId: number, kind: ReactionKind | null): Promise<Record<string, number>> {
    await manager.query(`SELECT 1 FROM posts WHERE id = $1 FOR UPDATE`, [postId]);
    if (kind === null) await manager.query(`DELETE FROM post_reactions WHERE post_id = $1 AND user_id = $2`, [postId, userId]);
    else {
      await manager.query(
        `INSERT INTO post_reactions (post_id, user_id, kind) VALUES ($1, $2, $3) ON CONFLICT (post_id, user_id) DO UPDATE SET kind = EXCLUDED.kind, created_at = now()`,
        [postId, userId, kind],
      );
    }
    const rows = await returning<{ reaction_counts: Record<string, number> }>(
      manager,
      `UPDATE posts SET reaction_counts = (
         SELECT COALESCE(jsonb_object_agg(kind, n), '{}'::jsonb) FROM (SELECT kind, count(*) AS n FROM post_reactions WHERE post_id = $1 GROUP BY kind) c)
       WHERE id = $1 RETURNING reaction_counts`,
      [postId],
    );
    return rows[0].reaction_counts;
  }
}
