import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { User } from '../users/user.entity.js';
import { ARGON2_OPTIONS, UsersService } from '../users/users.service.js';
import { UsersRepository } from '../users/users.repository.js';
import type { AccessTokenPayload, AuthUser } from './auth-user.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: Date;
  refreshExpiresAt: Date;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const toAuthUser = (user: User): AuthUser => ({ id: user.id, username: user.username, role: user.role });

@Injectable()
export class AuthService {
  // verifying against a real hash when the member does not exist keeps login time flat (no enumeration)
  private readonly dummyHash = argon2.hash(randomBytes(16).toString('hex'), ARGON2_OPTIONS);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly usersRepository: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
  ) {}

  async register(input: { username: string; password: string; email?: string | null }): Promise<{ user: User; tokens: IssuedTokens }> {
    const user = await this.users.create({ ...input, role: 'member' });
    return { user, tokens: await this.issueTokens(toAuthUser(user), randomUUID()) };
  }

  async checkCredentials(username: string, password: string): Promise<AuthUser | null> {
    const user = await this.usersRepository.findCredentials(username);
    const hash = user?.passwordHash ?? (await this.dummyHash);
    const ok = await argon2.verify(hash, password).catch(() => false);
    return user && user.passwordHash && ok ? toAuthUser(user) : null;
  }

  login(user: AuthUser): Promise<IssuedTokens> {
    return this.issueTokens(user, randomUUID());
  }

  /** Rotates a refresh token. Presenting one already rotated revokes its whole family (theft). */
  async refresh(presented: string | null): Promise<{ user: AuthUser; tokens: IssuedTokens }> {
    const [id, secret] = (presented ?? '').split('.');
    const unauthenticated = new DomainError('unauthenticated', 'Your session has expired, sign in again');
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) throw unauthenticated;
    const stored = await this.refreshTokens.findById(id);
    if (!stored) throw unauthenticated;
    const matches = timingSafeEqual(Buffer.from(stored.secretHash), Buffer.from(sha256(secret)));
    if (!matches) throw unauthenticated;
    if (stored.revokedAt) {
      if (stored.replacedBy) await this.refreshTokens.revokeFamily(stored.familyId);
      throw unauthenticated;
    }
    if (stored.expiresAt.getTime() < Date.now()) throw unauthenticated;
    const user = await this.users.findById(stored.userId);
    if (!user) throw unauthenticated;
    const nextId = randomUUID();
    if (!(await this.refreshTokens.rotate(stored.id, nextId))) throw unauthenticated;
    return { user: toAuthUser(user), tokens: await this.issueTokens(toAuthUser(user), stored.familyId, nextId) };
  }

  async logout(presented: string | null): Promise<void> {
    const [id, secret] = (presented ?? '').split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) return;
    const stored = await this.refreshTokens.findById(id);
    if (stored && stored.secretHash === sha256(secret)) await this.refreshTokens.revokeFamily(stored.familyId);
  }

  /** Resolves an access token's subject to the member as stored now. */
  async userForToken(payload: AccessTokenPayload): Promise<AuthUser | null> {
    if (typeof payload?.sub !== 'number') return null;
    const user = await this.usersRepository.findAuthUser(payload.sub);
    if (!user || user.is_placeholder) return null;
    return { id: user.id, username: user.username, role: user.role, restriction: user.restriction };
  }

  verifyAccessToken(token: string): AccessTokenPayload | null {
    try {
      return this.jwt.verify<AccessTokenPayload>(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
  }

  private async issueTokens(user: AuthUser, familyId: string, id: string = randomUUID()): Promise<IssuedTokens> {
    const now = Date.now();
    const payload: AccessTokenPayload = { sub: user.id, name: user.username };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: this.config.accessTokenTtlSeconds, algorithm: 'HS256' });
    const secret = randomBytes(32).toString('base64url');
    const refreshExpiresAt = new Date(now + this.config.refreshTokenTtlSeconds * 1000);
    await this.refreshTokens.insert({ id, userId: user.id, familyId, secretHash: sha256(secret), expiresAt: refreshExpiresAt });
    return {
      accessToken,
      refreshToken: `${id}.${secret}`,
      accessExpiresAt: new Date(now + this.config.accessTokenTtlSeconds * 1000),
      refreshExpiresAt,
    };
  }
}
