import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import type { MemberStanding } from './member-standing.js';

@Injectable()
export class MemberStandingService implements MemberStanding {
  async assertCanPost(_user: AuthUser): Promise<void> {}
}
