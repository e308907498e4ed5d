import { Injectable } from '@nestjs/common';
import { conflict, notFound } from '../common/domain-error.js';
import type { Forum } from './forum.entity.js';
import { ForumsRepository } from './forums.repository.js';

@Injectable()
export class ForumsService {
  constructor(private readonly forums: ForumsRepository) {}

  list(): Promise<Forum[]> {
    return this.forums.listForums();
  }

  async bySlug(slug: string): Promise<Forum> {
    const forum = /^[a-z0-9-]{1,80}$/.test(slug) ? await this.forums.findBySlug(slug) : null;
    if (!forum) throw notFound('Forum');
    return forum;
  }

  async byId(id: number): Promise<Forum> {
    const forum = await this.forums.findById(id);
    if (!forum) throw notFound('Forum');
    return forum;
  }

  async create(input: { slug: string; title: string; description?: string; position?: number }): Promise<Forum> {
    if (await this.forums.findBySlug(input.slug)) throw conflict('A forum with that slug exists');
    return this.forums.insert({ slug: input.slug, title: input.title.trim(), description: input.description?.trim() ?? '', position: input.position ?? 0 });
  }

  /** The forum with this slug, created when missing (importer, first start). */
  async ensure(input: { slug: string; title: string; description?: string }): Promise<Forum> {
    return (await this.forums.findBySlug(input.slug)) ?? this.create(input);
  }
}
