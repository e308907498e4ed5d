import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Forum } from './forum.entity.js';

@Injectable()
export class ForumsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  listForums(): Promise<Forum[]> {
    return this.dataSource.getRepository(Forum).find({ order: { position: 'ASC', id: 'ASC' } });
  }

  findBySlug(slug: string): Promise<Forum | null> {
    return this.dataSource.getRepository(Forum).findOneBy({ slug });
  }

  findById(id: number): Promise<Forum | null> {
    return this.dataSource.getRepository(Forum).findOneBy({ id });
  }

  async insert(forum: { slug: string; title: string; description: string; position: number }): Promise<Forum> {
    const repo = this.dataSource.getRepository(Forum);
    return repo.save(repo.create(forum));
  }
}
