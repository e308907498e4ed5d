import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource, type EntityManager } from 'typeorm';
import type { ComparablePost } from './analysis/compare-posts.js';

export interface StoredSketch {
  post_id: string;
  position: number;
  author_id: number;
  state: string;
  sketch: ComparablePost;
}

/**
 * Parsed sketches kept per instance: the windows of the 100 busiest threads (50 each), 3.3 KB each
 * once parsed (measured), so about 16 MB at most. Beyond that a reply fetches what it misses.
 */
const SKETCH_CACHE_ENTRIES = 5_000;

interface CachedSketch {
  /** the row version (xmin) the sketch was read or written at: an edit makes a new one */
  version: string;
  sketch: ComparablePost;
}

@Injectable()
export class ContentAnalysisRepository {
  /**
   * Every reply compares itself with the 50 newest sketches of its thread; reading and parsing
   * them as JSON cost more than the rest of the reply's statements together. They are kept here by
   * post and row version, so a reply reads the window's ids and versions and fetches only sketches
   * this instance has not seen (another instance's posts, edits) — never a stale one.
   */
  private readonly sketches = new LRUCache<string, CachedSketch>({ max: SKETCH_CACHE_ENTRIES });

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The newest posts of a thread with their sketches: the window a new post is compared with. */
  async recentSketches(threadId: number, excludePostId: number | null, limit: number, manager?: EntityManager): Promise<StoredSketch[]> {
    const runner = manager ?? this.dataSource;
    const rows: (Omit<StoredSketch, 'sketch'> & { version: string })[] = await runner.query(
      `SELECT s.post_id, s.xmin::text AS version, p.position, p.author_id, p.state FROM post_sketches s JOIN posts p ON p.id = s.post_id
        WHERE s.thread_id = $1 AND ($2::bigint IS NULL OR s.post_id <> $2) AND p.state <> 'deleted'
        ORDER BY s.post_id DESC LIMIT $3`,
      [threadId, excludePostId, limit],
    );
    const missing = rows.filter((row) => this.sketches.get(row.post_id)?.version !== row.version).map((row) => row.post_id);
    if (missing.length > 0) {
      const fetched: { post_id: string; version: string; sketch: ComparablePost }[] = await runner.query(
        `SELECT post_id, xmin::text AS version, sketch FROM post_sketches WHERE post_id = ANY($1::bigint[])`,
        [missing],
      );
      for (const row of fetched) this.sketches.set(row.post_id, { version: row.version, sketch: row.sketch });
    }
    const result: StoredSketch[] = [];
    for (const { version: _version, ...row } of rows) {
      const cached = this.sketches.get(row.post_id);
      // a sketch deleted between the two reads (its post moved or purged) drops out of the window
      if (cached) result.push({ ...row, sketch: cached.sketch });
    }
    return result;
  }

  /** A member with fewer visible posts than this is new: their first posts that trip a rule wait for approval. */
  async isNewMember(userId: number, threshold: number, manager?: EntityManager): Promise<boolean> {
    const rows = await (manager ?? this.dataSource).query(`SELECT post_count, role, is_placeholder FROM users WHERE id = $1`, [userId]);
    const user = rows[0];
    return Boolean(user) && !user.is_placeholder && user.role === 'member' && user.post_count < threshold;
  }

  async saveSketch(manager: EntityManager, postId: number, threadId: number, sketch: ComparablePost): Promise<void> {
    const rows: { version: string }[] = await manager.query(
      `INSERT INTO post_sketches (post_id, thread_id, sketch) VALUES ($1, $2, $3)
       ON CONFLICT (post_id) DO UPDATE SET sketch = EXCLUDED.sketch, thread_id = EXCLUDED.thread_id
       RETURNING xmin::text AS version`,
      [postId, threadId, JSON.stringify(sketch)],
    );
    // if the transaction rolls back, no row ever has this version: the entry is never used
    if (rows[0]) this.sketches.set(String(postId), { version: rows[0].version, sketch });
  }
}
