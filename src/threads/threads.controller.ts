import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, SignedIn } from '../auth/decorators.js';
import { positiveInt } from '../common/pagination.js';
import { CreatePostDto } from '../posts/posts.dto.js';
import { PostsService } from '../posts/posts.service.js';
import { CreateThreadDto, PostsPageQuery, ReadPositionDto, ThreadListQuery } from './threads.dto.js';
import { ThreadsService } from './threads.service.js';

/**
 * Guests' pages are the same for every guest: a cache may keep them but must revalidate (the ETag
 * answers 304 while nothing changed). A member's page is theirs and is never reused, so their
 * own writes always show.
 */
function cacheForViewer(res: Response, viewer: AuthUser | null): void {
  res.setHeader('Cache-Control', viewer ? 'private, no-store' : 'public, no-cache');
  res.setHeader('Vary', 'Authorization, Cookie');
}

@ApiTags('threads')
@Controller('api')
export class ThreadsController {
  constructor(
    private readonly threads: ThreadsService,
    private readonly posts: PostsService,
  ) {}

  @Get('forums/:slug/threads')
  list(@CurrentUser() viewer: AuthUser | null, @Param('slug') slug: string, @Query() query: ThreadListQuery, @Res({ passthrough: true }) res: Response) {
    cacheForViewer(res, viewer);
    return this.threads.listThreads(viewer, slug, query.cursor, query.limit);
  }

  @Post('forums/:slug/threads')
  @SignedIn()
  @ApiBearerAuth()
  create(@CurrentUser() user: AuthUser, @Param('slug') slug: string, @Body() dto: CreateThreadDto) {
    return this.threads.createThread(user, slug, dto.title, dto.body);
  }

  @Get('threads/:id')
  get(@CurrentUser() viewer: AuthUser | null, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    cacheForViewer(res, viewer);
    return this.threads.getThread(viewer, positiveInt(id, 'id'));
  }

  @Get('threads/:id/posts')
  postsPage(@CurrentUser() viewer: AuthUser | null, @Param('id') id: string, @Query() query: PostsPageQuery, @Res({ passthrough: true }) res: Response) {
    cacheForViewer(res, viewer);
    return this.threads.pageOfPosts(viewer, positiveInt(id, 'id'), query);
  }

  @Post('threads/:id/posts')
  @SignedIn()
  @ApiBearerAuth()
  reply(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: CreatePostDto) {
    return this.posts.reply(user, positiveInt(id, 'id'), { body: dto.body, quotePostIds: dto.quotePostIds });
  }

  @Put('threads/:id/watch')
  @SignedIn()
  watch(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.threads.setWatching(user, positiveInt(id, 'id'), true);
  }

  @Delete('threads/:id/watch')
  @SignedIn()
  unwatch(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.threads.setWatching(user, positiveInt(id, 'id'), false);
  }

  @Put('threads/:id/read')
  @SignedIn()
  read(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: ReadPositionDto) {
    return this.threads.markRead(user, positiveInt(id, 'id'), dto.position);
  }
}
