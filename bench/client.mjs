// Web client: how soon the seeded thread's first post is on screen, and how much JavaScript the
// thread page loads. Baseline in the same run: the same posts as a static HTML page (same CSS, no
// JavaScript) from a bare node:http server, so the time reads as a ratio.
//
//   npx nest build && node bench/client.mjs [--runs 10] [--admin-url postgres://postgres@127.0.0.1:5432/postgres] [--no-write]
//
// Builds the client if client/dist is missing or stale, starts the built app (NODE_ENV=production,
// SEED_ON_START=true) on a throwaway database it creates and drops, and opens the thread page
// --runs times in Debian's headless Chromium: each visit in a fresh browser context with the cache
// disabled, app and baseline visits interleaved. "First post painted" is navigation start to the
// first frame painted after the first <article> entered the DOM (MutationObserver, then the next
// animation frame and the task after it, i.e. just after that frame's paint), and never earlier
// than the first contentful paint. Writes the
// "Web client" section of bench/RESULTS.md and leaves every other section alone.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { apiClient, DEFAULT_ADMIN_URL, startBuiltApp } from '../test/browser/support/built-app.mjs';
import { ensureClientBuilt, hasChromium, launchOptions, PROJECT_ROOT } from '../test/browser/support/chromium.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    'admin-url': { type: 'string', default: DEFAULT_ADMIN_URL },
    'no-write': { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const BUDGET_KB = 150;
const VIEWPORT = { width: 1280, height: 800 };
const log = (line) => process.stderr.write(`[client] ${line}\n`);

// ---- measuring one visit ---------------------------------------------------------------------

// runs in the page before any of its scripts: the time the first post reaches the screen
const FIRST_POST_PROBE = `(() => {
  const record = () => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { window.__firstPostPainted = performance.now(); };
    requestAnimationFrame(() => channel.port2.postMessage(null));
  };
  const observer = new MutationObserver(() => {
    if (!document.querySelector('article')) return;
    observer.disconnect();
    record();
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

async function visit(browser, url) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.addInitScript(FIRST_POST_PROBE);
  const scripts = new Map();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    scripts.set(response.url(), response.body().then((body) => ({ raw: body.length, gzip: gzipSync(body).length, encoding: response.headers()['content-encoding'] ?? null })));
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => typeof window.__firstPostPainted === 'number', null, { timeout: 30_000 });
  // chunks a page imports right after its first render still count as what it ships
  await page.waitForTimeout(500);
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    // nothing is painted before the first contentful paint: a post that was in the DOM by then
    // shows in that frame (Chromium may run animation frames while the first paint waits for CSS)
    const firstPost = fcp ? Math.max(window.__firstPostPainted, fcp.startTime) : window.__firstPostPainted;
    return { firstPost, fcp: fcp ? fcp.startTime : null, responseStart: nav.responseStart, domContentLoaded: nav.domContentLoadedEventEnd, articles: document.querySelectorAll('article').length };
  });
  const files = [];
  for (const [scriptUrl, size] of scripts) files.push({ url: new URL(scriptUrl).pathname, ...(await size) });
  await context.close();
  if (errors.length) throw new Error(`page errors on ${url}: ${errors.join('; ')}`);
  return { ...timing, scripts: files };
}

// ---- the baseline: the same posts, server-rendered, no JavaScript ----------------------------

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function staticThreadPage(thread, posts) {
  const articles = posts.map((post) => {
    const author = post.author ? escapeHtml(post.author.username) : 'unknown member';
    const body = post.html === null ? '<p class="post-placeholder">This post is hidden.</p>' : `<div class="post-body">${post.html}</div>`;
    const sources = (post.sources ?? []).length
      ? `<div class="sources"><h3 class="sources-heading">Sources</h3><ul>${post.sources.map((s) => `<li>${s.url ? `<a href="${escapeHtml(s.url)}">${escapeHtml(s.outlet ?? s.url)}</a>` : escapeHtml(s.outlet)}</li>`).join('')}</ul></div>`
      : '';
    return `<article class="post" id="post-${post.position}"><header class="post-head"><h2 class="post-author">${author}</h2><p class="post-meta">${post.kind ? `<span class="badge badge-kind badge-${post.kind}">${post.kind}</span>` : ''} #${post.position}</p></header>${body}${sources}</article>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(thread.title)}</title><link rel="stylesheet" href="/style.css"></head><body><main id="main"><div class="page thread-page"><h1>${escapeHtml(thread.title)}</h1><div class="post-list">${articles.join('')}</div></div></main></body></html>`;
}

function startBaseline(html, css) {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const isCss = req.url === '/style.css';
      res.writeHead(200, { 'Content-Type': isCss ? 'text/css; charset=utf-8' : 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end(isCss ? css : html);
    });
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((done) => server.close(done)) }));
  });
}

// ---- figures ---------------------------------------------------------------------------------

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0], max: sorted[sorted.length - 1] };
}
const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function render({ started, app, baseline, js, runs, postsOnPage, threadTitle }) {
  const a = summary(app.map((r) => r.firstPost));
  const b = summary(baseline.map((r) => r.firstPost));
  const fcpApp = summary(app.map((r) => r.fcp).filter(Number.isFinite));
  const fcpBase = summary(baseline.map((r) => r.fcp).filter(Number.isFinite));
  const chromiumVersion = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const gzipTotal = js.reduce((sum, f) => sum + f.gzip, 0);
  const rawTotal = js.reduce((sum, f) => sum + f.raw, 0);
  const served = js.some((f) => f.encoding) ? js.map((f) => f.encoding ?? 'identity').join(', ') : 'uncompressed by the app (docs/deploy/nginx.conf compresses at the proxy)';
  return [
    '## Web client',
    '',
    `- command: \`node bench/client.mjs --runs ${runs}\` (after \`npx nest build\`)`,
    `- date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} at the end (colleagues' test runs may share the machine)`,
    `- page: the seeded thread “${threadTitle}” as a guest (${postsOnPage} posts on its first page), ${VIEWPORT.width}×${VIEWPORT.height}, ${chromiumVersion}, headless, a fresh context with the cache disabled for every visit; the app is \`node dist/src/main.js\` (NODE_ENV=production) on 127.0.0.1`,
    '- baseline: the same posts’ HTML rendered into one static page with the client’s CSS and no JavaScript, from a bare `node:http` server; app and baseline visits interleaved',
    '- first post painted: navigation start → the frame painted after the first `<article>` entered the DOM (MutationObserver, then the next animation frame), never earlier than the first contentful paint',
    '',
    '| figure | app | baseline (same run) | ratio |',
    '|---|---:|---:|---:|',
    `| first post painted, median | ${ms(a.median)} | ${ms(b.median)} | ${(a.median / b.median).toFixed(2)}× |`,
    `| first post painted, p95 | ${ms(a.p95)} | ${ms(b.p95)} | ${(a.p95 / b.p95).toFixed(2)}× |`,
    `| first contentful paint, median | ${ms(fcpApp.median)} | ${ms(fcpBase.median)} | ${(fcpApp.median / fcpBase.median).toFixed(2)}× |`,
    `| JavaScript loaded by the thread page, gzip | ${kb(gzipTotal)} | 0 KB | |`,
    '',
    `JavaScript per file (gzip at zlib's default level 6, as a compressing proxy would send it; raw ${kb(rawTotal)} in all, served ${served}):`,
    '',
    ...js.map((f) => `- \`${f.url}\`: ${kb(f.gzip)} gzip, ${kb(f.raw)} raw`),
    '',
    `Goal (under ${BUDGET_KB} KB of JavaScript gzipped for the thread page): ${gzipTotal / 1024 < BUDGET_KB ? 'met' : '**not met**'} (${kb(gzipTotal)}).`,
    `Runs: ${runs} per page, plus one warm-up visit each that is not counted; app first post painted min ${ms(a.min)}, max ${ms(a.max)}; baseline min ${ms(b.min)}, max ${ms(b.max)}.`,
  ].join('\n');
}

/** Replaces (or appends) the "Web client" section of bench/RESULTS.md, leaving the others alone. */
function writeSection(section) {
  const file = join(PROJECT_ROOT, 'bench', 'RESULTS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const start = current.search(/^## Web client\s*$/m);
  let next;
  if (start < 0) next = `${current.trimEnd()}\n\n${section}\n`;
  else {
    const after = current.indexOf('\n## ', start + 1);
    next = `${current.slice(0, start)}${section}\n${after < 0 ? '' : current.slice(after)}`;
  }
  writeFileSync(file, next);
  log('wrote the "Web client" section of bench/RESULTS.md');
}

// ---- the run ---------------------------------------------------------------------------------

if (!hasChromium()) {
  log('/usr/bin/chromium is missing: apt-get install -y chromium');
  process.exit(1);
}
if (!existsSync(join(PROJECT_ROOT, 'dist', 'src', 'main.js'))) {
  log('dist/src/main.js is missing: npx nest build');
  const build = spawnSync('npx', ['nest', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}
await ensureClientBuilt({ log });

const started = new Date();
const app = await startBuiltApp({ label: 'bench_client', adminUrl: values['admin-url'] });
let baselineServer = null;
let browser = null;
try {
  const guest = apiClient(app.url);
  const thread = (await guest.get('/api/forums/world-affairs/threads')).items[0];
  if (!thread) throw new Error('the seed thread is missing');
  const page = await guest.get(`/api/threads/${thread.id}/posts?limit=20`);
  const assets = join(PROJECT_ROOT, 'client', 'dist', 'assets');
  const cssFile = readdirSync(assets).find((name) => /^index-.*\.css$/.test(name));
  baselineServer = await startBaseline(staticThreadPage(thread, page.items), readFileSync(join(assets, cssFile), 'utf8'));
  const appUrl = `${app.url}/t/${thread.slug}/${thread.id}`;

  browser = await chromium.launch(launchOptions());
  await visit(browser, appUrl);
  await visit(browser, baselineServer.url);
  const appRuns = [];
  const baselineRuns = [];
  for (let i = 0; i < RUNS; i++) {
    appRuns.push(await visit(browser, appUrl));
    baselineRuns.push(await visit(browser, baselineServer.url));
    log(`run ${i + 1}/${RUNS}: app ${ms(appRuns.at(-1).firstPost)} (${appRuns.at(-1).articles} posts), baseline ${ms(baselineRuns.at(-1).firstPost)}`);
  }
  const section = render({ started, app: appRuns, baseline: baselineRuns, js: appRuns.at(-1).scripts, runs: RUNS, postsOnPage: page.items.length, threadTitle: thread.title });
  process.stdout.write(`${section}\n`);
  if (!values['no-write']) writeSection(section);
} finally {
  await browser?.close();
  await baselineServer?.close();
  await app.stop();
}
