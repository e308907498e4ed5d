import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { invalid } from '../common/domain-error.js';
import { RateLimitService } from '../common/rate-limit.service.js';

/** Passport's local strategy, after checking the body's shape (guards run before pipes). */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  constructor(private readonly rateLimits: RateLimitService) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ body?: Record<string, unknown>; ip?: string }>();
    // counted before the password is checked, per address, so guessing is slow whatever the answer
    await this.rateLimits.consume('login', request.ip ?? 'unknown');
    const body = request.body ?? {};
    const problems: string[] = [];
    for (const field of ['username', 'password']) {
      const value = body[field];
      if (typeof value !== 'string' || value.length === 0) problems.push(`${field} must be a non-empty string`);
      else if (value.length > 256) problems.push(`${field} must be at most 256 characters`);
    }
    if (problems.length) throw invalid(problems.join('; '));
    return (await super.canActivate(context)) as boolean;
  }
}
