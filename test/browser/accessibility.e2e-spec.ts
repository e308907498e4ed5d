import type { Browser, Page } from 'playwright-core';
import { ImportService } from '../../src/import/import.service.js';
import { readSeed, SEED } from '../../src/import/seed.js';
import { createForum, createThread, reply } from '../factories/content.js';
import { createMemberWithRole, type Member, registerMember } from '../factories/members.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  BROWSER_SETUP_TIMEOUT,
  BROWSER_TEST_TIMEOUT,
  describeInChromium,
  focusedElement,
  horizontalOverflow,
  launchChromium,
  openSession,
  prepareClient,
  seriousAxeViolations,
  tabUntil,
} from './support/browser.js';

// Every main page, as the people who use it: axe-core (WCAG 2 A and AA) finds nothing serious or
// critical, and the page logs no console error. Then a phone-width screen and the keyboard.

type Who = 'guest' | 'member' | 'moderator';

interface PageCheck {
  name: string;
  as: Who;
  path: () => string;
  /** waits for what makes the page worth checking (its data has arrived) */
  ready: (page: Page) => Promise<void>;
  /** what the person does before the check (open a menu or a dialog) */
  then?: (page: Page) => Promise<void>;
}

describeInChromium('accessibility and robustness of the web client', () => {
  let t: TestApp;
  let browser: Browser;
  let seedThread: { id: number; slug: string };
  let seedAuthor: string;
  let member: Member;
  let moderator: Member;

  const people = (): Record<Who, Member | undefined> => ({ guest: undefined, member, moderator });

  beforeAll(async () => {
    await prepareClient();
    t = await startTestApp();
    // before anything is posted (instances cache the list): a word that holds a post for approval
    const admin = await createMemberWithRole(t, 'admin');
    await t.http().post('/api/admin/watched-words').set('Authorization', admin.auth).send({ word: 'casino', action: 'require-approval' }).expect(201);
    const summary = await t.app.get(ImportService).importDump(readSeed(), { forumSlug: SEED.forumSlug, forumTitle: SEED.forumTitle });
    seedThread = (await t.http().get(`/api/threads/${summary.threadId}`)).body;
    seedAuthor = (await t.http().get(`/api/threads/${summary.threadId}/posts?limit=1`)).body.items[0].author.username;
    member = await registerMember(t);
    moderator = await createMemberWithRole(t, 'moderator');
    // something in the member's notifications: another member quotes their post
    const forum = await createForum(t, 'Side Talk');
    const own = await createThread(t, member, forum.slug, 'Weekend plans', 'Anyone going to the river on Saturday?');
    const other = await registerMember(t);
    await reply(t, other, own.id, `[QUOTE="${member.username}, post: ${own.firstPostId}, member: ${member.id}"]Anyone going to the river on Saturday?[/QUOTE]\nCount me in.`);
    // and a post held for approval
    const held = await reply(t, other, own.id, 'Or we could go to the casino instead.');
    if ((held as { state?: string }).state !== 'pending') throw new Error(`expected a held post, got ${JSON.stringify(held)}`);
    browser = await launchChromium();
  }, BROWSER_SETUP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const threadPath = () => `/t/${seedThread.slug}/${seedThread.id}`;
  const checks: PageCheck[] = [
    { name: 'forum index', as: 'guest', path: () => '/', ready: (p) => p.locator('.forum-row').first().waitFor() },
    { name: 'thread list', as: 'guest', path: () => `/f/${SEED.forumSlug}`, ready: (p) => p.locator('.thread-row').first().waitFor() },
    { name: 'thread page', as: 'guest', path: threadPath, ready: (p) => p.locator('article#post-15').waitFor() },
    { name: 'thread page with the reply box', as: 'member', path: threadPath, ready: (p) => p.getByRole('textbox', { name: 'Your reply' }).waitFor() },
    { name: 'thread page for moderators', as: 'moderator', path: threadPath, ready: (p) => p.getByRole('button', { name: 'Restore post #5' }).waitFor() },
    {
      name: 'report dialog',
      as: 'member',
      path: threadPath,
      ready: (p) => p.locator('article#post-2').waitFor(),
      then: async (p) => {
        await p.getByRole('button', { name: 'Report post #2', exact: true }).click();
        await p.getByRole('dialog', { name: 'Report this post' }).waitFor();
      },
    },
    { name: 'sign-in page', as: 'guest', path: () => '/login', ready: (p) => p.getByRole('heading', { name: 'Sign in' }).waitFor() },
    { name: 'registration page', as: 'guest', path: () => '/register', ready: (p) => p.getByRole('heading', { name: 'Create an account' }).waitFor() },
    { name: 'search results', as: 'guest', path: () => '/search?q=Putin', ready: (p) => p.locator('.search-hit').first().waitFor() },
    { name: 'profile', as: 'guest', path: () => `/u/${encodeURIComponent(seedAuthor)}`, ready: (p) => p.locator('.search-hit').first().waitFor() },
    { name: 'review queue', as: 'moderator', path: () => '/mod/queue', ready: (p) => p.locator('li.queue-item').first().waitFor() },
    { name: 'approvals', as: 'moderator', path: () => '/mod/approvals', ready: (p) => p.locator('li.queue-item', { hasText: 'casino' }).waitFor() },
    {
      name: 'notifications menu',
      as: 'member',
      path: () => '/',
      ready: (p) => p.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor(),
      then: async (p) => {
        await p.getByRole('button', { name: 'Notifications, 1 unread' }).click();
        await p.locator('#notifications .notification').first().waitFor();
      },
    },
  ];

  for (const check of checks) {
    it(
      `${check.name} (${check.as}): no serious or critical axe violations, no console errors`,
      async () => {
        const { page, errors, close } = await openSession(browser, t.baseUrl, { member: people()[check.as] });
        await page.goto(check.path());
        await check.ready(page);
        await check.then?.(page);
        expect(await seriousAxeViolations(page)).toEqual([]);
        expect(errors).toEqual([]);
        await close();
      },
      BROWSER_TEST_TIMEOUT,
    );
  }

  it(
    'fits a 360 px phone screen for a member too: header, posts and the reply box with its toolbar',
    async () => {
      const { page, errors, close } = await openSession(browser, t.baseUrl, { member, viewport: { width: 360, height: 740 } });
      await page.goto(threadPath());
      await page.getByRole('textbox', { name: 'Your reply' }).waitFor();
      const overflow = await horizontalOverflow(page);
      expect({ fits: overflow.scrollWidth <= 360, overflow }).toMatchObject({ fits: true });
      expect(errors).toEqual([]);
      await close();
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'lets a keyboard user reach the reply box and the submit button with Tab, with a visible focus ring, and post',
    async () => {
      const { page, errors, close } = await openSession(browser, t.baseUrl, { member });
      await page.goto(threadPath());
      await page.getByRole('textbox', { name: 'Your reply' }).waitFor();

      // the first stop is the skip link, which jumps past the header
      const skip = await tabUntil(page, () => true, 1);
      expect(skip).toMatchObject({ tag: 'a', text: 'Skip to content', focusVisible: true, indicator: true });

      const box = await tabUntil(page, (f) => f.tag === 'textarea');
      expect(box).toMatchObject({ focusVisible: true, indicator: true });
      await page.keyboard.type('Typed and sent with the keyboard alone.');

      const submit = await tabUntil(page, (f) => f.tag === 'button' && f.text === 'Post reply', 5);
      expect(submit).toMatchObject({ focusVisible: true, indicator: true });
      await page.keyboard.press('Enter');
      await page.locator('article.post', { hasText: 'Typed and sent with the keyboard alone.' }).waitFor();
      // focus moves to the new post so the reader knows where it went
      await expect(focusedElement(page)).resolves.toMatchObject({ tag: 'article' });
      expect(errors).toEqual([]);
      await close();
    },
    BROWSER_TEST_TIMEOUT,
  );
});
