import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { User, type Role } from './user.entity.js';

export interface NewUser {
  username: string;
  email: string | null;
  passwordHash: string | null;
  role: Role;
  isPlaceholder?: boolean;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(User);
  }

  findById(id: number): Promise<User | null> {
    return this.repo().findOneBy({ id });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.repo().createQueryBuilder('u').where('lower(u.username) = lower(:username)', { username }).getOne();
  }

  findManyByUsernames(usernames: string[]): Promise<User[]> {
    if (usernames.length === 0) return Promise.resolve([]);
    return this.repo()
      .createQueryBuilder('u')
      .where('lower(u.username) IN (:...names)', { names: usernames.map((n) => n.toLowerCase()) })
      .andWhere('NOT u.is_placeholder')
      .getMany();
  }

  /** The member with the strongest active restricting sanction (ban > suspension > silence). */
  async findAuthUser(id: number): Promise<{ id: number; username: string; role: Role; is_placeholder: boolean; restriction: { kind: 'silence' | 'suspension' | 'ban'; reason: string; endsAt: string | null } | null } | null> {
    const rows = await this.dataSource.query(
      `SELECT u.id, u.username, u.role, u.is_placeholder,
              (SELECT json_build_object('kind', s.kind, 'reason', s.reason, 'endsAt', s.ends_at) FROM sanctions s
                WHERE s.user_id = u.id AND s.kind IN ('silence', 'suspension', 'ban') AND s.lifted_at IS NULL AND (s.ends_at IS NULL OR s.ends_at > now())
                ORDER BY CASE s.kind WHEN 'ban' THEN 0 WHEN 'suspension' THEN 1 ELSE 2 END, s.ends_at DESC NULLS FIRST LIMIT 1) AS restriction
         FROM users u WHERE u.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Active sanctions (warnings with unexpired points included), newest first: what /api/me shows. */
  activeSanctions(userId: number): Promise<{ id: string; kind: string; reason: string; points: number; ends_at: Date | null; created_at: Date }[]> {
    return this.dataSource.query(
      `SELECT id, kind, reason, points, ends_at, created_at FROM sanctions
        WHERE user_id = $1 AND lifted_at IS NULL AND (ends_at IS NULL OR ends_at > now()) ORDER BY id DESC`,
      [userId],
    );
  }

  /** Names starting with a prefix (LIKE metacharacters escaped), shortest first. */
  findByPrefix(prefix: string, limit: number): Promise<{ id: number; username: string }[]> {
    const pattern = `${prefix.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
    return this.dataSource.query(
      `SELECT id, username FROM users WHERE lower(username) LIKE $1 AND NOT is_placeholder ORDER BY length(username), lower(username) LIMIT $2`,
      [pattern, limit],
    );
  }

  /** With the password hash, for login only. */
  findCredentials(username: string): Promise<User | null> {
    return this.repo()
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username)', { username })
      .andWhere('NOT u.is_placeholder')
      .getOne();
  }

  usernameOrEmailTaken(username: string, email: string | null): Promise<{ username: boolean; email: boolean }> {
    return this.dataSource
      .query(
        `SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower($1)) AS username,
                EXISTS (SELECT 1 FROM users WHERE $2::text IS NOT NULL AND lower(email) = lower($2)) AS email`,
        [username, email],
      )
      .then((rows: { username: boolean; email: boolean }[]) => rows[0]);
  }

  async insert(user: NewUser, manager?: EntityManager): Promise<User> {
    const repo = this.repo(manager);
    const saved = await repo.save(repo.create({ ...user, isPlaceholder: user.isPlaceholder ?? false }));
    return saved;
  }

  async setRole(id: number, role: Role): Promise<void> {
    await this.repo().update({ id }, { role });
  }

  async setPasswordHash(id: number, passwordHash: string): Promise<void> {
    await this.repo().update({ id }, { passwordHash });
  }

  countAdmins(): Promise<number> {
    return this.repo().countBy({ role: 'admin' });
  }
}
