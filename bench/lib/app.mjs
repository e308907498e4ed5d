// Starts the built app (node dist/src/main.js) in production mode on 127.0.0.1 and a free port,
// against the bench database; measures spawn-to-ready and reads its memory.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from './paths.mjs';
import { sleep } from './stats.mjs';

export const BENCH_ADMIN = { username: 'bench_admin', password: 'bench admin password' };

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process in KB (VmRSS), NaN once it is gone. */
export function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used so far in ms, from /proc (10 ms ticks). */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Samples a process's RSS every 200 ms until stopped; returns the peak (KB). */
export function rssSampler(pid) {
  let peak = rssKb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssKb(pid) || 0)), 200);
  return { stop: () => (clearInterval(timer), peak) };
}

export async function startApp({
  databaseUrl,
  redisUrl = null,
  cpuProfileDir = null,
  env: extra = {},
  label = 'app',
}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'forum-bench-'));
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SEED_ON_START: 'false',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    POSTS_PER_MINUTE: '10000',
    FLAGS_PER_MINUTE: '10000',
    LOGIN_ATTEMPTS_PER_MINUTE: '10000',
    // 16 writers in one thread would switch slow mode on: the bench measures the write path
    AUTO_SLOW_MODE_REPLIES_PER_MINUTE: '0',
    COOKIE_SECURE: 'false',
    ADMIN_USERNAME: BENCH_ADMIN.username,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    ...extra,
  };
  delete env.REDIS_URL;
  delete env.DATABASE_REPLICA_URLS;
  if (redisUrl) env.REDIS_URL = redisUrl;
  if (extra.DATABASE_REPLICA_URLS) env.DATABASE_REPLICA_URLS = extra.DATABASE_REPLICA_URLS;
  // the runtime flags of `npm start` and the Dockerfile
  const args = ['--max-semi-space-size=32', ...(cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [])];
  const started = performance.now();
  const child = spawn(process.execPath, [...args, fromRoot('dist', 'src', 'main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const recent = [];
  child.stderr.on('data', (chunk) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > 40) recent.shift();
    }
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${label} exited with ${child.exitCode}:\n${recent.join('\n')}`);
    const ready = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${label} did not become ready in 120 s:\n${recent.join('\n')}`);
    }
    await sleep(20);
  }
  const readyMs = performance.now() - started;
  return {
    url,
    port,
    pid: child.pid,
    readyMs,
    log: () => recent.join('\n'),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const exited = new Promise((resolve) => child.once('exit', resolve));
        if (
          (await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)])) === false
        )
          child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
