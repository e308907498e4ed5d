import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { RequireRole } from '../auth/decorators.js';
import { type Role, ROLES } from './user.entity.js';
import { mapPublicUser, type PublicUser } from './users.dto.js';
import { UsersService } from './users.service.js';

export class SetRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

@ApiTags('admin')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Put(':username/role')
  async setRole(@Param('username') username: string, @Body() dto: SetRoleDto): Promise<PublicUser> {
    return mapPublicUser(await this.users.setRole(username, dto.role));
  }
}
