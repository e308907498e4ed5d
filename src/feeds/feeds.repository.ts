import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface FeedPostRow {
  id: string;
  thread_id: number;
  thread_slug: string;
  thread_title: string;
  position: number;
  author: string;
  body_html: string;
  created_at: Date;
  edited_at: Date | null;
}

const FEED_COLUMNS = `p.id, p.thread_id, t.slug AS thread_slug, t.title AS thread_title, p.position, u.username AS author, p.body_html, p.created_at, p.edited_at`;

@Injectable()
export class FeedsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  newestInThread(threadId: number, limit: number): Promise<FeedPostRow[]> {
    return this.dataSource.query(
      `SELECT ${FEED_COLUMNS} FROM posts p JOIN threads t ON t.id = p.thread_id JOIN users u ON u.id = p.author_id
        WHERE p.thread_id = $1 AND p.state = 'visible' ORDER BY p.position DESC LIMIT $2`,
      [threadId, limit],
    );
  }

  /** The newest posts of the forum's most recently active threads (index-served at any forum size). */
  newestInForum(forumId: number, limit: number): Promise<FeedPostRow[]> {
    return this.dataSource.query(
      `SELECT ${FEED_COLUMNS}
         FROM (SELECT id FROM threads WHERE forum_id = $1 AND merged_into_id IS NULL ORDER BY last_post_at DESC LIMIT $2) recent
         JOIN LATERAL (SELECT * FROM posts WHERE thread_id = recent.id AND state = 'visible' ORDER BY position DESC LIMIT $2) p ON true
         JOIN threads t ON t.id = p.thread_id JOIN users u ON u.id = p.author_id
        ORDER BY p.created_at DESC, p.id DESC LIMIT $2`,
      [forumId, limit],
    );
  }

  threadSummary(threadId: number): Promise<{ id: number; slug: string; title: string; merged_into_id: number | null }[]> {
    return this.dataSource.query(`SELECT id, slug, title, merged_into_id FROM threads WHERE id = $1`, [threadId]);
  }

  postLocation(postId: number): Promise<{ thread_id: number; slug: string; position: number; state: string; author_id: number }[]> {
    return this.dataSource.query(`SELECT p.thread_id, t.slug, p.position, p.state, p.author_id FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = $1`, [postId]);
  }
}
