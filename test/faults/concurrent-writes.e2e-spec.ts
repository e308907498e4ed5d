import { createForum, createThread, reply } from '../factories/content.js';
import { type Member, registerMember } from '../factories/members.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Races the soak found or could: many members acting on one post or thread at the same moment.

describe('concurrent writes', () => {
  let t: TestApp;
  let forum: { slug: string };
  let members: Member[];

  beforeAll(async () => {
    t = await startTestApp({
      FLAGS_PER_MINUTE: '1000',
      AUTO_SLOW_MODE_REPLIES_PER_MINUTE: '0',
      DATABASE_POOL_SIZE: '10',
      FLAG_HIDE_SCORE: '1000',
    });
    forum = await createForum(t, 'Races');
    members = await Promise.all(Array.from({ length: 10 }, () => registerMember(t)));
  }, 60_000);
  afterAll(() => t?.close());

  it('takes flags raised on one post at the same moment into its one review item (never a 500)', async () => {
    for (let round = 0; round < 3; round++) {
      const thread = await createThread(t, members[0], forum.slug);
      const answers = await Promise.all(
        members
          .slice(1)
          .map((m) =>
            t
              .http()
              .post(`/api/posts/${thread.firstPostId}/flags`)
              .set('Authorization', m.auth)
              .send({ reason: 'spam' }),
          ),
      );
      expect(answers.map((a) => a.status)).toEqual(members.slice(1).map(() => 201));
      expect(new Set(answers.map((a) => a.body.itemId)).size).toBe(1);
      const [item] = await t.dataSource.query(
        `SELECT count(*)::int AS n, max(score)::float AS score FROM review_items WHERE post_id = $1`,
        [thread.firstPostId],
      );
      expect(item.n).toBe(1);
      const [flags] = await t.dataSource.query(
        `SELECT count(*)::int AS n, sum(weight)::float AS weight FROM flags WHERE post_id = $1`,
        [thread.firstPostId],
      );
      expect(flags.n).toBe(members.length - 1);
      expect(item.score).toBeCloseTo(flags.weight, 5);
    }
  }, 60_000);

  it('gives replies written at the same moment distinct, dense positions', async () => {
    const thread = await createThread(t, members[0], forum.slug);
    const answers = await Promise.all(
      members.flatMap((m) =>
        [0, 1].map((i) =>
          t
            .http()
            .post(`/api/threads/${thread.id}/posts`)
            .set('Authorization', m.auth)
            .send({ body: `Race ${m.username} ${i}` }),
        ),
      ),
    );
    expect(
      answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${JSON.stringify(a.body)}`),
    ).toEqual([]);
    const positions = answers.map((a) => a.body.position).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: answers.length }, (_, i) => i + 2));
    await reply(t, members[1], thread.id, 'and one more after the race');
  }, 60_000);
});
