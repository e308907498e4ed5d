import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerMember } from '../factories/members.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type Cast, createCast, type RoleName } from './support/cast.js';
import { changedTables, dbFingerprint } from './support/db-fingerprint.js';
import { builders } from './support/routes.js';

// The browser-facing defences: security headers and a strict CSP on every kind of response,
// session cookies that scripts cannot read and other sites cannot send, CSRF closed for every
// cookie-signed write, no CORS, and sign-in that resists guessing and tells nobody who exists.

const here = dirname(fileURLToPath(import.meta.url));
const matrix = JSON.parse(readFileSync(join(here, 'authorization-matrix.json'), 'utf8')) as {
  http: Record<string, Record<RoleName, number>>;
};
const setCookies = (res: { headers: Record<string, unknown> }): string[] =>
  (res.headers['set-cookie'] as string[] | undefined) ?? [];
const cookieHeader = (cookies: string[]) => cookies.map((c) => c.split(';')[0]).join('; ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('web defences', () => {
  let t: TestApp;
  let cast: Cast;

  beforeAll(async () => {
    t = await startTestApp({
      DATABASE_POOL_SIZE: '10',
      COOKIE_SECURE: 'true',
      LOGIN_ATTEMPTS_PER_MINUTE: '10000',
      FLAGS_PER_MINUTE: '10000',
    });
    cast = await createCast(t);
  }, 120_000);
  afterAll(() => t?.close());

  describe('headers', () => {
    const pages = [
      '/',
      '/t/some-thread/1',
      '/api/forums',
      '/api/posts/999999',
      '/health/live',
      '/f/nope/feed.atom',
    ];

    it.each(pages)(
      'sends a strict Content-Security-Policy and the security headers on %s',
      async (path) => {
        const res = await t
          .http()
          .get(path)
          .set('Accept', path.startsWith('/api') ? 'application/json' : 'text/html');
        const csp = String(res.headers['content-security-policy']);
        const directive = (name: string) =>
          csp
            .split(';')
            .map((d) => d.trim())
            .find((d) => d.startsWith(`${name} `)) ?? '';
        expect(directive('default-src')).toBe("default-src 'self'");
        expect(directive('script-src')).toBe("script-src 'self'");
        expect(directive('object-src')).toBe("object-src 'none'");
        expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
        expect(directive('base-uri')).toBe("base-uri 'self'");
        expect(directive('form-action')).toBe("form-action 'self'");
        expect(csp).toContain("script-src-attr 'none'");
        expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
        expect(res.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'x-frame-options': 'SAMEORIGIN',
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-resource-policy': 'same-origin',
        });
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
        expect(res.headers['x-powered-by']).toBeUndefined();
      },
    );

    it('answers errors as JSON whatever type the route would have sent', async () => {
      const res = await t.http().get('/t/x/999999/feed.atom');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it('grants no cross-origin reads (no CORS headers, even on a preflight)', async () => {
      const preflight = await t
        .http()
        .options('/api/me')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
      const read = await t.http().get('/api/forums').set('Origin', 'https://evil.example');
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('cookies', () => {
    it('are httpOnly, Secure behind TLS and SameSite; the only readable one holds no secret', async () => {
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ username: cast.member.username, password: cast.member.password });
      const byName = Object.fromEntries(
        setCookies(res).map((c) => [c.split('=')[0], c.toLowerCase()]),
      );
      expect(byName.forum_access).toMatch(/httponly/);
      expect(byName.forum_access).toMatch(/; secure/);
      expect(byName.forum_access).toMatch(/samesite=lax/);
      expect(byName.forum_refresh).toMatch(/httponly/);
      expect(byName.forum_refresh).toMatch(/; secure/);
      expect(byName.forum_refresh).toMatch(/samesite=strict/);
      expect(byName.forum_refresh).toMatch(/path=\/api\/auth/);
      expect(byName.forum_signed_in).toMatch(/^forum_signed_in=1;/);
      expect(byName.forum_signed_in).toMatch(/; secure/);
    });
  });

  describe('CSRF', () => {
    it('refuses every cookie-signed write without X-Requested-With, changing nothing', async () => {
      const login = await t
        .http()
        .post('/api/auth/login')
        .send({ username: cast.admin.username, password: cast.admin.password });
      const cookie = cookieHeader(setCookies(login));
      const writes = Object.keys(matrix.http).filter(
        (key) => !key.includes('#') && !key.startsWith('GET '),
      );
      const calls = [];
      for (const key of writes)
        calls.push({
          key,
          call: await builders[key]({ role: 'admin', actor: cast.admin, t, cast }),
        });
      const before = await dbFingerprint(t.dataSource);
      const accepted: string[] = [];
      for (const { key, call } of calls) {
        const method = key.split(' ')[0].toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
        const res = await t
          .http()
          [method](call.path)
          .set('Cookie', cookie)
          .set('Origin', 'https://evil.example')
          .send(call.body ?? {});
        if (res.status !== 403 || !/X-Requested-With/.test(res.body.message))
          accepted.push(`${key}: ${res.status}`);
      }
      expect(accepted).toEqual([]);
      expect(changedTables(before, await dbFingerprint(t.dataSource))).toEqual([]);
      // the same write with the header (which another site's page cannot add) goes through
      const ok = await t
        .http()
        .put(`/api/threads/${cast.thread.id}/watch`)
        .set('Cookie', cookie)
        .set('X-Requested-With', 'forum');
      expect(ok.status).toBe(200);
    });

    it('does not parse the bodies a cross-site form can send, so sign-in and registration cannot be forged', async () => {
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const login = await t
          .http()
          .post('/api/auth/login')
          .set('Content-Type', type)
          .send(`{"username":"${cast.member.username}","password":"${cast.member.password}"}`);
        expect(login.status).toBe(400);
        expect(setCookies(login)).toEqual([]);
        const register = await t
          .http()
          .post('/api/auth/register')
          .set('Content-Type', type)
          .send('username=forged_one&password=a+long+enough+password');
        expect(register.status).toBe(400);
      }
    });
  });

  describe('sign-in', () => {
    it('answers an unknown member and a wrong password alike, in about the same time', async () => {
      const unknown: number[] = [];
      const wrong: number[] = [];
      const bodies = new Set<string>();
      for (let i = 0; i < 7; i++) {
        for (const [username, times] of [
          [`nobody_${i}_${Date.now()}`, unknown],
          [cast.other.username, wrong],
        ] as const) {
          const started = process.hrtime.bigint();
          const res = await t
            .http()
            .post('/api/auth/login')
            .send({ username, password: 'not the password at all' });
          times.push(Number(process.hrtime.bigint() - started) / 1e6);
          expect(res.status).toBe(401);
          bodies.add(JSON.stringify(res.body));
        }
      }
      expect(bodies.size).toBe(1);
      const ratio = median(unknown) / median(wrong);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    });

    it('stores no password and no refresh token in the clear', async () => {
      const rows: { password_hash: string }[] = await t.dataSource.query(
        `SELECT password_hash FROM users WHERE id = $1`,
        [cast.member.id],
      );
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
      const login = await t
        .http()
        .post('/api/auth/login')
        .send({ username: cast.member.username, password: cast.member.password });
      expect(login.status).toBe(200);
      const [id, secret] = String(login.body.refreshToken).split('.');
      const stored: { secret_hash: string }[] = await t.dataSource.query(
        `SELECT secret_hash FROM refresh_tokens WHERE id = $1`,
        [id],
      );
      expect(stored[0].secret_hash).not.toContain(secret);
      expect(stored[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('refuses a token signed with another key or algorithm', async () => {
      const [header, payload] = cast.member.token.split('.');
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      const tampered = `${header}.${Buffer.from(JSON.stringify({ sub: cast.admin.id, name: 'x', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url')}.${cast.member.token.split('.')[2]}`;
      for (const token of [none, tampered, 'garbage', `${cast.member.token}x`]) {
        expect((await t.http().get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(
          401,
        );
        expect(
          (await t.http().get('/api/moderation/log').set('Authorization', `Bearer ${token}`))
            .status,
        ).toBe(401);
      }
    });

    // last: a second app in this process takes over Passport's strategies until it closes
    it('slows guessing to LOGIN_ATTEMPTS_PER_MINUTE per address, right password or not', async () => {
      const limited = await startTestApp({
        DATABASE_POOL_SIZE: '10',
        LOGIN_ATTEMPTS_PER_MINUTE: '5',
      });
      try {
        const victim = await registerMember(limited);
        const answers: number[] = [];
        for (let i = 0; i < 5; i++)
          answers.push(
            (
              await limited
                .http()
                .post('/api/auth/login')
                .send({ username: victim.username, password: `guess ${i} of many` })
            ).status,
          );
        const right = await limited
          .http()
          .post('/api/auth/login')
          .send({ username: victim.username, password: victim.password });
        expect(answers).toEqual([401, 401, 401, 401, 401]);
        expect(right.status).toBe(429);
        expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
        // registration shares the limit per address
        const statuses: number[] = [];
        for (let i = 0; i < 7; i++)
          statuses.push(
            (
              await limited
                .http()
                .post('/api/auth/register')
                .send({ username: `flood_${i}_${process.pid}`, password: 'a long enough password' })
            ).status,
          );
        expect(statuses).toContain(429);
      } finally {
        await limited.close();
      }
    });
  });
});
