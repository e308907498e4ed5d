import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { AccessTokenPayload, AuthUser } from './auth-user.js';
import { AuthService } from './auth.service.js';
import { jwtKey } from './jwt-key.js';
import { accessTokenFrom } from './token-extraction.js';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: accessTokenFrom,
      // jsonwebtoken takes a KeyObject; passport-jwt's typings only name strings and Buffers
      secretOrKey: jwtKey(config.jwtSecret) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: AccessTokenPayload): Promise<AuthUser | false> {
    return (await this.auth.userForToken(payload)) ?? false;
  }
}
