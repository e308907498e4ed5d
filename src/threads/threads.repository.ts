import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type ReadSource, readQuery } from '../database/replica-reads.js';
import { returning } from '../database/sql.js';

export interface ThreadRow {
  id: number;
  forum_id: number;
  forum_slug: string;
  forum_title: string;
  slug: string;
  title: string;
  author_id: number;
  author_username: string;
  pinned: boolean;
  locked: boolean;
  last_position: number;
  post_count: number;
  reply_count: number;
  last_post_at: Date;
  last_post_id: string | null;
  last_post_username: string | null;
  view_count: string;
  slow_mode_seconds: number;
  merged_into_id: number | null;
  created_at: Date;
  last_read_position: number | null;
  watching: boolean | null;
}

export interface ThreadListCursor {
  pinned: boolean;
  at: string;
  id: number;
}

const THREAD_COLUMNS = `
  t.id, t.forum_id, f.slug AS forum_slug, f.title AS forum_title, t.slug, t.title, t.author_id, au.username AS author_username,
  t.pinned, t.locked, t.last_position, t.post_count, t.reply_count, t.last_post_at, t.last_post_id, lu.username AS last_post_username,
  t.view_count, t.slow_mode_seconds, t.merged_into_id, t.created_at,
  r.last_read_position, r.watching`;

const THREAD_JOINS = `
  JOIN forums f ON f.id = t.forum_id
  JOIN users au ON au.id = t.author_id
  LEFT JOIN users lu ON lu.id = t.last_post_user_id
  LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $2`;

@Injectable()
export class ThreadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async findThread(id: number, viewerId: number | null, source: ReadSource = 'primary'): Promise<ThreadRow | null> {
    const rows: ThreadRow[] = await readQuery(this.dataSource, source, `SELECT ${THREAD_COLUMNS} FROM threads t ${THREAD_JOINS} WHERE t.id = $1`, [id, viewerId]);
    return rows[0] ?? null;
  }

  /** Keyset page: pinned first, then newest last post; the index serves it at any depth. */
  pageOfThreads(forumId: number, viewerId: number | null, after: ThreadListCursor | null, limit: number, source: ReadSource = 'primary'): Promise<ThreadRow[]> {
    const params: unknown[] = [forumId, viewerId, limit];
    let keyset = '';
    if (after) {
      params.push(after.pinned, after.at, after.id);
      keyset = `AND (t.pinned, t.last_post_at, t.id) < ($4, $5::timestamptz, $6)`;
    }
    return readQuery(
      this.dataSource,
      source,
      `SELECT ${THREAD_COLUMNS} FROM threads t ${THREAD_JOINS}
        WHERE t.forum_id = $1 AND t.merged_into_id IS NULL ${keyset}
        ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC LIMIT $3`,
      params,
    );
  }

  async insertThread(manager: EntityManager, thread: { forumId: number; slug: string; title: string; authorId: number; createdAt?: Date }): Promise<number> {
    const rows = await manager.query(
      `INSERT INTO threads (forum_id, slug, title, author_id, last_post_at, created_at) VALUES ($1, $2, $3, $4, COALESCE($5, now()), COALESCE($5, now())) RETURNING id`,
      [thread.forumId, thread.slug, thread.title, thread.authorId, thread.createdAt ?? null],
    );
    await manager.query(`UPDATE forums SET thread_count = thread_count + 1 WHERE id = $1`, [thread.forumId]);
    return rows[0].id;
  }

  async setWatching(userId: number, threadId: number, watching: boolean): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO thread_reads (user_id, thread_id, watching) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, thread_id) DO UPDATE SET watching = EXCLUDED.watching, updated_at = now()`,
      [userId, threadId, watching],
    );
  }

  async markRead(userId: number, threadId: number, position: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO thread_reads (user_id, thread_id, last_read_position) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read_position = GREATEST(thread_reads.last_read_position, EXCLUDED.last_read_position), updated_at = now()
       WHERE thread_reads.last_read_position < EXCLUDED.last_read_position`,
      [userId, threadId, position],
    );
  }

  /** Views are counted in memory and written in batches (a write per page view would not scale). */
  async addViews(counts: Map<number, number>): Promise<void> {
    if (counts.size === 0) return;
    await this.dataSource.query(
      `UPDATE threads t SET view_count = t.view_count + v.n FROM unnest($1::int[], $2::int[]) AS v(id, n) WHERE t.id = v.id`,
      [[...counts.keys()], [...counts.values()]],
    );
  }

  async setFlag(threadId: number, flag: 'locked' | 'pinned', value: boolean, manager?: EntityManager): Promise<boolean> {
    const rows = await returning(manager ?? this.dataSource, `UPDATE threads SET ${flag} = $2 WHERE id = $1 AND ${flag} <> $2 RETURNING id`, [threadId, value]);
    return rows.length > 0;
  }
}
