import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { mapPublicUser, type PublicUser } from '../users/users.dto.js';
import { UsersService } from '../users/users.service.js';
import { notFound } from '../common/domain-error.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import type { AuthUser } from './auth-user.js';
import { LoginDto, mapSession, RefreshDto, RegisterDto, type SessionResponse } from './auth.dto.js';
import { AuthService, type IssuedTokens } from './auth.service.js';
import { AllowRestricted, CurrentUser, SignedIn } from './decorators.js';
import { LocalAuthGuard } from './local-auth.guard.js';
import { ACCESS_COOKIE, cookieValue, REFRESH_COOKIE, SIGNED_IN_COOKIE } from './token-extraction.js';

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly rateLimits: RateLimitService,
  ) {}

  @Post('auth/register')
  async register(@Body() dto: RegisterDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionResponse> {
    await this.rateLimits.consume('register', req.ip ?? 'unknown');
    const { user, tokens } = await this.auth.register(dto);
    this.setCookies(res, tokens);
    return mapSession(user, tokens);
  }

  @Post('auth/login')
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  async login(@Body() _dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionResponse> {
    const authUser = req.user as AuthUser;
    const tokens = await this.auth.login(authUser);
    this.setCookies(res, tokens);
    return mapSession(await this.publicUser(authUser.id), tokens);
  }

  @Post('auth/refresh')
  @HttpCode(200)
  async refresh(@Body() dto: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionResponse> {
    const { user, tokens } = await this.auth.refresh(dto.refreshToken ?? cookieValue(req, REFRESH_COOKIE));
    this.setCookies(res, tokens);
    return mapSession(await this.publicUser(user.id), tokens);
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Body() dto: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(dto.refreshToken ?? cookieValue(req, REFRESH_COOKIE));
    res.clearCookie(ACCESS_COOKIE, { path: '/' });
    res.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
    res.clearCookie(SIGNED_IN_COOKIE, { path: '/' });
  }

  @Get('me')
  @SignedIn()
  @AllowRestricted()
  @ApiBearerAuth()
  async me(@CurrentUser() user: AuthUser): Promise<PublicUser & { sanctions: unknown[]; restriction: AuthUser['restriction'] }> {
    const sanctions = await this.users.activeSanctions(user.id);
    return { ...(await this.publicUser(user.id)), restriction: user.restriction ?? null, sanctions };
  }

  private async publicUser(id: number): Promise<PublicUser> {
    const user = await this.users.findById(id);
    if (!user) throw notFound('Member');
    return mapPublicUser(user);
  }

  private setCookies(res: Response, tokens: IssuedTokens): void {
    const secure = this.config.cookieSecure;
    res.cookie(ACCESS_COOKIE, tokens.accessToken, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: tokens.accessExpiresAt });
    res.cookie(REFRESH_COOKIE, tokens.refreshToken, { httpOnly: true, sameSite: 'strict', secure, path: '/api/auth', expires: tokens.refreshExpiresAt });
    // readable by the page, holds no secret: lets the client skip a guest's GET /api/me (a 401 in the console)
    res.cookie(SIGNED_IN_COOKIE, '1', { httpOnly: false, sameSite: 'lax', secure, path: '/', expires: tokens.refreshExpiresAt });
  }
}
