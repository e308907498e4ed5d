import type { Role } from '../users/user.entity.js';

/** The signed-in member as every request and socket sees it (loaded fresh, so bans act at once). */
export interface AuthUser {
  id: number;
  username: string;
  role: Role;
}

export const isModerator = (user: AuthUser | null | undefined): boolean => user?.role === 'moderator' || user?.role === 'admin';

export interface AccessTokenPayload {
  sub: number;
  name: string;
}
