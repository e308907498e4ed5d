import { Injectable } from '@nestjs/common';
import { conflict, invalid, notFound } from '../common/domain-error.js';
import { ModerationLogRepository } from './moderation-log.repository.js';
import type { WatchedWord, WatchedWordAction } from './screening/screening.types.js';
import { type WatchedWordRow, WatchedWordsRepository } from './watched-words.repository.js';

export const WATCHED_WORD_ACTIONS: WatchedWordAction[] = ['block', 'censor', 'require-approval', 'flag'];
// several instances each cache the list; a change reaches the others within this time
const CACHE_MS = 10_000;

export interface WatchedWordView {
  id: number;
  word: string;
  action: WatchedWordAction;
  replacement: string | null;
  createdAt: string;
}

const view = (r: WatchedWordRow): WatchedWordView => ({ id: r.id, word: r.pattern, action: r.action, replacement: r.replacement, createdAt: new Date(r.created_at).toISOString() });

/** Admin-managed words and phrases (`*` wildcard): block, censor, require approval, or flag. */
@Injectable()
export class WatchedWordsService {
  private cache: { words: WatchedWord[]; at: number } | null = null;

  constructor(
    private readonly words: WatchedWordsRepository,
    private readonly log: ModerationLogRepository,
  ) {}

  async active(): Promise<WatchedWord[]> {
    if (!this.cache || Date.now() - this.cache.at > CACHE_MS) {
      const rows = await this.words.list();
      this.cache = { words: rows.map((r) => ({ id: r.id, pattern: r.pattern, action: r.action, replacement: r.replacement })), at: Date.now() };
    }
    return this.cache.words;
  }

  async list(): Promise<{ items: WatchedWordView[]; next: null; prev: null }> {
    return { items: (await this.words.list()).map(view), next: null, prev: null };
  }

  async add(adminId: number, input: { word: string; action: string; replacement?: string | null }): Promise<WatchedWordView> {
    const pattern = input.word.trim().replace(/\s+/g, ' ');
    if (pattern.replace(/\*/g, '').length < 2) throw invalid('word must have at least 2 letters besides *');
    if (!WATCHED_WORD_ACTIONS.includes(input.action as WatchedWordAction)) throw invalid(`action must be one of ${WATCHED_WORD_ACTIONS.join(', ')}`);
    const row = await this.words.insert({ pattern, action: input.action as WatchedWordAction, replacement: input.action === 'censor' ? (input.replacement?.trim() || null) : null, createdById: adminId });
    if (!row) throw conflict('That word is already watched');
    this.cache = null;
    await this.log.append({ actorId: adminId, action: 'watched-word-add', targetType: 'watched-word', targetId: row.id, after: view(row) });
    return view(row);
  }

  async remove(adminId: number, id: number): Promise<void> {
    const row = await this.words.delete(id);
    if (!row) throw notFound('Watched word');
    this.cache = null;
    await this.log.append({ actorId: adminId, action: 'watched-word-remove', targetType: 'watched-word', targetId: id, before: view(row) });
  }
}
