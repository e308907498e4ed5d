import type { User, Role } from './user.entity.js';

export interface PublicUser {
  id: number;
  username: string;
  role: Role;
  isPlaceholder: boolean;
  postCount: number;
  createdAt: string;
}

export function mapPublicUser(user: User): PublicUser {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    isPlaceholder: user.isPlaceholder,
    postCount: user.postCount,
    createdAt: user.createdAt.toISOString(),
  };
}
