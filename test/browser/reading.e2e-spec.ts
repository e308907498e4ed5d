import type { Browser } from 'playwright-core';
import { ImportService } from '../../src/import/import.service.js';
import { readSeed, SEED } from '../../src/import/seed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  BROWSER_SETUP_TIMEOUT,
  BROWSER_TEST_TIMEOUT,
  describeInChromium,
  horizontalOverflow,
  launchChromium,
  openSession,
  prepareClient,
  UI_TIMEOUT,
} from './support/browser.js';

const SEED_TITLE = 'China-Russia Strategic Partnership: News and Analyses';

describeInChromium('a reader in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let seedThreadId: number;
  let seedPostIds: Map<number, number>;

  beforeAll(async () => {
    await prepareClient();
    t = await startTestApp();
    const summary = await t.app.get(ImportService).importDump(readSeed(), { forumSlug: SEED.forumSlug, forumTitle: SEED.forumTitle });
    seedThreadId = summary.threadId;
    const rows: { id: number; position: number }[] = await t.dataSource.query('SELECT id, position FROM posts WHERE thread_id = $1', [seedThreadId]);
    seedPostIds = new Map(rows.map((r) => [Number(r.position), Number(r.id)]));
    browser = await launchChromium();
  }, BROWSER_SETUP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'opens the seeded thread from the forum index: kinds, sources as links, the reconstructed quote, the abusive post hidden',
    async () => {
      const { page, errors, close } = await openSession(browser, t.baseUrl);
      await page.goto('/');
      await page.getByRole('link', { name: SEED.forumTitle }).click();
      await page.getByRole('link', { name: SEED_TITLE }).click();
      await page.getByRole('heading', { level: 1, name: SEED_TITLE }).waitFor();
      const post = (position: number) => page.locator(`article#post-${position}`);
      await post(1).waitFor();
      await expect(page.locator('article.post').count()).resolves.toBe(15);

      // the importer's verdict on each post, as badges
      const kinds: Record<number, string> = { 1: 'News + comment', 2: 'News', 7: 'News + comment', 10: 'Opinion', 13: 'Opinion', 15: 'News' };
      for (const [position, label] of Object.entries(kinds)) await expect(post(Number(position)).locator('.badge-kind').innerText()).resolves.toBe(label);

      // sources: a URL becomes a link named by its outlet; an outlet without a URL stays text
      const sputnik = post(2).locator('.sources').getByRole('link', { name: /Sputnik/ });
      await expect(sputnik.getAttribute('href')).resolves.toMatch(/^https:\/\/sputniknews\.com\//);
      await expect(sputnik.getAttribute('target')).resolves.toBe('_blank');
      await expect(post(7).locator('.sources').getByRole('link', { name: /People's Daily/ }).getAttribute('href')).resolves.toMatch(/people\.cn/);
      await expect(post(1).locator('.sources li').innerText()).resolves.toContain('TASS');
      await expect(post(1).locator('.sources a').count()).resolves.toBe(0);

      // post 10 repeated post 9's article: shown as a quote block that links back to post 9
      const quote = post(10).locator('blockquote.bbcode-quote');
      await expect(quote.count()).resolves.toBe(1);
      await expect(quote.innerText()).resolves.toContain('Russia, China Strike Deal to Jointly Explore Outer Space');
      const quoteLink = quote.locator(`a[href="/p/${seedPostIds.get(9)}"]`).first();
      await expect(quoteLink.innerText()).resolves.toMatch(/said/);
      await expect(post(10).locator('.post-body > p').last().innerText()).resolves.toMatch(/China-Russia or US\?/);

      // the abusive opinion post waits for review: a guest sees a placeholder, not its words
      await expect(post(5).locator('.post-placeholder').innerText()).resolves.toBe('This post is hidden.');
      await expect(post(5).locator('.post-body').count()).resolves.toBe(0);
      await expect(post(5).locator('.badge-kind').count()).resolves.toBe(0);

      // following the quote's link lands on post 9 in the same page
      await quoteLink.click();
      await page.waitForURL(new RegExp(`/t/[^/]+/\\d+/9$`), { timeout: UI_TIMEOUT });
      await post(9).and(page.locator('.is-highlighted')).waitFor();
      expect(errors).toEqual([]);
      await close();
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'fits a 360 px phone screen without sideways scrolling',
    async () => {
      const { page, errors, close } = await openSession(browser, t.baseUrl, { viewport: { width: 360, height: 740 } });
      for (const path of ['/', `/f/${SEED.forumSlug}`, `/t/seed/${seedThreadId}`]) {
        await page.goto(path);
        await page.locator(path.startsWith('/t/') ? 'article#post-15' : 'main .card').first().waitFor();
        const overflow = await horizontalOverflow(page);
        // the elements sticking out are in the message when it fails
        expect({ path, fits: overflow.scrollWidth <= 360, overflow }).toMatchObject({ path, fits: true });
      }
      expect(errors).toEqual([]);
      await close();
    },
    BROWSER_TEST_TIMEOUT,
  );

  it('serves the built client: hashed assets cached for a year, the page shell revalidated, the API beside them', async () => {
    const shell = await fetch(`${t.baseUrl}/t/seed/${seedThreadId}`, { headers: { accept: 'text/html' } });
    expect(shell.headers.get('cache-control')).toBe('no-cache');
    const asset = /\/assets\/[^"]+\.js/.exec(await shell.text())?.[0];
    expect(asset).toBeDefined();
    const script = await fetch(`${t.baseUrl}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    // the API beside them still answers JSON
    const missing = await fetch(`${t.baseUrl}/api/threads/999999999`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).statusCode).toBe(404);
  });
});
