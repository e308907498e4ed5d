import { Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { ExtendedError } from 'socket.io';
import type { AuthUser } from '../auth/auth-user.js';
import { AuthService } from '../auth/auth.service.js';
import { accessTokenFrom } from '../auth/token-extraction.js';
import { DomainError } from '../common/domain-error.js';
import { toErrorBody } from '../common/http-error.filter.js';
import type { ForumSocket } from './realtime.types.js';

const MAX_TOKEN_LENGTH = 4096;

/**
 * Authenticates a handshake with the same tokens and rules as HTTP: `auth.token` when the client
 * sends one, else the Bearer header, else the `forum_access` cookie. No token: a guest (read-only).
 * A token that does not verify refuses the connection with 401, so a client knows to refresh
 * its session rather than silently reading as a guest.
 */
@Injectable()
export class SocketAuth {
  constructor(private readonly auth: AuthService) {}

  async userOf(handshake: { auth: Record<string, unknown>; headers: IncomingHttpHeaders }): Promise<AuthUser | null> {
    const given = handshake.auth?.token;
    if (given !== undefined && given !== null && (typeof given !== 'string' || given.length > MAX_TOKEN_LENGTH)) {
      throw new DomainError('unauthenticated', 'auth.token must be an access token');
    }
    const token = (typeof given === 'string' && given ? given.replace(/^Bearer\s+/i, '') : null) ?? accessTokenFrom({ headers: handshake.headers });
    if (!token) return null;
    const payload = this.auth.verifyAccessToken(token);
    const user = payload ? await this.auth.userForToken(payload) : null;
    if (!user) throw new DomainError('unauthenticated', 'Your session has expired, sign in again');
    return user;
  }

  /** Socket.IO middleware: `connect_error` carries the same body as an HTTP error in `err.data`. */
  middleware(): (socket: ForumSocket, next: (err?: ExtendedError) => void) => void {
    return (socket, next) => {
      this.userOf(socket.handshake).then(
        (user) => {
          socket.data.user = user;
          next();
        },
        (error: unknown) => {
          const body = toErrorBody(error);
          const refused: ExtendedError = Object.assign(new Error(typeof body.message === 'string' ? body.message : body.error), { data: body });
          next(refused);
        },
      );
    };
  }
}
