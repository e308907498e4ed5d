import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { conflict, invalid, notFound } from '../common/domain-error.js';
import { type Role, ROLES, type User } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

const USERNAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{1,30}[A-Za-z0-9_]$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;
// the few passwords every cracker tries first; length does the rest
const COMMON_PASSWORDS = new Set(['password', 'password1', 'password123', '12345678', '123456789', '1234567890', 'qwertyuiop', 'iloveyou', 'letmein123', 'qwerty123', 'admin123', 'welcome1', 'abc12345', '11111111', '00000000', 'passw0rd']);

export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface CreateUserInput {
  username: string;
  password: string;
  email?: string | null;
  role?: Role;
}

@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  checkPassword(username: string, password: string): void {
    if (password.length < 8) throw invalid('Password must be at least 8 characters');
    if (password.length > 256) throw invalid('Password must be at most 256 characters');
    if (COMMON_PASSWORDS.has(password.toLowerCase()) || password.toLowerCase() === username.toLowerCase()) {
      throw invalid('Password is too easy to guess');
    }
  }

  async create(input: CreateUserInput): Promise<User> {
    const username = input.username.trim();
    const email = input.email?.trim() || null;
    const role = input.role ?? 'member';
    if (!USERNAME.test(username)) {
      throw invalid('Username must be 3-32 characters: letters, digits, _ . - (not starting or ending with . or -)');
    }
    if (email && !EMAIL.test(email)) throw invalid('Email is not valid');
    if (!ROLES.includes(role)) throw invalid(`Role must be one of ${ROLES.join(', ')}`);
    this.checkPassword(username, input.password);
    const taken = await this.users.usernameOrEmailTaken(username, email);
    if (taken.username) throw conflict('That username is taken');
    if (taken.email) throw conflict('That email is already registered');
    const passwordHash = await argon2.hash(input.password, ARGON2_OPTIONS);
    try {
      return await this.users.insert({ username, email, passwordHash, role });
    } catch (error) {
      // a concurrent registration won the unique index
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') throw conflict('That username is taken');
      throw error;
    }
  }

  async profile(username: string): Promise<User> {
    const user = await this.users.findByUsername(username);
    if (!user) throw notFound('Member');
    return user;
  }

  async byPrefix(prefix: string): Promise<{ id: number; username: string }[]> {
    if (!/^[A-Za-z0-9_.-]{1,32}$/.test(prefix)) return [];
    return this.users.findByPrefix(prefix, 10);
  }

  async activeSanctions(userId: number) {
    return (await this.users.activeSanctions(userId)).map((s) => ({
      id: Number(s.id),
      kind: s.kind,
      reason: s.reason,
      points: s.points,
      endsAt: s.ends_at ? new Date(s.ends_at).toISOString() : null,
      createdAt: new Date(s.created_at).toISOString(),
    }));
  }

  findById(id: number): Promise<User | null> {
    return this.users.findById(id);
  }

  async setRole(username: string, role: Role): Promise<User> {
    if (!ROLES.includes(role)) throw invalid(`Role must be one of ${ROLES.join(', ')}`);
    const user = await this.profile(username);
    await this.users.setRole(user.id, role);
    return { ...user, role };
  }
}
