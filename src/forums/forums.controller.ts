import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/decorators.js';
import { CreateForumDto, mapForum, type ForumView } from './forums.dto.js';
import { ForumsService } from './forums.service.js';

@ApiTags('forums')
@Controller('api')
export class ForumsController {
  constructor(private readonly forums: ForumsService) {}

  @Get('forums')
  async list(): Promise<{ items: ForumView[]; next: null; prev: null }> {
    return { items: (await this.forums.list()).map(mapForum), next: null, prev: null };
  }

  @Get('forums/:slug')
  async get(@Param('slug') slug: string): Promise<ForumView> {
    return mapForum(await this.forums.bySlug(slug));
  }

  @Post('admin/forums')
  @RequireRole('admin')
  @ApiBearerAuth()
  async create(@Body() dto: CreateForumDto): Promise<ForumView> {
    return mapForum(await this.forums.create(dto));
  }
}
