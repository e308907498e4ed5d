import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { RefreshToken } from './refresh-token.entity.js';

@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(RefreshToken);
  }

  async insert(token: Omit<RefreshToken, 'createdAt' | 'revokedAt' | 'replacedBy'>): Promise<void> {
    await this.repo.insert({ ...token, revokedAt: null, replacedBy: null });
  }

  findById(id: string): Promise<RefreshToken | null> {
    return this.repo.findOneBy({ id });
  }

  /** Marks a live token as replaced; false when another request rotated it first. */
  async rotate(id: string, replacedBy: string): Promise<boolean> {
    const result = await this.repo.update({ id, revokedAt: IsNull() }, { revokedAt: new Date(), replacedBy });
    return (result.affected ?? 0) === 1;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.repo.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllOfUser(userId: number): Promise<void> {
    await this.repo.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
