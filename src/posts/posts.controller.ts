import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, SignedIn } from '../auth/decorators.js';
import { positiveInt } from '../common/pagination.js';
import { EditPostDto, PreviewDto } from './posts.dto.js';
import { PostsService } from './posts.service.js';

@ApiTags('posts')
@Controller('api/posts')
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  @Post('preview')
  @HttpCode(200)
  preview(@Body() dto: PreviewDto) {
    return this.posts.preview(dto.body);
  }

  @Get(':id')
  get(@CurrentUser() viewer: AuthUser | null, @Param('id') id: string) {
    return this.posts.getPost(viewer, positiveInt(id, 'id', Number.MAX_SAFE_INTEGER));
  }

  @Patch(':id')
  @SignedIn()
  @ApiBearerAuth()
  edit(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: EditPostDto) {
    return this.posts.edit(user, positiveInt(id, 'id', Number.MAX_SAFE_INTEGER), dto.body, dto.reason ?? null);
  }

  @Delete(':id')
  @SignedIn()
  @HttpCode(204)
  async remove(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    await this.posts.deleteOwn(user, positiveInt(id, 'id', Number.MAX_SAFE_INTEGER));
  }

  @Get(':id/revisions')
  revisions(@CurrentUser() viewer: AuthUser | null, @Param('id') id: string) {
    return this.posts.revisions(viewer, positiveInt(id, 'id', Number.MAX_SAFE_INTEGER));
  }

  @Get(':id/quote')
  quote(@CurrentUser() viewer: AuthUser | null, @Param('id') id: string) {
    return this.posts.quoteBbcode(viewer, positiveInt(id, 'id', Number.MAX_SAFE_INTEGER));
  }

  @Put(':id/reactions/:kind')
  @SignedIn()
  react(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('kind') kind: string) {
    return this.posts.react(user, positiveInt(id, 'id', Number.MAX_SAFE_INTEGER), kind);
  }

  @Delete(':id/reactions/:kind')
  @SignedIn()
  unreact(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.posts.react(user, positiveInt(id, 'id', Number.MAX_SAFE_INTEGER), null);
  }
}
