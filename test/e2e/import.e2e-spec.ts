import { readFileSync } from 'node:fs';
import { ImportService } from '../../src/import/import.service.js';
import { readSeed, SEED } from '../../src/import/seed.js';
import { createForum, createThread, reply } from '../factories/content.js';
import { registerMember } from '../factories/members.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SEPARATOR = '\n\u00a0\n';

const article = (headline: string, city: string, agency: string, body: string, url: string) =>
  `${headline}\n\n${city}, March 3 (${agency}) -- ${body} officials said on Monday. "We will continue," the minister told reporters.\n\nThe agreement covers energy, transport and finance, according to the ministry.\n\n${url}`;



interface PostBody {
  id: number;
  position: number;
  state: string;
  kind: string;
  createdAt: string;
  createdAtEstimated: boolean;
  html: string | null;
  author: { username: string; isPlaceholder: boolean } | null;
  sources: { url: string | null; outlet: string | null }[];
  quotes: { postId: number; position: number; excerpt: string }[];
  attachments: { filename: string; available: boolean; label: string }[];
  analysis: Record<string, unknown> & { articleDate: string | null; signals: { name: string }[] };
}

describe('importing the original thread', () => {
  let t: TestApp;
  let threadId: number;
  let posts: PostBody[];

  beforeAll(async () => {
    t = await startTestApp();
    const summary = await t.app.get(ImportService).importDump(readSeed(), { forumSlug: SEED.forumSlug, forumTitle: SEED.forumTitle });
    threadId = summary.threadId;
    const moderator = await (await import('../factories/members.js')).createMemberWithRole(t, 'moderator');
    posts = (await t.http().get(`/api/threads/${threadId}/posts?limit=100`).set('Authorization', moderator.auth)).body.items;
  });
  afterAll(() => t.close());

  it('keeps the original title and its 15 posts in order, page chrome dropped', async () => {
    const thread = (await t.http().get(`/api/threads/${threadId}`)).body;
    expect(thread).toMatchObject({ title: 'China-Russia Strategic Partnership: News and Analyses', lastPosition: 15, forum: { slug: 'world-affairs', title: 'World Affairs' } });
    expect(posts.map((p) => p.position)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const all = posts.map((p) => p.html ?? '').join('\n');
    expect(all).not.toContain("What's new");
    expect(all).not.toContain('Top Bottom');
    expect(posts[0].html).toMatch(/^<p>Russia, China to look for new areas of cooperation — Putin/);
  });

  it('keeps typography exactly: curly quotes, dashes, Cyrillic look-alikes', () => {
    const source = readFileSync(SEED.file, 'utf8');
    const rosCosmos = source.match(/Ros\u0441osmos/);
    expect(rosCosmos).not.toBeNull();
    expect(posts.some((p) => (p.html ?? '').includes('Ros\u0441osmos'))).toBe(true);
    expect(posts[0].html).toContain('China’s Communist Party');
    expect(posts[0].html).toContain('— Putin');
  });

  it('attributes posts to distinct, clearly marked placeholder members', () => {
    const names = posts.map((p) => p.author!.username);
    expect(new Set(names).size).toBe(15);
    for (const p of posts) {
      expect(p.author!.isPlaceholder).toBe(true);
      expect(p.author!.username).toMatch(/^Imported author #\d+/);
    }
  });

  it('gives estimated times from the article dates, in order', () => {
    const times = posts.map((p) => Date.parse(p.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(posts.every((p) => p.createdAtEstimated)).toBe(true);
    expect(posts[0].createdAt.slice(0, 10)).toBe('2017-11-10');
    expect(posts[1].createdAt).toBe('2017-11-17T15:30:00.000Z');
    expect(posts[6].createdAt).toBe('2018-01-02T07:45:00.000Z');
    expect(posts[12].createdAt.slice(0, 10)).toBe('2018-03-19');
  });

  it('tells news reposts from opinion and mixed posts, naming its signals', () => {
    const kinds = posts.map((p) => p.kind);
    expect(kinds).toEqual(['mixed', 'news', 'news', 'news', 'opinion', 'news', 'mixed', 'news', 'news', 'opinion', 'news', 'news', 'opinion', 'news', 'news']);
    for (const p of posts) expect(p.analysis.signals.length).toBeGreaterThan(0);
    expect(posts[1].analysis.signals.map((s) => s.name)).toEqual(expect.arrayContaining([expect.stringMatching(/credit|dateline/)]));
    expect(posts[6].analysis.articleEnd).toEqual(expect.any(Number));
  });

  it('stores sources as rows: URLs and named outlets', () => {
    expect(posts[1].sources).toEqual(expect.arrayContaining([expect.objectContaining({ url: expect.stringContaining('sputniknews.com'), outlet: 'Sputnik' })]));
    expect(posts[0].sources.map((s) => s.outlet)).toContain('TASS');
    expect(posts[6].sources.map((s) => s.outlet)).toEqual(expect.arrayContaining(['Xinhua', "People's Daily"]));
    expect(posts[10].sources.map((s) => s.outlet)).toEqual(expect.arrayContaining(['RT', 'Global Research']));
    expect(posts[11].sources).toEqual([]);
    expect(posts[4].sources).toEqual([]);
  });

  it('turns bare file names into attachment placeholders', () => {
    // the file name stands at the top of the second post, after the first separator
    expect(posts[1].attachments).toEqual([{ filename: '1034202091.jpg', available: false, label: 'image not included in the archive: 1034202091.jpg' }]);
    expect(posts[1].html).not.toContain('1034202091.jpg');
    expect(posts.flatMap((p) => p.attachments.map((a) => a.filename))).toContain('upload_2018-3-19_12-6-17.png');
  });

  it('reconstructs the flattened quote: post 10 quotes post 9 and keeps only its comment', () => {
    expect(posts[9].quotes).toEqual([expect.objectContaining({ postId: posts[8].id, position: 9 })]);
    expect(posts[9].html).toContain(`href="/p/${posts[8].id}"`);
    expect(posts[9].analysis.reconstructedQuoteOf).toMatchObject({ postId: posts[8].id });
    expect(posts[9].analysis.duplicateOf).toBeNull();
  });

  it('links the same story from another outlet as related, not duplicate', () => {
    expect(posts[10].analysis.related).toEqual(expect.arrayContaining([expect.objectContaining({ postId: posts[8].id })]));
    expect(posts[10].analysis.duplicateOf).toBeNull();
    expect(posts.filter((p) => p.analysis.duplicateOf)).toEqual([]);
  });

  it('holds the abusive opinion post for review, hidden from readers', async () => {
    expect(posts[4]).toMatchObject({ kind: 'opinion', state: 'hidden' });
    const guest = (await t.http().get(`/api/threads/${threadId}/posts?limit=100`)).body.items;
    expect(guest[4]).toMatchObject({ state: 'hidden', html: null });
  });

  it('changes nothing when run again', async () => {
    const before = await t.dataSource.query(`SELECT (SELECT count(*) FROM posts)::int AS posts, (SELECT count(*) FROM threads)::int AS threads, (SELECT count(*) FROM users)::int AS users`);
    const again = await t.app.get(ImportService).importDump(readSeed(), { forumSlug: SEED.forumSlug });
    expect(again).toMatchObject({ alreadyImported: true, threadId, posts: 15 });
    const after = await t.dataSource.query(`SELECT (SELECT count(*) FROM posts)::int AS posts, (SELECT count(*) FROM threads)::int AS threads, (SELECT count(*) FROM users)::int AS users`);
    expect(after).toEqual(before);
  });
});

describe('importing other dumps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('gives the right structure for a dump written in the same format with shuffled, edited posts', async () => {
    const a = article('Ports deal signed between two neighbours', 'HANOI', 'Reuters', 'A new ports agreement was signed,', 'https://www.reuters.com/world/2019/03/03/ports-deal');
    const b = 'I honestly think this deal is overrated. You will see that nothing changes for ordinary people, mark my words.';
    const c = article('Rail link to open next year', 'BEIJING', 'Xinhua', 'The rail link between the cities will open next year,', 'http://www.xinhuanet.com/english/2019-03/05/c_137.htm');
    const d = `${c}\n\nGood news at last, I have waited years for this train.`;
    // shuffled relative to writing order, the last post repeats an earlier one and comments on it
    const fixed = ["What's new\n\nMy own test thread\n\n" + b, c, a, `${d}\n\nphoto.jpg`, 'Back\nTop Bottom'].join(SEPARATOR);
    const summary = await t.app.get(ImportService).importDump(fixed, { forumSlug: 'test-imports' });
    expect(summary).toMatchObject({ posts: 4, alreadyImported: false, quotes: 1, hidden: 0 });
    const posts = (await t.http().get(`/api/threads/${summary.threadId}/posts`)).body.items;
    expect(posts.map((p: PostBody) => p.kind)).toEqual(['opinion', 'news', 'news', 'opinion']);
    expect(posts[1].sources.map((s: { outlet: string }) => s.outlet)).toContain('Xinhua');
    expect(posts[2].sources.map((s: { outlet: string }) => s.outlet)).toContain('Reuters');
    expect(posts[3].quotes[0]).toMatchObject({ position: 2 });
    expect(posts[3].attachments[0].filename).toBe('photo.jpg');
    const thread = (await t.http().get(`/api/threads/${summary.threadId}`)).body;
    expect(thread.title).toBe('My own test thread');
  });

  it('refuses a file that is not a dump with a clear error and imports nothing', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM threads`);
    await expect(t.app.get(ImportService).importDump('just some text\nwithout separators', { forumSlug: 'x' })).rejects.toThrow(/Not a thread dump: no post separator/);
    await expect(t.app.get(ImportService).importDump(Buffer.from([0, 1, 2, 3, 255]), { forumSlug: 'x' })).rejects.toThrow(/Not a thread dump/);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM threads`)).toEqual(before);
  });
});

describe('analysis of live posts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('classifies new posts through the API and links a repost of an earlier article as a duplicate', async () => {
    const member = await registerMember(t);
    const other = await registerMember(t);
    const forum = await createForum(t);
    const text = article('Gas exports reach a record high', 'MOSCOW', 'TASS', 'Gas exports to the east reached a record,', 'https://tass.com/economy/1234567');
    const thread = await createThread(t, member, forum.slug, 'Energy news', text);
    const opinion = await reply(t, other, thread.id, 'I think you are reading too much into this. My view: prices will drop.');
    const repost = await reply(t, other, thread.id, text);
    const first = (await t.http().get(`/api/posts/${thread.firstPostId}`)).body;
    expect(first.kind).toBe('news');
    expect(first.sources).toEqual(expect.arrayContaining([expect.objectContaining({ outlet: 'TASS' })]));
    expect((await t.http().get(`/api/posts/${opinion.id}`)).body.kind).toBe('opinion');
    // a new member's repost trips a rule, so it waits for approval: its author still sees why
    const dup = (await t.http().get(`/api/posts/${repost.id}`).set('Authorization', other.auth)).body;
    expect(dup.state).toBe('pending');
    expect(dup.analysis.duplicateOf).toMatchObject({ postId: thread.firstPostId, position: 1 });
    expect((await t.http().get(`/api/posts/${repost.id}`)).status).toBe(404);
  });
});

describe('first start', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SEED_ON_START: 'true' });
  });
  afterAll(() => t.close());

  it('imports the seed thread into World Affairs on an empty database', async () => {
    const forums = (await t.http().get('/api/forums')).body.items;
    expect(forums).toEqual([expect.objectContaining({ slug: 'world-affairs', title: 'World Affairs', threadCount: 1 })]);
    const threads = (await t.http().get('/api/forums/world-affairs/threads')).body.items;
    expect(threads[0]).toMatchObject({ title: 'China-Russia Strategic Partnership: News and Analyses', lastPosition: 15 });
  });
});
