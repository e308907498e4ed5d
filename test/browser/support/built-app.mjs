// The built app (node dist/src/main.js) as an operator runs it, on a throwaway database that is
// created on a PostgreSQL server and dropped afterwards: for test/browser/screenshots.mjs and
// bench/client.mjs, which run outside Jest. Talks to 127.0.0.1 only.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from './chromium.mjs';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function adminQuery(adminUrl, sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts dist/src/main.js (build it first: `npx nest build`) on a new database `forum_<label>_<pid>`
 * with the seed thread imported, and resolves once /health/ready answers. `stop()` ends the
 * process and drops the database.
 */
export async function startBuiltApp({ label = 'browser', adminUrl = DEFAULT_ADMIN_URL, env: extra = {} } = {}) {
  const main = join(PROJECT_ROOT, 'dist', 'src', 'main.js');
  if (!existsSync(main)) throw new Error('dist/src/main.js is missing: run `npx nest build` first');
  const database = `forum_${label}_${process.pid}`;
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${database}`;
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await adminQuery(adminUrl, `CREATE DATABASE ${database}`);
  const dataDir = mkdtempSync(join(tmpdir(), `forum-${label}-`));
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SEED_ON_START: 'true',
    DATABASE_URL: databaseUrl.toString(),
    JWT_SECRET: `${label}-secret-that-is-long-enough-0123456789`,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    // plain http on 127.0.0.1: Secure cookies would be kept by Chromium, but say what we mean
    COOKIE_SECURE: 'false',
    POSTS_PER_MINUTE: '1000',
    FLAGS_PER_MINUTE: '1000',
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    ...extra,
  };
  delete env.REDIS_URL;
  delete env.DATABASE_REPLICA_URLS;
  const child = spawn(process.execPath, [main], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    }
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
      if (await fetch(`${url}/health/ready`).then((r) => r.ok, () => false)) break;
      if (Date.now() > deadline) throw new Error('the app did not become ready within 60 s');
      await sleep(200);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  /** A member with a role, made the way an operator would (npm run user:create). */
  const createUser = (username, password, role) =>
    execFileSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'cli', 'user-create.js'), '--username', username, '--password', password, '--role', role], { cwd: PROJECT_ROOT, env, stdio: 'ignore' });
  return { url, database, pid: child.pid, createUser, stop };
}

/**
 * A small JSON client for the app's API, with a bearer token once signed in. One connection per
 * request: a kept-alive socket left idle past the server's 5-second keep-alive (while a user is
 * created by the CLI, say) may be closed just as it is reused.
 */
export function apiClient(url) {
  let token = null;
  const call = (method, path, body) =>
    new Promise((resolve, reject) => {
      const headers = { Accept: 'application/json', 'X-Requested-With': 'forum' };
      const payload = body === undefined ? undefined : JSON.stringify(body);
      if (payload !== undefined) headers['Content-Type'] = 'application/json';
      if (token) headers.Authorization = `Bearer ${token}`;
      const req = httpRequest(`${url}${path}`, { method, headers, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          if (res.statusCode < 200 || res.statusCode >= 300) return reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
          resolve(text ? JSON.parse(text) : null);
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  return {
    get: (path) => call('GET', path),
    post: (path, body = {}) => call('POST', path, body),
    put: (path, body = {}) => call('PUT', path, body),
    async signIn(username, password) {
      token = (await call('POST', '/api/auth/login', { username, password })).accessToken;
      return this;
    },
    async register(username, password) {
      token = (await call('POST', '/api/auth/register', { username, password })).accessToken;
      return this;
    },
  };
}
