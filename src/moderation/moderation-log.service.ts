import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, type Page } from '../common/pagination.js';
import { type LogFilters, ModerationLogRepository } from './moderation-log.repository.js';

export interface LogEntryView {
  id: number;
  createdAt: string;
  actor: string | null;
  automatic: boolean;
  action: string;
  targetType: string;
  targetId: number;
  rule: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
  undone: boolean;
  undoOf: number | null;
}

const isIdCursor = (v: unknown): v is { id: number } => typeof v === 'object' && v !== null && Number.isInteger((v as { id: number }).id);

/** The moderation log, newest first: every action, human or automatic, with before and after. */
@Injectable()
export class ModerationLogService {
  constructor(private readonly log: ModerationLogRepository) {}

  async page(filters: LogFilters, cursor: string | undefined, limit = 50): Promise<Page<LogEntryView>> {
    const after = decodeCursor(cursor, isIdCursor);
    const rows = await this.log.page(filters, after?.id ?? null, limit + 1);
    const items = rows.slice(0, limit).map((r) => ({
      id: Number(r.id),
      createdAt: new Date(r.created_at).toISOString(),
      actor: r.actor,
      automatic: r.actor_id === null,
      action: r.action,
      targetType: r.target_type,
      targetId: Number(r.target_id),
      rule: r.rule,
      reason: r.reason,
      before: r.before,
      after: r.after,
      undone: r.undone_at !== null,
      undoOf: r.undo_of_id === null ? null : Number(r.undo_of_id),
    }));
    return { items, next: rows.length > limit ? encodeCursor({ id: items[items.length - 1].id }) : null, prev: null };
  }
}
