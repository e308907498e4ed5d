import { randomBytes } from 'node:crypto';
import type { TestApp } from '../support/test-app.js';
import { UsersService } from '../../src/users/users.service.js';
import type { Role } from '../../src/users/user.entity.js';

export interface Member {
  id: number;
  username: string;
  password: string;
  token: string;
  role: Role;
  /** Authorization header value */
  auth: string;
}

let counter = 0;
export const uniqueName = (prefix = 'member') => `${prefix}_${process.pid % 10000}_${++counter}_${randomBytes(2).toString('hex')}`;

/** Registers through the API (as a member would) and returns a signed-in member. */
export async function registerMember(t: TestApp, overrides: { username?: string; password?: string } = {}): Promise<Member> {
  const username = overrides.username ?? uniqueName();
  const password = overrides.password ?? 'a long enough password';
  const res = await t.http().post('/api/auth/register').send({ username, password });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, username, password, token: res.body.accessToken, role: 'member', auth: `Bearer ${res.body.accessToken}` };
}

/** A member with a role, made the way an operator would (user:create), then signed in. */
export async function createMemberWithRole(t: TestApp, role: Role): Promise<Member> {
  const username = uniqueName(role);
  const password = 'a long enough password';
  await t.app.get(UsersService).create({ username, password, role });
  const res = await t.http().post('/api/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, username, password, token: res.body.accessToken, role, auth: `Bearer ${res.body.accessToken}` };
}
