import { startTestApp, type TestApp } from '../support/test-app.js';
import { registerMember, uniqueName } from '../factories/members.js';

const cookiesOf = (res: { headers: Record<string, unknown> }): string[] => (res.headers['set-cookie'] as string[] | undefined) ?? [];
const cookieHeader = (cookies: string[]) => cookies.map((c) => c.split(';')[0]).join('; ');

describe('accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers a member, signs them in with an httpOnly cookie and returns a bearer token', async () => {
    const username = uniqueName();
    const res = await t.http().post('/api/auth/register').send({ username, password: 'a long enough password', email: `${username}@example.org` });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ username, role: 'member' });
    expect(res.body.user).not.toHaveProperty('passwordHash');
    expect(res.body.accessToken).toEqual(expect.any(String));
    const cookies = cookiesOf(res);
    expect(cookies.find((c) => c.startsWith('forum_access='))).toMatch(/HttpOnly/i);
    expect(cookies.find((c) => c.startsWith('forum_access='))).toMatch(/SameSite=Lax/i);
    expect(cookies.find((c) => c.startsWith('forum_refresh='))).toMatch(/SameSite=Strict/i);

    const byCookie = await t.http().get('/api/me').set('Cookie', cookieHeader(cookies));
    expect(byCookie.status).toBe(200);
    expect(byCookie.body).toMatchObject({ username, role: 'member', sanctions: [] });
    const byBearer = await t.http().get('/api/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(byBearer.body.username).toBe(username);
  });

  it('stores the password hashed with argon2id', async () => {
    const member = await registerMember(t);
    const [row] = await t.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [member.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(member.password);
  });

  it('refuses a taken username whatever its case, with 409 and nothing created', async () => {
    const member = await registerMember(t);
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM users');
    const res = await t.http().post('/api/auth/register').send({ username: member.username.toUpperCase(), password: 'another long password' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'That username is taken' });
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM users')).toEqual(before);
  });

  it.each([
    [{ username: 'ab', password: 'a long enough password' }, /username/i],
    [{ username: 'bad name!', password: 'a long enough password' }, /username/i],
    [{ username: uniqueName(), password: 'short' }, /password/i],
    [{ username: uniqueName(), password: 'password123' }, /guess/i],
    [{ username: uniqueName(), password: 'a long enough password', email: 'not-an-email' }, /email/i],
    [{ username: uniqueName(), password: 'a long enough password', isAdmin: true }, /isAdmin/],
    [{ username: 42, password: 'a long enough password' }, /username/i],
  ])('answers 400 with a clear message for %j', async (body, message) => {
    const res = await t.http().post('/api/auth/register').send(body);
    expect(res.status).toBe(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.error).toBe('Bad Request');
    expect(JSON.stringify(res.body.message)).toMatch(message);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.http().post('/api/auth/register').set('Content-Type', 'application/json').send('{"username": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('logs in case-insensitively and answers the same 401 for a wrong password and an unknown member', async () => {
    const member = await registerMember(t);
    const ok = await t.http().post('/api/auth/login').send({ username: member.username.toUpperCase(), password: member.password });
    expect(ok.status).toBe(200);
    expect(ok.body.user.id).toBe(member.id);
    const wrong = await t.http().post('/api/auth/login').send({ username: member.username, password: 'not the password at all' });
    const unknown = await t.http().post('/api/auth/login').send({ username: uniqueName('ghost'), password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid username or password' });
  });

  it('answers a login with missing fields with 400', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'someone' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/password/);
  });

  it('rotates refresh tokens, and a reused old token revokes the whole session', async () => {
    const member = await registerMember(t);
    const login = await t.http().post('/api/auth/login').send({ username: member.username, password: member.password });
    const first = login.body.refreshToken as string;
    const rotated = await t.http().post('/api/auth/refresh').send({ refreshToken: first });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first);
    expect(rotated.body.user.username).toBe(member.username);
    const second = rotated.body.refreshToken as string;

    const replay = await t.http().post('/api/auth/refresh').send({ refreshToken: first });
    expect(replay.status).toBe(401);
    // the replay of a rotated token means theft: the newer token dies too
    const afterTheft = await t.http().post('/api/auth/refresh').send({ refreshToken: second });
    expect(afterTheft.status).toBe(401);
  });

  it('refreshes from the httpOnly cookie for browsers', async () => {
    const member = await registerMember(t);
    const login = await t.http().post('/api/auth/login').send({ username: member.username, password: member.password });
    const res = await t.http().post('/api/auth/refresh').set('Cookie', cookieHeader(cookiesOf(login))).set('X-Requested-With', 'forum');
    expect(res.status).toBe(200);
    expect(cookiesOf(res).some((c) => c.startsWith('forum_access='))).toBe(true);
  });

  it('logs out: the refresh token is revoked and cookies cleared', async () => {
    const member = await registerMember(t);
    const login = await t.http().post('/api/auth/login').send({ username: member.username, password: member.password });
    const out = await t.http().post('/api/auth/logout').send({ refreshToken: login.body.refreshToken });
    expect(out.status).toBe(204);
    expect(cookiesOf(out).some((c) => /^forum_access=;/.test(c))).toBe(true);
    const refresh = await t.http().post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken });
    expect(refresh.status).toBe(401);
  });

  it('treats a forged or garbage token as a guest: 401 on member routes', async () => {
    const forged = await t.http().get('/api/me').set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOjF9.');
    expect(forged.status).toBe(401);
    const garbage = await t.http().get('/api/me').set('Cookie', 'forum_access=%%%');
    expect(garbage.status).toBe(401);
    expect(garbage.body.message).toBe('Sign in to do that');
  });

  it('shows a public profile and 404s an unknown member', async () => {
    const member = await registerMember(t);
    const res = await t.http().get(`/api/users/${member.username}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: member.id, username: member.username, role: 'member' });
    expect(res.body).not.toHaveProperty('email');
    expect((await t.http().get(`/api/users/${uniqueName('nobody')}`)).status).toBe(404);
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After after too many attempts from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.http().post('/api/auth/login').send({ username: 'whoever', password: 'some password here' });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
        expect(res.headers['retry-after']).toBeDefined();
      }
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});

describe('cookie sessions and CSRF', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses a cookie-signed write without X-Requested-With (a cross-site form) and accepts it with the header', async () => {
    const res = await t.http().post('/api/auth/register').send({ username: uniqueName(), password: 'a long enough password' });
    const cookie = cookieHeader(cookiesOf(res));
    const admin = await t.http().post('/api/admin/forums').set('Cookie', cookie).send({ slug: 'x', title: 'X' });
    expect(admin.status).toBe(403);
    expect(admin.body.message).toMatch(/X-Requested-With/);
    const read = await t.http().get('/api/me').set('Cookie', cookie);
    expect(read.status).toBe(200);
    const withHeader = await t.http().post('/api/admin/forums').set('Cookie', cookie).set('X-Requested-With', 'forum').send({ slug: 'x', title: 'X' });
    expect(withHeader.status).toBe(403);
    expect(withHeader.body.message).toBe('You are not allowed to do that');
  });
});
