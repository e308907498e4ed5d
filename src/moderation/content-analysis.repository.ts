import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ComparablePost } from './analysis/compare-posts.js';

export interface StoredSketch {
  post_id: string;
  position: number;
  author_id: number;
  state: string;
  sketch: ComparablePost;
}

@Injectable()
export class ContentAnalysisRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The newest posts of a thread with their sketches: the window a new post is compared with. */
  recentSketches(threadId: number, excludePostId: number | null, limit: number, manager?: EntityManager): Promise<StoredSketch[]> {
    return (manager ?? this.dataSource).query(
      `SELECT s.post_id, p.position, p.author_id, p.state, s.sketch FROM post_sketches s JOIN posts p ON p.id = s.post_id
        WHERE s.thread_id = $1 AND ($2::bigint IS NULL OR s.post_id <> $2) AND p.state <> 'deleted'
        ORDER BY s.post_id DESC LIMIT $3`,
      [threadId, excludePostId, limit],
    );
  }

  /** A member with fewer visible posts than this is new: their first posts that trip a rule wait for approval. */
  async isNewMember(userId: number, threshold: number, manager?: EntityManager): Promise<boolean> {
    const rows = await (manager ?? this.dataSource).query(`SELECT post_count, role, is_placeholder FROM users WHERE id = $1`, [userId]);
    const user = rows[0];
    return Boolean(user) && !user.is_placeholder && user.role === 'member' && user.post_count < threshold;
  }

  async saveSketch(manager: EntityManager, postId: number, threadId: number, sketch: ComparablePost): Promise<void> {
    await manager.query(
      `INSERT INTO post_sketches (post_id, thread_id, sketch) VALUES ($1, $2, $3)
       ON CONFLICT (post_id) DO UPDATE SET sketch = EXCLUDED.sketch, thread_id = EXCLUDED.thread_id`,
      [postId, threadId, JSON.stringify(sketch)],
    );
  }
}
