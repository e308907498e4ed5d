import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PLAN_EVERY_CALL } from '../database/prepared-statements.js';

export interface SearchFilters {
  forumSlug?: string;
  threadId?: number;
  author?: string;
  from?: Date;
  to?: Date;
}

export interface SearchHitRow {
  id: string;
  thread_id: number;
  thread_slug: string;
  thread_title: string;
  position: number;
  author: string;
  created_at: Date;
  rank: string;
  snippet: string;
}

// Highlight markers that cannot occur in stored text (control characters are stripped on write):
// the snippet is HTML-escaped first, then the markers become <mark>.
export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

/** Newest matches ranked per search, of post bodies and of thread titles each. */
const CANDIDATES = 200;
/** A phrase is looked for among this many newest posts holding all its words. */
const PHRASE_WINDOW = 1000;
/** websearch syntax: a quoted phrase, and a negated term (`-word`, `-"a phrase"`). */
const PHRASE = /"/;
const NEGATION = /(^|\s)-\S/;

@Injectable()
export class SearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private filterSql(filters: SearchFilters, params: unknown[]): string {
    const clauses: string[] = [];
    if (filters.forumSlug) {
      params.push(filters.forumSlug);
      clauses.push(`t.forum_id = (SELECT id FROM forums WHERE slug = $${params.length})`);
    }
    if (filters.threadId) {
      params.push(filters.threadId);
      clauses.push(`p.thread_id = $${params.length}`);
    }
    if (filters.author) {
      params.push(filters.author);
      clauses.push(`p.author_id = (SELECT id FROM users WHERE lower(username) = lower($${params.length}))`);
    }
    if (filters.from) {
      params.push(filters.from);
      clauses.push(`p.created_at >= $${params.length}`);
    }
    if (filters.to) {
      params.push(filters.to);
      clauses.push(`p.created_at < $${params.length}`);
    }
    return clauses.map((c) => `AND ${c}`).join(' ');
  }

  /**
   * Ranked full-text search over post bodies and thread titles (a title hit counts for the first
   * post). Only the CANDIDATES newest matches of each kind are ranked (as XenForo caps a search at
   * 200 results): a word found in most of a million posts then costs a few hundred rows, not a
   * ranking of all of them. The query is written inline (not through the `q` CTE) so the planner
   * sees the words and picks the GIN index for rare ones and a newest-first scan for common ones.
   * Only the final page gets a headline, since ts_headline re-parses the text. Never prepared:
   * one generic plan would serve rare and common words alike.
   */
  search(text: string, filters: SearchFilters, after: { rank: number; id: number } | null, limit: number): Promise<SearchHitRow[]> {
    const params: unknown[] = [text, limit];
    const filtersSql = this.filterSql(filters, params);
    let keyset = '';
    if (after) {
      params.push(after.rank, after.id);
      keyset = `WHERE (rank, id) < ($${params.length - 1}::numeric, $${params.length}::bigint)`;
    }
    const newestPosts = (match: string, limit: number) =>
      `SELECT p.id, p.search_vector FROM posts p JOIN threads t ON t.id = p.thread_id
        WHERE p.search_vector @@ ${match} AND p.state = 'visible' AND t.merged_into_id IS NULL ${filtersSql}
        ORDER BY p.id DESC LIMIT ${limit}`;
    const query = `websearch_to_tsquery('english', $1)`;
    // GIN finds posts holding a phrase's words, not where they sit: the positions are rechecked
    // post by post, and two common words are in most posts. So a phrase is checked only among the
    // newest posts holding all its words (the phrase query with its word-distance operators made
    // ANDs), like the 200 cap below. Not with a negation: NOT (a <-> b) holds where NOT (a & b) fails.
    const bodyMatches =
      PHRASE.test(text) && !NEGATION.test(text)
        ? `SELECT w.id, w.search_vector FROM (${newestPosts(`regexp_replace(${query}::text, '<[0-9-]+>', '&', 'g')::tsquery`, PHRASE_WINDOW)}) w
            WHERE w.search_vector @@ ${query} ORDER BY w.id DESC LIMIT ${CANDIDATES}`
        : newestPosts(query, CANDIDATES);
    return this.dataSource.query(
      `${PLAN_EVERY_CALL}WITH q AS (SELECT ${query} AS query),
       candidates AS (
         (SELECT c.id, ts_rank_cd(c.search_vector, q.query) AS rank FROM q, (${bodyMatches}) c)
         UNION ALL
         (SELECT c.id, ts_rank_cd(c.title_vector, q.query) * 2 AS rank FROM q, (
            SELECT p.id, t.title_vector FROM threads t JOIN posts p ON p.thread_id = t.id AND p.position = 1
             WHERE t.title_vector @@ ${query} AND p.state = 'visible' AND t.merged_into_id IS NULL ${filtersSql}
             ORDER BY t.id DESC LIMIT ${CANDIDATES}) c)
       ),
       ranked AS (SELECT id, round(max(rank)::numeric, 6) AS rank FROM candidates GROUP BY id),
       page AS (SELECT id, rank FROM ranked ${keyset} ORDER BY rank DESC, id DESC LIMIT $2)
       SELECT p.id, p.thread_id, t.slug AS thread_slug, t.title AS thread_title, p.position, u.username AS author, p.created_at, page.rank,
              ts_headline('english', p.body_text, q.query, 'StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') AS snippet
         FROM page JOIN posts p ON p.id = page.id JOIN threads t ON t.id = p.thread_id JOIN users u ON u.id = p.author_id, q
        ORDER BY page.rank DESC, p.id DESC`,
      params,
    );
  }

  /** A member's posts, newest first (profile pages: search with only an author). */
  recentByAuthor(filters: SearchFilters, afterId: number | null, limit: number): Promise<SearchHitRow[]> {
    const params: unknown[] = [limit];
    const filtersSql = this.filterSql(filters, params);
    let keyset = '';
    if (afterId !== null) {
      params.push(afterId);
      keyset = `AND p.id < $${params.length}`;
    }
    return this.dataSource.query(
      `SELECT p.id, p.thread_id, t.slug AS thread_slug, t.title AS thread_title, p.position, u.username AS author, p.created_at, '0' AS rank,
              left(p.body_text, 300) AS snippet
         FROM posts p JOIN threads t ON t.id = p.thread_id JOIN users u ON u.id = p.author_id
        WHERE p.state = 'visible' AND t.merged_into_id IS NULL ${filtersSql} ${keyset}
        ORDER BY p.id DESC LIMIT $1`,
      params,
    );
  }
}
