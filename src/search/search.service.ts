import { Injectable } from '@nestjs/common';
import { invalid } from '../common/domain-error.js';
import { decodeCursor, encodeCursor, type Page } from '../common/pagination.js';
import type { SearchQuery, SearchHit } from './search.dto.js';
import { MARK_END, MARK_START, type SearchHitRow, SearchRepository } from './search.repository.js';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Escapes the snippet, then turns the database's markers into <mark> (never unbalanced). */
export function highlight(snippet: string): string {
  let open = false;
  let out = '';
  for (const part of escapeHtml(snippet).split(/([\u0001\u0002])/)) {
    if (part === MARK_START && !open) {
      out += '<mark>';
      open = true;
    } else if (part === MARK_END && open) {
      out += '</mark>';
      open = false;
    } else if (part !== MARK_START && part !== MARK_END) out += part;
  }
  return open ? `${out}</mark>` : out;
}

type RankCursor = { rank: number; id: number };
const isRankCursor = (v: unknown): v is RankCursor => typeof v === 'object' && v !== null && Number.isFinite((v as RankCursor).rank) && Number.isInteger((v as RankCursor).id);
const isIdCursor = (v: unknown): v is { id: number } => typeof v === 'object' && v !== null && Number.isInteger((v as { id: number }).id);

@Injectable()
export class SearchService {
  constructor(private readonly search: SearchRepository) {}

  async find(query: SearchQuery): Promise<Page<SearchHit>> {
    const limit = query.limit ?? 20;
    const filters = {
      forumSlug: query.forum,
      threadId: query.thread,
      author: query.author,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    };
    const text = query.q?.trim() ?? '';
    if (!text) {
      if (!query.author) throw invalid('q must not be empty');
      const after = decodeCursor(query.cursor, isIdCursor);
      const rows = await this.search.recentByAuthor(filters, after?.id ?? null, limit + 1);
      return this.page(rows, limit, (last) => ({ id: Number(last.id) }));
    }
    const after = decodeCursor(query.cursor, isRankCursor);
    const rows = await this.search.search(text, filters, after, limit + 1);
    return this.page(rows, limit, (last) => ({ rank: Number(last.rank), id: Number(last.id) }));
  }

  private page(rows: SearchHitRow[], limit: number, cursorOf: (last: SearchHitRow) => object): Page<SearchHit> {
    const items = rows.slice(0, limit).map((r) => ({
      postId: Number(r.id),
      threadId: r.thread_id,
      threadSlug: r.thread_slug,
      threadTitle: r.thread_title,
      position: r.position,
      author: r.author,
      createdAt: new Date(r.created_at).toISOString(),
      snippet: highlight(r.snippet),
    }));
    return { items, next: rows.length > limit ? encodeCursor(cursorOf(rows[limit - 1])) : null, prev: null };
  }
}
