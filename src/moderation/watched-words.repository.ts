import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { returning } from '../database/sql.js';
import type { WatchedWordAction } from './screening/screening.types.js';

export interface WatchedWordRow {
  id: number;
  pattern: string;
  action: WatchedWordAction;
  replacement: string | null;
  created_at: Date;
}

@Injectable()
export class WatchedWordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(): Promise<WatchedWordRow[]> {
    return this.dataSource.query(`SELECT id, pattern, action, replacement, created_at FROM watched_words ORDER BY lower(pattern)`);
  }

  async insert(word: { pattern: string; action: WatchedWordAction; replacement: string | null; createdById: number }): Promise<WatchedWordRow | null> {
    const rows = await this.dataSource.query(
      `INSERT INTO watched_words (pattern, action, replacement, created_by_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (lower(pattern)) DO NOTHING RETURNING id, pattern, action, replacement, created_at`,
      [word.pattern, word.action, word.replacement, word.createdById],
    );
    return rows[0] ?? null;
  }

  async delete(id: number): Promise<WatchedWordRow | null> {
    const rows = await returning<WatchedWordRow>(this.dataSource, `DELETE FROM watched_words WHERE id = $1 RETURNING id, pattern, action, replacement, created_at`, [id]);
    return rows[0] ?? null;
  }
}
