import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../src/common/project-root.js';
import { freePort } from '../support/free-port.js';

// The built server (`npm test` builds first) started as `npm start` would, as its own process.

const main = fromRoot('dist', 'src', 'main.js');

function run(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [main], { env: { ...inherited, NODE_ENV: 'test', SEED_ON_START: 'false', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Waits for /health/ready; a server that exits or stays unready fails with what it printed. */
async function waitForReady(port: number, proc: ReturnType<typeof run>, timeoutMs = 30_000): Promise<void> {
  let exited = false;
  void proc.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become ready${exited ? ' (it exited)' : ''}; it printed:\n${proc.output()}`);
}

describe('starting the server', () => {
  it('stops with one clear line naming a bad variable, no stack trace', async () => {
    const proc = run({ PORT: 'eighty', DATA_DIR: mkdtempSync(join(tmpdir(), 'forum-start-')) });
    const code = await proc.exited;
    expect(code).not.toBe(0);
    const lines = proc.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('Invalid configuration: PORT must be an integer, got "eighty"');
  });

  it('runs on an embedded PostgreSQL with no set-up, shuts down cleanly and reuses its data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'forum-embedded-'));
    const port = await freePort();
    try {
      const first = run({ PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1' });
      await waitForReady(port, first);
      const reg = await fetch(`http://127.0.0.1:${port}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'persistent_member', password: 'a long enough password' }),
      });
      expect(reg.status).toBe(201);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(first.output()).toMatch(/embedded PostgreSQL/);

      const second = run({ PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1' });
      await waitForReady(port, second);
      const profile = await fetch(`http://127.0.0.1:${port}/api/users/persistent_member`);
      expect(profile.status).toBe(200);
      expect(second.output()).not.toMatch(/initialising/);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
