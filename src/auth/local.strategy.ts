import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { DomainError } from '../common/domain-error.js';
import type { AuthUser } from './auth-user.js';
import { AuthService } from './auth.service.js';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'username', passwordField: 'password' });
  }

  async validate(username: string, password: string): Promise<AuthUser> {
    const user = await this.auth.checkCredentials(username, password);
    if (!user) throw new DomainError('unauthenticated', 'Invalid username or password');
    return user;
  }
}
