// Shared by the browser tests (Jest), test/browser/screenshots.mjs and bench/client.mjs: where
// Debian's Chromium lives, how to launch it, and a client build that is never older than its source.
// Plain ESM so the node scripts can import it too; chromium.d.mts types it for the TypeScript tests.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-component-update', '--no-first-run'];

/** Debian's Chromium is installed (CI installs it; we never download a browser). */
export function hasChromium() {
  return existsSync(CHROMIUM_PATH);
}

/** Launch options for playwright-core's `chromium.launch`. */
export function launchOptions() {
  return { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS };
}

const CLIENT = join(PROJECT_ROOT, 'client');
const BUILT_INDEX = join(CLIENT, 'dist', 'index.html');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when client/dist/index.html is missing or older than anything it is built from. */
export function clientBuildIsStale() {
  if (!existsSync(BUILT_INDEX)) return true;
  const built = statSync(BUILT_INDEX).mtimeMs;
  return SOURCES.some((name) => newestMtime(join(CLIENT, name)) > built);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds the client (`npm run build -w client`) when it is stale. Test files run in parallel
 * workers: a lock directory makes one of them build while the others wait, then re-check.
 */
export async function ensureClientBuilt({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (!clientBuildIsStale()) return false;
  const lock = join(tmpdir(), `forum-client-build-${createHash('sha1').update(PROJECT_ROOT).digest('hex').slice(0, 12)}`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // a lock left by a killed run is older than any real build
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for the client build lock ${lock}`);
      await sleep(250);
    }
  }
  try {
    if (!clientBuildIsStale()) return false;
    log('[browser] client/dist is missing or older than client/src: npm run build -w client');
    // Jest sets NODE_ENV=test, which would make Vite bundle React's development build
    const build = spawnSync('npm', ['run', 'build', '-w', 'client'], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    if (build.status !== 0) throw new Error(`npm run build -w client failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
