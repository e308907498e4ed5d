import { Controller, Get, Header, Param, Redirect, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { positiveInt } from '../common/pagination.js';
import { FeedsService } from './feeds.service.js';

const origin = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

@ApiTags('feeds')
@Controller()
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get('t/:slug/:id/feed.atom')
  @Header('Content-Type', 'application/atom+xml; charset=utf-8')
  thread(@Req() req: Request, @Param('id') id: string): Promise<string> {
    return this.feeds.threadFeed(origin(req), positiveInt(id, 'id'));
  }

  @Get('f/:slug/feed.atom')
  @Header('Content-Type', 'application/atom+xml; charset=utf-8')
  forum(@Req() req: Request, @Param('slug') slug: string): Promise<string> {
    return this.feeds.forumFeed(origin(req), slug);
  }

  /** Permanent links to a post, used by quotes: /p/:id → the post in its thread. */
  @Get('p/:id')
  @Redirect()
  async post(@Param('id') id: string): Promise<{ url: string; statusCode: number }> {
    return { url: await this.feeds.postLocation(positiveInt(id, 'id', Number.MAX_SAFE_INTEGER)), statusCode: 302 };
  }
}
