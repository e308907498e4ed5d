import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../users/user.entity.js';
import type { AuthUser } from './auth-user.js';

export const REQUIRED_ROLE = 'forum:required-role';

/** The route needs a signed-in member (any role). */
export const SignedIn = () => SetMetadata(REQUIRED_ROLE, 'member' satisfies Role);
/** The route needs at least this role (member < moderator < admin). */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

export const ALLOW_RESTRICTED = 'forum:allow-restricted';
/** Suspended or banned members may still call this route (their own account, signing out). */
export const AllowRestricted = () => SetMetadata(ALLOW_RESTRICTED, true);

/** The signed-in member, or null for a guest. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser | null => {
  const request = ctx.switchToHttp().getRequest<{ user?: AuthUser | null }>();
  return request.user ?? null;
});
