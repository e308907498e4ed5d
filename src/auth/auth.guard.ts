import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../common/domain-error.js';
import { toErrorBody } from '../common/http-error.filter.js';
import type { Role } from '../users/user.entity.js';
import { type AuthUser, restrictionMessage } from './auth-user.js';
import { ALLOW_RESTRICTED, REQUIRED_ROLE } from './decorators.js';
import { ACCESS_COOKIE } from './token-extraction.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const RANK: Record<Role, number> = { member: 1, moderator: 2, admin: 3 };

/**
 * Global guard: reads the JWT when there is one (guests pass with user = null), then enforces
 * the role a route asks for with @SignedIn() or @RequireRole().
 */
@Injectable()
export class ForumAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<{ user?: AuthUser | null; method: string; headers: Record<string, unknown> }>();
    const viaCookie = !request.headers.authorization && String(request.headers.cookie ?? '').includes(`${ACCESS_COOKIE}=`);
    // CSRF: a cross-site form can send cookies but not custom headers, so cookie-signed writes need one
    if (viaCookie && !SAFE_METHODS.has(request.method) && !request.headers['x-requested-with']) {
      throw new DomainError('forbidden', 'Cross-site request refused: send the X-Requested-With header');
    }
    if (request.headers.authorization || viaCookie) await super.canActivate(context);
    else request.user = null;

    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]);
    if (!required) return true;
    const user = request.user;
    if (!user) throw new DomainError('unauthenticated', 'Sign in to do that');
    // suspended and banned members may still see their account (and why), nothing else
    const restriction = user.restriction;
    if (restriction && restriction.kind !== 'silence' && !this.reflector.getAllAndOverride<boolean>(ALLOW_RESTRICTED, [context.getHandler(), context.getClass()])) {
      throw new DomainError('forbidden', restrictionMessage(restriction), { sanction: restriction });
    }
    if (RANK[user.role] < RANK[required]) throw new DomainError('forbidden', 'You are not allowed to do that');
    return true;
  }

  // an invalid or expired token makes the request a guest's; routes that need a member say 401.
  // A database that cannot be reached is not a bad token: answer 503, not a 401 that signs people out.
  override handleRequest<T>(err: unknown, user: T): T {
    if (err && toErrorBody(err).statusCode >= 500) throw err;
    return (user || null) as T;
  }
}
