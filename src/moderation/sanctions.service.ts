import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { forbidden, invalid, notFound } from '../common/domain-error.js';
import { ModerationLogRepository } from './moderation-log.repository.js';
import { type SanctionKind, SanctionsRepository } from './sanctions.repository.js';

export type SanctionAction = 'warn' | 'silence' | 'suspend' | 'ban';
const KIND: Record<SanctionAction, SanctionKind> = { warn: 'warning', silence: 'silence', suspend: 'suspension', ban: 'ban' };
/** Warning points expire after this long unless `until` says otherwise. */
const WARNING_DAYS = 30;
/** Points that make warnings a silence of a day by themselves. */
const POINTS_FOR_SILENCE = 3;

export interface SanctionInput {
  reason: string;
  until?: string | null;
  points?: number;
}

@Injectable()
export class SanctionsService {
  constructor(
    private readonly sanctions: SanctionsRepository,
    private readonly log: ModerationLogRepository,
  ) {}

  /** warn (points that expire), silence (read-only) and suspend until a time, ban until lifted. */
  async sanction(moderator: AuthUser, userId: number, action: SanctionAction, input: SanctionInput) {
    const target = await this.target(moderator, userId);
    const reason = input.reason.trim();
    if (reason.length < 3) throw invalid('reason must say why (at least 3 characters)');
    let endsAt: Date | null = null;
    if (input.until) {
      endsAt = new Date(input.until);
      if (Number.isNaN(endsAt.getTime())) throw invalid('until must be an ISO time');
      if (endsAt.getTime() <= Date.now()) throw invalid('until must be in the future');
    }
    if ((action === 'silence' || action === 'suspend') && !endsAt) throw invalid(`${action} needs an end time (until)`);
    if (action === 'warn' && !endsAt) endsAt = new Date(Date.now() + WARNING_DAYS * 86400_000);
    const points = action === 'warn' ? Math.max(1, Math.min(10, input.points ?? 1)) : 0;
    const result = await this.sanctions.transaction(async (m) => {
      const id = await this.sanctions.insert(m, { userId, kind: KIND[action], reason, points, endsAt, createdById: moderator.id });
      await this.log.append({ actorId: moderator.id, action: `user-${action}`, targetType: 'user', targetId: userId, reason, after: { kind: KIND[action], endsAt, points } }, m);
      // enough warning points silence the member for a day, said and logged as automatic
      let escalated = false;
      if (action === 'warn' && (await this.sanctions.activePoints(userId, m)) >= POINTS_FOR_SILENCE) {
        const until = new Date(Date.now() + 86400_000);
        await this.sanctions.insert(m, { userId, kind: 'silence', reason: `${POINTS_FOR_SILENCE} or more warning points: ${reason}`, points: 0, endsAt: until, createdById: moderator.id });
        await this.log.append({ actorId: null, action: 'user-silence', targetType: 'user', targetId: userId, rule: 'warning-points', reason: 'warning points reached the limit', after: { kind: 'silence', endsAt: until } }, m);
        escalated = true;
      }
      return { id, escalated };
    });
    return { id: result.id, user: target.username, kind: KIND[action], reason, endsAt: endsAt?.toISOString() ?? null, points, escalatedToSilence: result.escalated };
  }

  async lift(moderator: AuthUser, userId: number, reason: string) {
    await this.target(moderator, userId);
    const lifted = await this.sanctions.transaction(async (m) => {
      const n = await this.sanctions.liftAll(m, userId, moderator.id);
      await this.log.append({ actorId: moderator.id, action: 'user-lift', targetType: 'user', targetId: userId, reason, after: { lifted: n } }, m);
      return n;
    });
    return { lifted };
  }

  async addNote(moderator: AuthUser, userId: number, body: string) {
    await this.target(moderator, userId, true);
    const text = body.trim();
    if (!text) throw invalid('note must not be empty');
    const id = await this.sanctions.addNote(userId, moderator.id, text);
    await this.log.append({ actorId: moderator.id, action: 'user-note', targetType: 'user', targetId: userId });
    return { id };
  }

  /** What moderators see of a member: sanctions (all, lifted included) and private notes. */
  async record(userId: number) {
    const user = await this.sanctions.userExists(userId);
    if (!user) throw notFound('Member');
    const [history, notes, points] = await Promise.all([this.sanctions.history(userId), this.sanctions.notes(userId), this.sanctions.activePoints(userId)]);
    const now = Date.now();
    return {
      user: { id: user.id, username: user.username, role: user.role },
      warningPoints: points,
      sanctions: history.map((s) => ({
        id: Number(s.id),
        kind: s.kind,
        reason: s.reason,
        points: s.points,
        until: s.ends_at ? new Date(s.ends_at).toISOString() : null,
        active: !s.lifted_at && (!s.ends_at || new Date(s.ends_at).getTime() > now),
        liftedAt: s.lifted_at ? new Date(s.lifted_at).toISOString() : null,
        by: s.created_by,
        createdAt: new Date(s.created_at).toISOString(),
      })),
      notes: notes.map((n) => ({ id: Number(n.id), author: n.author, body: n.body, createdAt: new Date(n.created_at).toISOString() })),
    };
  }

  /** Moderators act on members; only admins act on moderators; nobody on an admin or a placeholder. */
  private async target(moderator: AuthUser, userId: number, notesOnly = false) {
    const user = await this.sanctions.userExists(userId);
    if (!user) throw notFound('Member');
    if (!notesOnly) {
      if (user.is_placeholder) throw invalid('Imported placeholder members cannot be sanctioned');
      if (user.id === moderator.id) throw forbidden('You cannot sanction yourself');
      if (user.role === 'admin' || (user.role === 'moderator' && moderator.role !== 'admin')) throw forbidden('Only an admin can sanction a moderator, and nobody an admin');
    }
    return user;
  }
}
