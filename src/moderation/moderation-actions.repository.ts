import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { returning } from '../database/sql.js';

/** Thread surgery: moving posts between threads and recounting what moved. */
@Injectable()
export class ModerationActionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async threadRow(threadId: number, manager?: EntityManager): Promise<{ id: number; forum_id: number; title: string; slug: string; locked: boolean; pinned: boolean; merged_into_id: number | null; author_id: number } | null> {
    const rows = await (manager ?? this.dataSource).query(`SELECT id, forum_id, title, slug, locked, pinned, merged_into_id, author_id FROM threads WHERE id = $1`, [threadId]);
    return rows[0] ?? null;
  }

  async setThreadFlag(manager: EntityManager, threadId: number, flag: 'locked' | 'pinned', value: boolean): Promise<boolean> {
    return (await returning(manager, `UPDATE threads SET ${flag} = $2 WHERE id = $1 AND ${flag} <> $2 RETURNING id`, [threadId, value])).length > 0;
  }

  /**
   * Appends posts (in their order) to the end of a thread: each takes the next position there.
   * Positions left behind stay empty: links to moved posts go through /p/:id.
   */
  async appendPosts(manager: EntityManager, postIds: number[], targetThreadId: number): Promise<void> {
    await manager.query(`SELECT 1 FROM threads WHERE id = $1 FOR UPDATE`, [targetThreadId]);
    // positions past the target's last one are free, so (thread, position) never collides
    await manager.query(
      `WITH ordered AS (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM posts WHERE id = ANY($1::bigint[])),
            base AS (SELECT last_position FROM threads WHERE id = $2)
       UPDATE posts p SET thread_id = $2, position = base.last_position + ordered.n FROM ordered, base WHERE p.id = ordered.id`,
      [postIds, targetThreadId],
    );
    await manager.query(`UPDATE threads SET last_position = last_position + $2 WHERE id = $1`, [targetThreadId, postIds.length]);
    await manager.query(`UPDATE post_sketches s SET thread_id = $2 WHERE s.post_id = ANY($1::bigint[])`, [postIds, targetThreadId]);
    await manager.query(`UPDATE review_items SET thread_id = $2 WHERE post_id = ANY($1::bigint[])`, [postIds, targetThreadId]);
  }

  async postIdsOfThread(manager: EntityManager, threadId: number): Promise<number[]> {
    return (await manager.query(`SELECT id FROM posts WHERE thread_id = $1 ORDER BY position`, [threadId])).map((r: { id: string }) => Number(r.id));
  }

  async postsInThread(manager: EntityManager, postIds: number[], threadId: number): Promise<number> {
    return (await manager.query(`SELECT count(*)::int AS n FROM posts WHERE id = ANY($1::bigint[]) AND thread_id = $2`, [postIds, threadId]))[0].n;
  }

  /** Counters of threads and their forums recomputed from their posts (after posts moved). */
  async recount(manager: EntityManager, threadIds: number[]): Promise<void> {
    await manager.query(
      `UPDATE threads t SET post_count = c.visible, reply_count = GREATEST(c.visible - 1, 0),
              last_post_at = COALESCE(c.last_at, t.created_at), last_post_id = c.last_id, last_post_user_id = c.last_user
         FROM (SELECT t2.id,
                      (SELECT count(*)::int FROM posts p WHERE p.thread_id = t2.id AND p.state = 'visible') AS visible,
                      l.created_at AS last_at, l.id AS last_id, l.author_id AS last_user
                 FROM threads t2
                 LEFT JOIN LATERAL (SELECT id, created_at, author_id FROM posts p WHERE p.thread_id = t2.id AND p.state = 'visible' ORDER BY position DESC LIMIT 1) l ON true
                WHERE t2.id = ANY($1::int[])) c
        WHERE t.id = c.id`,
      [threadIds],
    );
    await manager.query(
      `UPDATE forums f SET thread_count = (SELECT count(*)::int FROM threads WHERE forum_id = f.id AND merged_into_id IS NULL),
              post_count = (SELECT COALESCE(sum(post_count), 0)::int FROM threads WHERE forum_id = f.id AND merged_into_id IS NULL)
        WHERE f.id IN (SELECT forum_id FROM threads WHERE id = ANY($1::int[]))`,
      [threadIds],
    );
  }

  async markMerged(manager: EntityManager, sourceId: number, targetId: number): Promise<void> {
    await manager.query(`UPDATE threads SET merged_into_id = $2, locked = true WHERE id = $1`, [sourceId, targetId]);
  }

  async moveThread(manager: EntityManager, threadId: number, forumId: number): Promise<void> {
    await manager.query(`UPDATE threads SET forum_id = $2 WHERE id = $1`, [threadId, forumId]);
  }

  /** Sets a thread's slow mode; returns its forum and the previous value (null: no such thread). */
  async setSlowMode(threadId: number, seconds: number, setBy: string): Promise<{ forum_id: number; before: number } | null> {
    const rows = await returning<{ forum_id: number; before: number }>(
      this.dataSource,
      `UPDATE threads t SET slow_mode_seconds = $2, slow_mode_set_by = $3 FROM (SELECT id, slow_mode_seconds AS before FROM threads WHERE id = $1) old
        WHERE t.id = old.id RETURNING t.forum_id, old.before`,
      [threadId, seconds, setBy],
    );
    return rows[0] ?? null;
  }

  /** The thread's slow mode and how many of its newest posts (at most `window`) came in the last minute. */
  async replyPace(threadId: number, window: number): Promise<{ slow_mode_seconds: number; recent: number } | null> {
    const rows = await this.dataSource.query(
      `SELECT t.slow_mode_seconds,
              (SELECT count(*)::int FROM posts p WHERE p.thread_id = t.id AND p.position > t.last_position - $2 AND p.created_at > now() - interval '1 minute') AS recent
         FROM threads t WHERE t.id = $1`,
      [threadId, window],
    );
    return rows[0] ?? null;
  }

  async setKind(manager: EntityManager, postId: number, kind: string): Promise<string | null> {
    const rows = await manager.query(`SELECT kind FROM posts WHERE id = $1 FOR UPDATE`, [postId]);
    if (!rows[0]) return null;
    await manager.query(`UPDATE posts SET kind = $2, kind_overridden = true WHERE id = $1`, [postId, kind]);
    return rows[0].kind;
  }
}
