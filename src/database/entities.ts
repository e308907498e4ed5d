import { RefreshToken } from '../auth/refresh-token.entity.js';
import { User } from '../users/user.entity.js';

export const entities = [User, RefreshToken];
