import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { mapPublicUser, type PublicUser } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get(':username')
  async profile(@Param('username') username: string): Promise<PublicUser> {
    return mapPublicUser(await this.users.profile(username));
  }
}
