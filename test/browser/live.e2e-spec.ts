import type { Browser } from 'playwright-core';
import { createForum, createThread, reply } from '../factories/content.js';
import { createMemberWithRole, type Member, registerMember, uniqueName } from '../factories/members.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { BROWSER_SETUP_TIMEOUT, BROWSER_TEST_TIMEOUT, describeInChromium, launchChromium, liveConnection, openSession, prepareClient, UI_TIMEOUT, waitUntil } from './support/browser.js';

// Two or three people, each in a browser context of their own (own cookies and socket), acting
// at the same time on the real app: what one does shows up in the others' pages without a reload.

declare const window: { liveMarker?: string };

describeInChromium('live updates between browsers', () => {
  let t: TestApp;
  let browser: Browser;
  let forum: { slug: string };

  beforeAll(async () => {
    await prepareClient();
    t = await startTestApp({ FLAGS_PER_MINUTE: '1000' });
    forum = await createForum(t, 'Open Discussion');
    browser = await launchChromium();
  }, BROWSER_SETUP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'a new member registers, quotes another member and replies; the other sees the reply live and gets a quote notification',
    async () => {
      const bob = await registerMember(t);
      const thread = await createThread(t, bob, forum.slug, 'Rail links across the border', 'The new rail link should halve the freight time between the two cities.');
      const threadPath = `/t/${thread.slug}/${thread.id}`;

      // Bob reads his thread, signed in
      const bobs = await openSession(browser, t.baseUrl, { member: bob });
      await bobs.page.goto(threadPath);
      await bobs.page.locator('article#post-1').waitFor();
      // the page follows the thread live once the server counts its reader
      await bobs.page.getByText('1 reading').waitFor();
      await bobs.page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
      await bobs.page.evaluate(() => (window.liveMarker = 'not reloaded'));

      // a visitor finds the thread, registers from its "register to reply" link and comes back
      const anne = { username: uniqueName('anne'), password: 'a long enough password' };
      const annes = await openSession(browser, t.baseUrl);
      await annes.page.goto('/');
      await annes.page.getByRole('link', { name: 'Open Discussion' }).click();
      await annes.page.getByRole('link', { name: 'Rail links across the border' }).click();
      await annes.page.locator('article#post-1').waitFor();
      await annes.page.getByRole('main').getByRole('link', { name: 'register' }).click();
      await annes.page.getByRole('heading', { name: 'Create an account' }).waitFor();
      await annes.page.getByLabel('Username').fill(anne.username);
      await annes.page.getByLabel('Password').fill(anne.password);
      await annes.page.getByRole('button', { name: 'Create an account' }).click();
      await annes.page.waitForURL(`**${threadPath}`);
      await annes.page.getByRole('button', { name: anne.username }).waitFor();

      // both are in the thread now: Bob's page counts two readers
      await bobs.page.getByText('2 reading').waitFor();

      // Anne quotes Bob's post and adds her own words
      await annes.page.getByRole('button', { name: 'Quote post #1', exact: true }).click();
      const box = annes.page.getByRole('textbox', { name: 'Your reply' });
      const quoted = await waitUntil(() => box.inputValue(), (value) => value.includes('[/QUOTE]'), 'the quote in the reply box');
      expect(quoted).toMatch(new RegExp(`^\\[QUOTE="${bob.username}, post: ${thread.firstPostId}[^"]*"\\][\\s\\S]*halve the freight time[\\s\\S]*\\[/QUOTE\\]\\s*$`));
      await box.press('End');
      await box.pressSequentially('Freight yes, but passengers will wait years.');
      await annes.page.getByRole('button', { name: 'Post reply' }).click();
      const annesReply = annes.page.locator('article#post-2');
      await annesReply.getByText('Freight yes, but passengers will wait years.').waitFor();
      // one quote block: the one in the reply box, not a second copy
      await expect(annesReply.locator('blockquote.bbcode-quote').count()).resolves.toBe(1);
      await expect(annesReply.locator('blockquote.bbcode-quote').innerText()).resolves.toContain('halve the freight time');
      await expect(box.inputValue()).resolves.toBe('');

      // Bob's page shows it without a reload, quote included, and his bell counts one unread
      const inBobs = bobs.page.locator('article#post-2');
      await inBobs.getByText('Freight yes, but passengers will wait years.').waitFor();
      await expect(inBobs.locator('.post-author').innerText()).resolves.toContain(anne.username);
      await expect(inBobs.locator('blockquote.bbcode-quote').innerText()).resolves.toContain('halve the freight time');
      await expect(bobs.page.evaluate(() => window.liveMarker)).resolves.toBe('not reloaded');
      const bell = bobs.page.getByRole('button', { name: 'Notifications, 1 unread' });
      await bell.waitFor();
      await bell.click();
      const notification = bobs.page.locator('#notifications .notification.unread');
      await expect(notification.innerText()).resolves.toMatch(new RegExp(`${anne.username} quoted your post in “Rail links across the border”`));

      // following it leads to Anne's reply
      await notification.click();
      await bobs.page.waitForURL(`**${threadPath}/2`);
      await bobs.page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

      expect(annes.errors).toEqual([]);
      expect(bobs.errors).toEqual([]);
      await annes.close();
      await bobs.close();
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    "a member reports a post; it appears live in a moderator's open queue, the moderator hides it, and the member then sees it hidden",
    async () => {
      const author = await registerMember(t);
      const thread = await createThread(t, author, forum.slug, 'Ferry timetables', 'Summer ferries start in May.');
      const contested = await reply(t, author, thread.id, 'Buy cheap tickets at my shop, best prices in town!');
      const carol: Member = await registerMember(t);
      const moderator = await createMemberWithRole(t, 'moderator');

      // the moderator watches the open queue
      const mods = await openSession(browser, t.baseUrl, { member: moderator });
      const modConnected = liveConnection(mods.page);
      await mods.page.goto('/');
      await mods.page.getByRole('button', { name: /account menu/ }).click();
      await mods.page.getByRole('link', { name: 'Review queue' }).click();
      await mods.page.getByRole('heading', { name: 'Review queue' }).waitFor();
      await mods.page.getByText('The queue is empty.').waitFor();
      await modConnected;
      await mods.page.evaluate(() => (window.liveMarker = 'not reloaded'));

      // Carol reports the advert through the dialog
      const carols = await openSession(browser, t.baseUrl, { member: carol });
      await carols.page.goto(`/t/${thread.slug}/${thread.id}`);
      const target = carols.page.locator(`article#post-${contested.position}`);
      await target.getByText('Buy cheap tickets').waitFor();
      await carols.page.getByText('1 reading').waitFor();
      await target.getByRole('button', { name: `Report post #${contested.position}` }).click();
      const dialog = carols.page.getByRole('dialog', { name: 'Report this post' });
      await dialog.getByRole('radio', { name: 'Spam or advertising' }).check();
      await dialog.getByLabel(/Note for the moderators/).fill('An advert for a ticket shop.');
      await dialog.getByRole('button', { name: 'Send report' }).click();
      await dialog.getByText('Thank you. The moderators will review this post.').waitFor();
      await dialog.getByRole('button', { name: 'Close' }).first().click();
      await dialog.waitFor({ state: 'hidden' });

      // the item arrives in the moderator's queue without a reload
      const item = mods.page.locator('li.queue-item', { hasText: 'Buy cheap tickets' });
      await item.waitFor();
      await expect(mods.page.evaluate(() => window.liveMarker)).resolves.toBe('not reloaded');
      await expect(item.locator('.badge-reason').innerText()).resolves.toBe('spam');
      await item.getByText('1 flag').click();
      await expect(item.locator('.flag-list').innerText()).resolves.toMatch(new RegExp(`spam by ${carol.username}.*An advert for a ticket shop`));

      // the moderator hides it
      await item.getByLabel('Action').selectOption('hide');
      await item.getByLabel('Reason').fill('advertising');
      await item.getByRole('button', { name: 'Resolve' }).click();
      await mods.page.getByText('1 item resolved (hide).').waitFor();
      await item.waitFor({ state: 'detached' });
      await mods.page.getByText('The queue is empty.').waitFor();

      // Carol's open page turns the post into a placeholder, and it stays hidden after a reload
      await target.locator('.post-placeholder', { hasText: 'This post is hidden.' }).waitFor({ timeout: UI_TIMEOUT });
      await expect(target.getByText('Buy cheap tickets').count()).resolves.toBe(0);
      await carols.page.reload();
      await target.locator('.post-placeholder', { hasText: 'This post is hidden.' }).waitFor();
      await expect(target.locator('.post-body').count()).resolves.toBe(0);

      expect(carols.errors).toEqual([]);
      expect(mods.errors).toEqual([]);
      await carols.close();
      await mods.close();
    },
    BROWSER_TEST_TIMEOUT,
  );
});
