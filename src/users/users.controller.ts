import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { mapPublicUser, type PublicUser } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Mention autocomplete: members whose name starts with a prefix. */
  @Get()
  async byPrefix(@Query('prefix') prefix?: string): Promise<{ items: { id: number; username: string }[]; next: null; prev: null }> {
    return { items: await this.users.byPrefix(typeof prefix === 'string' ? prefix : ''), next: null, prev: null };
  }

  @Get(':username')
  async profile(@Param('username') username: string): Promise<PublicUser> {
    return mapPublicUser(await this.users.profile(username));
  }
}
