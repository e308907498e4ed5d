import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fromRoot } from '../common/project-root.js';

// The one place that reads process.env. Everything is validated once at start; a bad value
// stops the process with one line naming the variable (see main.ts).

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

export type NodeEnv = 'development' | 'production' | 'test';

export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  /** null: run an embedded PostgreSQL under dataDir/pg */
  databaseUrl: string | null;
  /** read replicas for thread pages and lists (comma-separated URLs) */
  databaseReplicaUrls: string[];
  databasePoolSize: number;
  statementTimeoutMs: number;
  /** prepare parameterised statements once per connection (off behind an old transaction-mode PgBouncer) */
  databasePreparedStatements: boolean;
  redisUrl: string | null;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  dataDir: string;
  logLevel: string;
  /** posts may be edited by their author for this long */
  editWindowSeconds: number;
  postsPerMinute: number;
  maxBodyLength: number;
  maxTitleLength: number;
  loginAttemptsPerMinute: number;
  flagsPerMinute: number;
  /** review item score at which a flagged post is hidden pending review */
  flagHideScore: number;
  /** moderators may undo an action for this long */
  undoWindowSeconds: number;
  /** members with fewer visible posts are new: their first posts that trip a rule wait for approval */
  newMemberPosts: number;
  /** replies a minute in one thread that switch slow mode on by themselves (0: never) */
  autoSlowModeRepliesPerMinute: number;
  autoSlowModeSeconds: number;
  seedOnStart: boolean;
  /** first admin on an empty database, from env */
  initialAdmin: { username: string; password: string } | null;
  cookieSecure: boolean;
  trustProxy: boolean;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return raw;
}

/** A generated secret kept under the data folder, so restarts keep sessions valid. */
function persistedSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnvRaw = env.NODE_ENV?.trim() || 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', `must be development, production or test, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = nodeEnvRaw as NodeEnv;
  const dataDir = env.DATA_DIR?.trim() || fromRoot('.data');
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const replicas = (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  replicas.forEach((r, i) => url({ [`DATABASE_REPLICA_URLS[${i}]`]: r }, `DATABASE_REPLICA_URLS[${i}]`, ['postgres:', 'postgresql:']));

  let jwtSecret = env.JWT_SECRET?.trim() ?? '';
  if (jwtSecret && jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
  if (!jwtSecret) {
    if (nodeEnv === 'production' && databaseUrl) {
      throw new ConfigError('JWT_SECRET', 'is required in production with an external database');
    }
    jwtSecret = persistedSecret(`${dataDir}/jwt-secret`);
  }

  const adminName = env.ADMIN_USERNAME?.trim();
  const adminPassword = env.ADMIN_PASSWORD ?? '';
  if (adminName && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be set (at least 10 characters) when ADMIN_USERNAME is');
  }
  const host = env.HOST?.trim() || '0.0.0.0';

  return {
    nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535),
    host,
    databaseUrl,
    databaseReplicaUrls: replicas,
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 20, 1, 500),
    statementTimeoutMs: int(env, 'STATEMENT_TIMEOUT_MS', 10000, 100, 600000),
    databasePreparedStatements: bool(env, 'DATABASE_PREPARED_STATEMENTS', true),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    jwtSecret,
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86400),
    refreshTokenTtlSeconds: int(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 86400, 300, 365 * 86400),
    dataDir,
    logLevel: env.LOG_LEVEL?.trim() || (nodeEnv === 'test' ? 'silent' : 'info'),
    editWindowSeconds: int(env, 'EDIT_WINDOW_SECONDS', 24 * 3600, 0, 10 * 365 * 86400),
    postsPerMinute: int(env, 'POSTS_PER_MINUTE', 10, 1, 10000),
    maxBodyLength: int(env, 'MAX_BODY_LENGTH', 60000, 100, 1000000),
    maxTitleLength: int(env, 'MAX_TITLE_LENGTH', 150, 10, 1000),
    loginAttemptsPerMinute: int(env, 'LOGIN_ATTEMPTS_PER_MINUTE', 10, 1, 10000),
    flagsPerMinute: int(env, 'FLAGS_PER_MINUTE', 10, 1, 10000),
    flagHideScore: int(env, 'FLAG_HIDE_SCORE', 3, 1, 1000),
    undoWindowSeconds: int(env, 'UNDO_WINDOW_SECONDS', 900, 0, 86400),
    newMemberPosts: int(env, 'NEW_MEMBER_POSTS', 3, 0, 1000),
    autoSlowModeRepliesPerMinute: int(env, 'AUTO_SLOW_MODE_REPLIES_PER_MINUTE', 30, 0, 100000),
    autoSlowModeSeconds: int(env, 'AUTO_SLOW_MODE_SECONDS', 30, 1, 86400),
    seedOnStart: bool(env, 'SEED_ON_START', true),
    initialAdmin: adminName ? { username: adminName, password: adminPassword } : null,
    cookieSecure: bool(env, 'COOKIE_SECURE', nodeEnv === 'production'),
    trustProxy: bool(env, 'TRUST_PROXY', false),
  };
}
