import Parser from 'rss-parser';
import { PostsService } from '../../src/posts/posts.service.js';
import { createForum, createThread, reply } from '../factories/content.js';
import { type Member, registerMember } from '../factories/members.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('search', () => {
  let t: TestApp;
  let alice: Member;
  let bob: Member;
  let forum: { slug: string };
  let other: { slug: string };
  let threadId: number;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await registerMember(t);
    bob = await registerMember(t);
    forum = await createForum(t, 'Energy');
    other = await createForum(t, 'Sports');
    const thread = await createThread(t, alice, forum.slug, 'Pipeline diplomacy in Siberia', 'The gas pipeline talks resumed today.');
    threadId = thread.id;
    await reply(t, bob, threadId, 'Pipelines are cheap & "simple" compared with tankers; the pipeline deal matters.');
    await reply(t, alice, threadId, 'Nothing about energy here, just weather.');
    const hidden = await reply(t, bob, threadId, 'A hidden remark about the pipeline.');
    await t.app.get(PostsService).setState(null, hidden.id, 'hidden', 'test');
    const sports = await createThread(t, bob, other.slug, 'Football results', 'A pipeline of young players.');
    void sports;
  });
  afterAll(() => t.close());

  it('finds posts by stemmed words, ranked, with escaped highlighted snippets', async () => {
    const res = await t.http().get('/api/search').query({ q: 'pipeline' });
    expect(res.status).toBe(200);
    const ids = res.body.items.map((i: { threadTitle: string }) => i.threadTitle);
    expect(ids.length).toBe(3);
    for (const item of res.body.items) expect(item.snippet).toMatch(/<mark>pipeline/i);
    const withTag = res.body.items.find((i: { snippet: string }) => i.snippet.includes('cheap'));
    expect(withTag.snippet).toContain('cheap &amp; &quot;simple&quot;');
  });

  it('never returns hidden posts', async () => {
    const res = await t.http().get('/api/search').query({ q: 'hidden remark' });
    expect(res.body.items).toEqual([]);
  });

  it('matches thread titles and filters by forum, thread, author and dates', async () => {
    const title = await t.http().get('/api/search').query({ q: 'diplomacy' });
    expect(title.body.items).toHaveLength(1);
    expect(title.body.items[0]).toMatchObject({ threadId, position: 1 });
    expect((await t.http().get('/api/search').query({ q: 'pipeline', forum: other.slug })).body.items).toHaveLength(1);
    expect((await t.http().get('/api/search').query({ q: 'pipeline', thread: threadId })).body.items).toHaveLength(2);
    const byBob = await t.http().get('/api/search').query({ q: 'pipeline', author: bob.username });
    expect(byBob.body.items.every((i: { author: string }) => i.author === bob.username)).toBe(true);
    expect(byBob.body.items).toHaveLength(2);
    expect((await t.http().get('/api/search').query({ q: 'pipeline', to: '2000-01-01' })).body.items).toEqual([]);
    expect((await t.http().get('/api/search').query({ q: 'pipeline', from: '2000-01-01' })).body.items).toHaveLength(3);
  });

  it('finds a quoted phrase only where its words stand together, and honours a negated one', async () => {
    const carol = await registerMember(t);
    const phraseThread = await createThread(t, carol, forum.slug, 'Gas prices', 'Opening post about prices.');
    const together = await reply(t, carol, phraseThread.id, 'The gas deal was signed at last.');
    const apart = await reply(t, carol, phraseThread.id, 'A deal on wheat, and more gas from the north.');
    const phrase = await t.http().get('/api/search').query({ q: '"gas deal"' });
    expect(phrase.status).toBe(200);
    expect(phrase.body.items.map((i: { postId: number }) => i.postId)).toEqual([together.id]);
    expect(phrase.body.items[0].snippet).toMatch(/<mark>gas<\/mark> <mark>deal/i);
    const words = await t.http().get('/api/search').query({ q: 'gas deal' });
    expect(words.body.items.map((i: { postId: number }) => i.postId).sort()).toEqual([together.id, apart.id].sort());
    const negated = await t.http().get('/api/search').query({ q: 'deal -"gas deal"', thread: phraseThread.id });
    expect(negated.body.items.map((i: { postId: number }) => i.postId)).toEqual([apart.id]);
  });

  it('pages through results with a cursor without repeats', async () => {
    const first = await t.http().get('/api/search').query({ q: 'pipeline', limit: 2 });
    expect(first.body.items).toHaveLength(2);
    const second = await t.http().get('/api/search').query({ q: 'pipeline', limit: 2, cursor: first.body.next });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.next).toBeNull();
    const all = [...first.body.items, ...second.body.items].map((i: { postId: number }) => i.postId);
    expect(new Set(all).size).toBe(3);
  });

  it("lists a member's posts newest first when only the author is given", async () => {
    const res = await t.http().get('/api/search').query({ author: alice.username });
    expect(res.body.items.map((i: { position: number }) => i.position)).toEqual([3, 1]);
  });

  it('answers 400 for an empty query, bad dates and a bad cursor; web syntax never errors', async () => {
    expect((await t.http().get('/api/search')).status).toBe(400);
    expect((await t.http().get('/api/search').query({ q: 'x', from: 'yesterday' })).status).toBe(400);
    expect((await t.http().get('/api/search').query({ q: 'x', cursor: 'nope' })).status).toBe(400);
    for (const q of ['"unclosed', 'a & | ! b', '-', 'or or', '(((']) {
      expect((await t.http().get('/api/search').query({ q })).status).toBe(200);
    }
  });

  it('autocompletes member names by prefix for mentions', async () => {
    const res = await t.http().get('/api/users').query({ prefix: alice.username.slice(0, 8) });
    expect(res.body.items.map((u: { username: string }) => u.username)).toContain(alice.username);
    expect((await t.http().get('/api/users').query({ prefix: '%' })).body.items).toEqual([]);
  });
});

describe('feeds and permalinks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves Atom feeds of a thread and a forum that a feed parser reads', async () => {
    const alice = await registerMember(t);
    const forum = await createForum(t, 'Feeds');
    const thread = await createThread(t, alice, forum.slug, 'Feed thread', 'First [b]bold[/b] post');
    await reply(t, alice, thread.id, 'Second post');
    const parser = new Parser();
    const threadFeed = await t.http().get(`/t/${thread.slug}/${thread.id}/feed.atom`);
    expect(threadFeed.headers['content-type']).toMatch(/application\/atom\+xml/);
    const parsed = await parser.parseString(threadFeed.text);
    expect(parsed.title).toBe('Feed thread');
    expect(parsed.items.map((i) => i.link)).toEqual([expect.stringMatching(new RegExp(`/t/${thread.slug}/${thread.id}/2$`)), expect.stringMatching(/\/1$/)]);
    expect(parsed.items[1].content).toContain('<b>bold</b>');
    const forumFeed = await parser.parseString((await t.http().get(`/f/${forum.slug}/feed.atom`)).text);
    expect(forumFeed.items).toHaveLength(2);
    expect((await t.http().get(`/f/nope/feed.atom`)).status).toBe(404);
  });

  it('redirects /p/:id to the post in its thread', async () => {
    const alice = await registerMember(t);
    const forum = await createForum(t);
    const thread = await createThread(t, alice, forum.slug, 'Permalink thread');
    const post = await reply(t, alice, thread.id, 'target');
    const res = await t.http().get(`/p/${post.id}`).redirects(0);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/t/${thread.slug}/${thread.id}/2`);
    expect((await t.http().get('/p/99999999').redirects(0)).status).toBe(404);
  });
});
