import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { rateLimited } from './domain-error.js';

export type RateLimitBucket = 'login' | 'register' | 'post' | 'flag' | 'typing';

interface BucketRule {
  points: number;
  duration: number;
  message: string;
}

/**
 * Named rate limits (rate-limiter-flexible). Per-instance memory by default; with several
 * instances the post limit is also enforced in the database by the posts service.
 */
@Injectable()
export class RateLimitService {
  private readonly limiters = new Map<RateLimitBucket, { limiter: RateLimiterAbstract; rule: BucketRule }>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const rules: Record<RateLimitBucket, BucketRule> = {
      login: { points: config.loginAttemptsPerMinute, duration: 60, message: 'Too many sign-in attempts, try again in a minute' },
      register: { points: config.loginAttemptsPerMinute, duration: 60, message: 'Too many registrations from your address, try again in a minute' },
      post: { points: config.postsPerMinute, duration: 60, message: `You can post at most ${config.postsPerMinute} times a minute` },
      flag: { points: config.flagsPerMinute, duration: 60, message: `You can flag at most ${config.flagsPerMinute} posts a minute` },
      typing: { points: 2, duration: 1, message: 'Slow down' },
    };
    for (const [bucket, rule] of Object.entries(rules) as [RateLimitBucket, BucketRule][]) {
      this.limiters.set(bucket, { rule, limiter: new RateLimiterMemory({ keyPrefix: bucket, points: rule.points, duration: rule.duration }) });
    }
  }

  /** Spends one point of `key` in `bucket`, or throws a 429 with Retry-After. */
  async consume(bucket: RateLimitBucket, key: string | number): Promise<void> {
    const entry = this.limiters.get(bucket)!;
    try {
      await entry.limiter.consume(String(key));
    } catch (error) {
      if (error instanceof RateLimiterRes) throw rateLimited(entry.rule.message, Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      throw error;
    }
  }
}
