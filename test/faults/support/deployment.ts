import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, dropTestDatabase } from '../../support/test-database.js';
import type { Instance } from './processes.js';

// A deployment of child-process instances on one test database: members and content made over HTTP.

export const JWT_SECRET = 'fault-test-secret-that-is-long-enough-0123456789';

export interface Writer {
  id: number;
  username: string;
  auth: string;
  token: string;
}

export async function testDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const db = await createTestDatabase();
  return { url: db.url, drop: () => dropTestDatabase(db.name) };
}

export async function register(instance: Instance): Promise<Writer> {
  const username = `fault_${randomBytes(4).toString('hex')}`;
  const res = await request(instance.baseUrl)
    .post('/api/auth/register')
    .send({ username, password: 'a long enough password' });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id,
    username,
    token: res.body.accessToken,
    auth: `Bearer ${res.body.accessToken}`,
  };
}

/** A forum (what is tested is not how forums are made: one row will do). */
export async function createForumSql(databaseUrl: string): Promise<string> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const slug = `faults-${randomBytes(3).toString('hex')}`;
  try {
    await client.query(
      `INSERT INTO forums (slug, title, description) VALUES ($1, 'Faults', 'fault tests')`,
      [slug],
    );
  } finally {
    await client.end();
  }
  return slug;
}

export async function createThreadOn(
  instance: Instance,
  writer: Writer,
  forumSlug: string,
): Promise<number> {
  const res = await request(instance.baseUrl)
    .post(`/api/forums/${forumSlug}/threads`)
    .set('Authorization', writer.auth)
    .send({ title: 'Fault thread', body: 'The first post.' });
  if (res.status !== 201) throw new Error(`thread: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.thread.id;
}

export async function replyOn(
  instance: Instance,
  writer: Writer,
  threadId: number,
  body: string,
): Promise<{ status: number; id?: number; position?: number }> {
  const res = await request(instance.baseUrl)
    .post(`/api/threads/${threadId}/posts`)
    .set('Authorization', writer.auth)
    .send({ body })
    .timeout(10_000)
    .catch((e: { status?: number }) => ({
      status: e.status ?? 0,
      body: {} as Record<string, number>,
    }));
  return { status: res.status, id: res.body?.id, position: res.body?.position };
}
