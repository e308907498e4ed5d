import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { User } from '../users/user.entity.js';
import { mapPublicUser, type PublicUser } from '../users/users.dto.js';
import type { IssuedTokens } from './auth.service.js';

export class RegisterDto {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @MinLength(3)
  @MaxLength(32)
  username: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({ example: 'alice@example.org' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'alice' })
  @IsString()
  username: string;

  @ApiProperty()
  @IsString()
  password: string;
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'for API clients; browsers send the httpOnly cookie' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export interface SessionResponse {
  user: PublicUser;
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: string;
}

export function mapSession(user: User | PublicUser, tokens: IssuedTokens): SessionResponse {
  return {
    user: 'createdAt' in user && user.createdAt instanceof Date ? mapPublicUser(user as User) : (user as PublicUser),
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessExpiresAt: tokens.accessExpiresAt.toISOString(),
  };
}
