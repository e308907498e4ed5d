import type { AuthUser } from '../auth/auth-user.js';

/** Whether a member may write now (sanctions live in the moderation module). */
export interface MemberStanding {
  /** throws a 403 naming the sanction and its end when the member is silenced, suspended or banned */
  assertCanPost(user: AuthUser): Promise<void>;
}

export const MEMBER_STANDING = Symbol('MEMBER_STANDING');
