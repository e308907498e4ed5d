import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { type AppConfig, loadConfig } from '../../src/config/config.js';
import { createTestDatabase, dropTestDatabase } from './test-database.js';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  /** http://127.0.0.1:<port> of the listening app */
  baseUrl: string;
  databaseUrl: string;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  /** another test app's database: a second instance of one deployment (the first one drops it) */
  databaseUrl?: string;
  /** Socket.IO's Redis keys (with REDIS_URL): instances that share events share the prefix */
  redisKeyPrefix?: string;
}

/** A Redis key prefix no other test run uses. */
export const uniqueRedisPrefix = () => `forum-test-${process.pid}-${randomBytes(4).toString('hex')}`;

/** The real app on its own database, listening on a free port. Env-style overrides tune limits. */
export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.databaseUrl ? { name: null, url: options.databaseUrl } : await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'forum-test-')),
    DATABASE_URL: database.url,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    POSTS_PER_MINUTE: '1000',
    DATABASE_POOL_SIZE: '5',
    SEED_ON_START: 'false',
    ...env,
  });
  const app = await createApp(config, database.url, { redisKeyPrefix: options.redisKeyPrefix ?? uniqueRedisPrefix() });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    config,
    baseUrl,
    databaseUrl: database.url,
    dataSource: app.get(DataSource),
    http: () => request(baseUrl),
    close: async () => {
      await app.close();
      if (database.name) await dropTestDatabase(database.name);
    },
  };
}
