import { Injectable } from '@nestjs/common';
import { type AuthUser, restrictionMessage } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import type { MemberStanding } from './member-standing.js';

/** Silenced, suspended and banned members cannot write; the error says why and until when. */
@Injectable()
export class MemberStandingService implements MemberStanding {
  async assertCanPost(user: AuthUser): Promise<void> {
    if (user.restriction) throw new DomainError('forbidden', restrictionMessage(user.restriction), { sanction: user.restriction });
  }
}
