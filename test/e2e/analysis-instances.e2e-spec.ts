import { createForum, createThread, reply } from '../factories/content.js';
import { type Member, registerMember } from '../factories/members.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Two instances of one deployment (one database). Each keeps the sketches it has seen in memory;
// a repost must be recognised whichever instance wrote the original, and after an edit made through
// the other one.

const article = (city: string, topic: string) =>
  `${topic} deal signed between two neighbours\n\n${city}, March 3 (Reuters) -- A new ${topic} agreement was signed, officials said on Monday. ` +
  `"We will continue," the minister told reporters.\n\nThe agreement covers ${topic}, transport and finance, according to the ministry.\n\n` +
  `https://www.reuters.com/world/2019/03/03/${topic}-deal`;

describe('content analysis across instances', () => {
  let a: TestApp;
  let b: TestApp;
  let alice: Member;
  let bob: Member;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({}, { databaseUrl: a.databaseUrl });
    alice = await registerMember(a);
    bob = await registerMember(a);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('links a repost to its original written through the other instance, and to the original as edited there', async () => {
    const forum = await createForum(a, 'News');
    const thread = await createThread(a, alice, forum.slug, 'Regional news', 'Post the news here.');
    const original = await reply(a, alice, thread.id, article('HANOI', 'ports'));

    // b has never seen the original: it reads its sketch
    const repost = await b.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', bob.auth).send({ body: article('HANOI', 'ports') });
    expect(repost.status).toBe(201);
    expect(repost.body.analysis.duplicateOf).toMatchObject({ postId: original.id });

    // the original becomes another article, edited through b; a still holds its old sketch
    const edited = await b.http().patch(`/api/posts/${original.id}`).set('Authorization', alice.auth).send({ body: article('MANILA', 'railways') });
    expect(edited.status).toBe(200);
    const second = await a.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', bob.auth).send({ body: article('MANILA', 'railways') });
    expect(second.status).toBe(201);
    expect(second.body.analysis.duplicateOf).toMatchObject({ postId: original.id });

    // and the old text no longer matches the edited original, only the first repost
    const third = await a.http().post(`/api/threads/${thread.id}/posts`).set('Authorization', alice.auth).send({ body: article('HANOI', 'ports') });
    expect(third.body.analysis.duplicateOf).toMatchObject({ postId: repost.body.id });
  });
});
