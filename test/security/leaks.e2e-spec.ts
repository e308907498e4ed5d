import { randomBytes } from 'node:crypto';
import { createThread, reply } from '../factories/content.js';
import { type Member, registerMember } from '../factories/members.js';
import {
  closeAllLive,
  connectLive,
  eventually,
  type LiveClient,
  settle,
} from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type Cast, createCast, type RoleName } from './support/cast.js';

// What may not be seen is never said: hidden, pending and deleted posts, moderators' notes and
// reasons, who flagged a post and the moderation log stay out of every response, search, feed,
// socket payload and notification a reader who may not see them gets. Each secret is a unique
// word; moderators (and, for their own posts, authors) must see it, so the test is not vacuous.

const secret = (label: string) => `${label}${randomBytes(5).toString('hex').replace(/\d/g, 'k')}`;

describe('nothing leaks to those who may not see it', () => {
  let t: TestApp;
  let cast: Cast;
  let flagger: Member;
  const secrets = {
    hidden: secret('hiddenword'),
    pending: secret('pendingword'),
    deleted: secret('deletedword'),
    note: secret('noteword'),
    flagNote: secret('flagnoteword'),
    modReason: secret('reasonword'),
  };
  const ids = { hidden: 0, pending: 0, deleted: 0, flagged: 0, thread: 0, threadSlug: '' };
  const sockets: Partial<Record<RoleName | 'flagger', LiveClient>> = {};

  beforeAll(async () => {
    t = await startTestApp({
      DATABASE_POOL_SIZE: '10',
      FLAGS_PER_MINUTE: '10000',
      AUTO_SLOW_MODE_REPLIES_PER_MINUTE: '0',
    });
    cast = await createCast(t);
    flagger = await registerMember(t);
    const thread = await createThread(
      t,
      cast.author,
      cast.forum.slug,
      'Where secrets are kept',
      'A visible first post.',
    );
    ids.thread = thread.id;
    ids.threadSlug = thread.slug;
    // readers who follow the thread live and by notification
    for (const who of [cast.other, cast.member, cast.silenced])
      await t.http().put(`/api/threads/${thread.id}/watch`).set('Authorization', who.auth);
    const roles: (RoleName | 'flagger')[] = [
      'guest',
      'member',
      'author',
      'other',
      'silenced',
      'suspended',
      'moderator',
      'flagger',
    ];
    for (const role of roles) {
      const who = role === 'flagger' ? flagger : role === 'guest' ? null : cast[role];
      const client = await connectLive(t.baseUrl, who ? { token: who.token } : {});
      await client.request('thread:join', { threadId: thread.id });
      await client.request('forum:join', { slug: cast.forum.slug });
      sockets[role] = client;
    }

    // a post shown, then hidden by a moderator with a reason
    ids.hidden = (
      await reply(
        t,
        cast.author,
        thread.id,
        `The hidden one: ${secrets.hidden} @${cast.other.username}`,
      )
    ).id;
    await t
      .http()
      .post(`/api/moderation/posts/${ids.hidden}/hide`)
      .set('Authorization', cast.moderator.auth)
      .send({ reason: secrets.modReason });
    // a post held for approval that names a reader
    const pending = await t
      .http()
      .post(`/api/threads/${thread.id}/posts`)
      .set('Authorization', cast.author.auth)
      .send({
        body: `Held: ${cast.holdWord} ${secrets.pending} @${cast.other.username} [quote]${secrets.pending}[/quote]`,
      });
    expect(pending.body.state).toBe('pending');
    ids.pending = pending.body.id;
    // a post deleted by a moderator
    ids.deleted = (await reply(t, cast.author, thread.id, `Soon gone: ${secrets.deleted}`)).id;
    await t
      .http()
      .post(`/api/moderation/posts/${ids.deleted}/delete`)
      .set('Authorization', cast.moderator.auth)
      .send({ reason: 'gone' });
    // a private note on the author, and a flag with a note by a member the author must not learn of
    await t
      .http()
      .post(`/api/moderation/users/${cast.author.id}/notes`)
      .set('Authorization', cast.moderator.auth)
      .send({ body: secrets.note });
    ids.flagged = (await reply(t, cast.author, thread.id, 'A post someone will flag.')).id;
    const flag = await t
      .http()
      .post(`/api/posts/${ids.flagged}/flags`)
      .set('Authorization', flagger.auth)
      .send({ reason: 'other', note: secrets.flagNote });
    expect(flag.status).toBe(201);
    // the moderator upholds it: the author is told, never by whom
    const resolved = await t
      .http()
      .post(`/api/moderation/items/${flag.body.itemId}/resolve`)
      .set('Authorization', cast.moderator.auth)
      .send({ action: 'hide', reason: 'upheld' });
    expect(resolved.status).toBe(200);
    await eventually(() => sockets.moderator!.of('moderation:queue').length > 0);
    await settle();
  }, 120_000);
  afterAll(async () => {
    closeAllLive();
    await t?.close();
  });

  /** Everything a reader can fetch about the thread, its posts, the forum and themselves. */
  async function everythingSeenBy(who: Member | null): Promise<string> {
    const auth = (req: ReturnType<ReturnType<TestApp['http']>['get']>) =>
      who ? req.set('Authorization', who.auth) : req;
    const parts: unknown[] = [];
    const get = async (path: string, query: Record<string, string | number> = {}) => {
      const res = await auth(t.http().get(path).query(query).redirects(0));
      expect(res.status).toBeLessThan(500);
      parts.push(res.status, res.body, res.text, res.headers.location ?? '');
    };
    for (const id of [ids.hidden, ids.pending, ids.deleted, ids.flagged]) {
      await get(`/api/posts/${id}`);
      await get(`/api/posts/${id}/quote`);
      await get(`/api/posts/${id}/revisions`);
    }
    await get(`/api/threads/${ids.thread}`);
    for (const query of [{}, { after: 0, limit: 100 }, { around: 3 }, { before: 10 }] as Record<
      string,
      number
    >[])
      await get(`/api/threads/${ids.thread}/posts`, query);
    await get(`/api/forums/${cast.forum.slug}/threads`);
    for (const word of Object.values(secrets)) await get('/api/search', { q: word });
    await get('/api/search', { author: cast.author.username });
    await get(`/t/${ids.threadSlug}/${ids.thread}/feed.atom`);
    await get(`/f/${cast.forum.slug}/feed.atom`);
    await get(`/api/users/${cast.author.username}`);
    await get(`/api/moderation/users/${cast.author.id}`);
    await get('/api/moderation/log');
    for (const status of ['active', 'resolved']) await get('/api/moderation/queue', { status });
    if (who) {
      await get('/api/me');
      await get('/api/notifications', { limit: 50 });
    }
    return JSON.stringify(parts);
  }

  const everySecret = () => Object.values(secrets);

  it.each(['guest', 'member', 'other', 'silenced', 'suspended'] as const)(
    'tells a %s none of the secrets, by any route',
    async (role) => {
      const seen = await everythingSeenBy(role === 'guest' ? null : cast[role]);
      expect(everySecret().filter((s) => seen.includes(s))).toEqual([]);
      expect(seen.includes(flagger.username)).toBe(false);
    },
  );

  it('tells the author about their own hidden and pending posts and the reason, but not the notes, the flag or who flagged', async () => {
    const seen = await everythingSeenBy(cast.author);
    expect(seen).toContain(secrets.hidden);
    expect(seen).toContain(secrets.pending);
    expect(seen).toContain(secrets.modReason);
    expect(
      [secrets.deleted, secrets.note, secrets.flagNote, flagger.username].filter((s) =>
        seen.includes(s),
      ),
    ).toEqual([]);
  });

  it('shows moderators everything (the checks above are not vacuous)', async () => {
    const seen = await everythingSeenBy(cast.moderator);
    expect(everySecret().filter((s) => !seen.includes(s))).toEqual([]);
    expect(seen).toContain(flagger.username);
  });

  it('sends thread readers only placeholders of posts they may not see, and moderators the rest', async () => {
    // the hidden and deleted posts were visible when they were created: readers got them then
    const wasVisible = new Set([ids.hidden, ids.deleted, ids.flagged]);
    const afterTheFact = (client: LiveClient) =>
      client.received.filter(
        (r) =>
          !(r.event === 'post:created' && wasVisible.has((r.payload.post as { id: number }).id)),
      );
    for (const role of ['guest', 'member', 'other', 'silenced', 'suspended', 'flagger'] as const) {
      const payloads = JSON.stringify(afterTheFact(sockets[role]!));
      const hiddenEvents = sockets[role]!.of('post:hidden').concat(
        sockets[role]!.of('post:deleted'),
      );
      expect({ role, events: hiddenEvents.length }).toEqual({ role, events: 3 });
      expect(
        hiddenEvents.every(
          (p) =>
            (p.post as { html: unknown; bodySource: unknown }).html === null &&
            (p.post as { bodySource: unknown }).bodySource === null,
        ),
      ).toBe(true);
      expect({ role, leaked: everySecret().filter((s) => payloads.includes(s)) }).toEqual({
        role,
        leaked: [],
      });
      expect({ role, queueEvents: sockets[role]!.of('moderation:queue').length }).toEqual({
        role,
        queueEvents: 0,
      });
    }
    const author = JSON.stringify(afterTheFact(sockets.author!));
    expect(
      [secrets.note, secrets.flagNote, flagger.username, secrets.deleted].filter((s) =>
        author.includes(s),
      ),
    ).toEqual([]);
    expect(JSON.stringify(sockets.moderator!.received)).toContain(secrets.pending);
  });

  it('does not notify anyone of a post held for approval', async () => {
    const notifications = await t
      .http()
      .get('/api/notifications')
      .query({ limit: 50 })
      .set('Authorization', cast.other.auth);
    const aboutPending = (notifications.body.items as { postId: number | null }[]).filter(
      (n) => n.postId === ids.pending,
    );
    expect(aboutPending).toEqual([]);
  });

  it('lets a reader catching up on the thread by socket see only placeholders', async () => {
    const late = await connectLive(t.baseUrl, { token: cast.other.token });
    const ack = await late.request('thread:join', { threadId: ids.thread, afterPosition: 0 });
    expect(ack.ok).toBe(true);
    await settle();
    const payloads = JSON.stringify(late.received);
    expect(everySecret().filter((s) => payloads.includes(s))).toEqual([]);
  });
});
