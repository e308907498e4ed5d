// Screenshots of the main pages for the README, taken in Debian's headless Chromium from the built
// app on a throwaway database (seed thread imported, a few members acting through the API).
// Not part of `npm test`; run it by hand after a visible change to the client:
//
//   npx nest build && node test/browser/screenshots.mjs [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
//
// Writes docs/screenshots/*.png (1280x800, and one 360x740 phone shot).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { apiClient, DEFAULT_ADMIN_URL, startBuiltApp } from './support/built-app.mjs';
import { ensureClientBuilt, hasChromium, launchOptions, PROJECT_ROOT } from './support/chromium.mjs';

const { values } = parseArgs({ options: { 'admin-url': { type: 'string', default: DEFAULT_ADMIN_URL } } });
const OUT = join(PROJECT_ROOT, 'docs', 'screenshots');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const PASSWORD = 'screenshot password';
const log = (line) => process.stderr.write(`[screenshots] ${line}\n`);

if (!hasChromium()) {
  log('/usr/bin/chromium is missing: apt-get install -y chromium');
  process.exit(1);
}
await ensureClientBuilt({ log });
mkdirSync(OUT, { recursive: true });

const app = await startBuiltApp({ label: 'screenshots', adminUrl: values['admin-url'] });
const browser = await chromium.launch(launchOptions());
try {
  // ---- people and content, through the API as they would do it ------------------------------
  const { url } = app;
  app.createUser('admin_sam', PASSWORD, 'admin');
  app.createUser('elena_mod', PASSWORD, 'moderator');
  const admin = await apiClient(url).signIn('admin_sam', PASSWORD);
  await admin.post('/api/admin/forums', { slug: 'economy-and-trade', title: 'Economy & Trade', description: 'Markets, energy, trade deals and sanctions.' });
  await admin.post('/api/admin/forums', { slug: 'site-feedback', title: 'Site Feedback', description: 'Questions and suggestions about the forum itself.' });
  const threads = await admin.get('/api/forums/world-affairs/threads');
  const seed = threads.items[0];
  const seedPosts = (await admin.get(`/api/threads/${seed.id}/posts?limit=20`)).items;

  const maria = await apiClient(url).register('maria_k', PASSWORD);
  const jonas = await apiClient(url).register('jonas_b', PASSWORD);
  const sam = admin;
  await sam.post('/api/forums/site-feedback/threads', { title: 'Welcome: how posts are labelled', body: 'Posts are labelled [B]News[/B], [B]Opinion[/B] or [B]News + comment[/B], and sources are listed under each post. Report anything that breaks the rules.' });
  await maria.post('/api/forums/economy-and-trade/threads', { title: 'Power of Siberia: what the gas deal means for prices', body: 'Deliveries started this winter. Does anyone have numbers on what Europe will pay compared with China?' });
  const marias = await maria.post(`/api/threads/${seed.id}/posts`, {
    body: 'The pipeline numbers are impressive, but both sides still trade mostly raw materials for manufactured goods. I would like to see joint manufacturing before calling this a strategic partnership.',
  });
  const quote = await jonas.get(`/api/posts/${marias.id}/quote`);
  await jonas.post(`/api/threads/${seed.id}/posts`, { body: `${quote.bbcode}\nFair point @maria_k, the Siberia article in post #3 says much the same about the balance of trade.` });
  await jonas.put(`/api/posts/${marias.id}/reactions/like`);
  await jonas.post(`/api/posts/${seedPosts[11].id}/flags`, { reason: 'misinformation', note: 'The visitor figure is from 2016, not 2017.' });

  // ---- pages ---------------------------------------------------------------------------------
  const contexts = [];
  const open = async (who, viewport = DESKTOP) => {
    const context = await browser.newContext({ baseURL: url, viewport, deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'UTC', colorScheme: 'light' });
    contexts.push(context);
    if (who) {
      const res = await context.request.post('/api/auth/login', { data: { username: who, password: PASSWORD } });
      if (!res.ok()) throw new Error(`sign-in of ${who} failed: ${res.status()}`);
    }
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => log(`page error on ${page.url()}: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && log(`console error on ${page.url()}: ${message.text()}`));
    return page;
  };
  const settle = (page) => page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))));
  const shot = async (page, name) => {
    await settle(page);
    await page.screenshot({ path: join(OUT, `${name}.png`) });
    log(`docs/screenshots/${name}.png`);
  };
  /** scrolls so `selector` starts just below the top of the window */
  const scrollTo = (page, selector) => page.evaluate((s) => window.scrollTo(0, document.querySelector(s).getBoundingClientRect().top + window.scrollY - 24), selector);
  const threadPath = `/t/${seed.slug}/${seed.id}`;

  const guest = await open(null);
  await guest.goto('/');
  await guest.locator('.forum-row').nth(2).waitFor();
  await shot(guest, 'forum-index');

  await guest.goto(threadPath);
  await guest.locator('article#post-1').waitFor();
  await shot(guest, 'thread');

  await guest.locator('article#post-10').waitFor();
  await scrollTo(guest, 'article#post-10');
  await shot(guest, 'thread-reconstructed-quote');

  await guest.goto('/search?q=pipeline');
  await guest.locator('.search-hit').first().waitFor();
  await shot(guest, 'search');

  await guest.goto('/login');
  await guest.getByRole('heading', { name: 'Sign in' }).waitFor();
  await shot(guest, 'login');

  const moderator = await open('elena_mod');
  await moderator.goto(threadPath);
  await moderator.locator('article#post-5 .moderation-note').waitFor();
  // the moderator's own tools show once the session has loaded
  await moderator.getByRole('button', { name: 'Restore post #5' }).waitFor();
  await scrollTo(moderator, 'article#post-5');
  await shot(moderator, 'thread-moderator');

  await moderator.goto('/mod/queue');
  await moderator.locator('li.queue-item').nth(1).waitFor();
  // the heading, the filters and the first item whole, down to its actions
  await scrollTo(moderator, '.mod-page h1');
  await shot(moderator, 'review-queue');

  const member = await open('maria_k');
  await member.goto(threadPath);
  await member.getByRole('textbox', { name: 'Your reply' }).waitFor();
  const bell = member.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  await bell.click();
  await member.locator('#notifications .notification').nth(1).waitFor();
  await shot(member, 'notifications');

  const phone = await open(null, PHONE);
  await phone.goto(threadPath);
  await phone.locator('article#post-2').waitFor();
  await shot(phone, 'thread-phone');

  for (const context of contexts) await context.close();
} finally {
  await browser.close();
  await app.stop();
}
