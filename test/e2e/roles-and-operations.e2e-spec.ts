import { startTestApp, type TestApp } from '../support/test-app.js';
import { createMemberWithRole, registerMember } from '../factories/members.js';

describe('roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lets only an admin change roles: guest 401, member 403, moderator 403, admin 200', async () => {
    const target = await registerMember(t);
    const member = await registerMember(t);
    const moderator = await createMemberWithRole(t, 'moderator');
    const admin = await createMemberWithRole(t, 'admin');
    const path = `/api/admin/users/${target.username}/role`;

    expect((await t.http().put(path).send({ role: 'moderator' })).status).toBe(401);
    expect((await t.http().put(path).set('Authorization', member.auth).send({ role: 'moderator' })).status).toBe(403);
    expect((await t.http().put(path).set('Authorization', moderator.auth).send({ role: 'admin' })).status).toBe(403);
    const ok = await t.http().put(path).set('Authorization', admin.auth).send({ role: 'moderator' });
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe('moderator');
    // the change applies to the member's next request, without signing in again
    const me = await t.http().get('/api/me').set('Authorization', target.auth);
    expect(me.body.role).toBe('moderator');
  });

  it('refuses an unknown role with 400', async () => {
    const admin = await createMemberWithRole(t, 'admin');
    const target = await registerMember(t);
    const res = await t.http().put(`/api/admin/users/${target.username}/role`).set('Authorization', admin.auth).send({ role: 'god' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(/role/);
  });
});

describe('operations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports live and ready (the database answers)', async () => {
    expect((await t.http().get('/health/live')).body).toEqual({ status: 'ok' });
    expect((await t.http().get('/health/ready')).body).toEqual({ status: 'ok', database: 'up' });
  });

  it('exposes Prometheus metrics with HTTP latency by route and pool use', async () => {
    await t.http().get('/health/ready');
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/health\/ready"/);
    expect(res.text).toMatch(/db_pool_connections\{state="total"\}/);
    expect(res.text).toMatch(/process_resident_memory_bytes/);
  });

  it('serves the OpenAPI document with the account routes', async () => {
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/register', '/api/auth/login', '/api/me', '/api/users/{username}']));
    expect(res.body.components.schemas.RegisterDto.required).toEqual(expect.arrayContaining(['username', 'password']));
  });

  it('echoes a request id and sets security headers', async () => {
    const res = await t.http().get('/health/live').set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves a page at / and JSON 404s for unknown API routes', async () => {
    const page = await t.http().get('/').set('Accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<html/i);
    const missing = await t.http().get('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers a body over the limit with 413', async () => {
    const res = await t.http().post('/api/auth/register').set('Content-Type', 'application/json').send(JSON.stringify({ username: 'x'.repeat(2_000_000) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413 });
  });
});
