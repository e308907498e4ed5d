import type { Role } from '../users/user.entity.js';

/** The signed-in member as every request and socket sees it (loaded fresh, so bans act at once). */
export interface Restriction {
  kind: 'silence' | 'suspension' | 'ban';
  reason: string;
  /** ISO time; null until lifted */
  endsAt: string | null;
}

export interface AuthUser {
  id: number;
  username: string;
  role: Role;
  /** the strongest active sanction that limits what the member may do, if any */
  restriction?: Restriction | null;
}

/** "You are suspended until 1 Dec 2026, 10:00 UTC: spamming" */
export function restrictionMessage(r: Restriction): string {
  const verb = { silence: 'silenced (read-only)', suspension: 'suspended', ban: 'banned' }[r.kind];
  const until = r.endsAt ? ` until ${new Date(r.endsAt).toUTCString()}` : '';
  return `You are ${verb}${until}: ${r.reason}`;
}

export const isModerator = (user: AuthUser | null | undefined): boolean => user?.role === 'moderator' || user?.role === 'admin';

export interface AccessTokenPayload {
  sub: number;
  name: string;
}
