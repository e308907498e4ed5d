import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module.js';
import { HttpErrorFilter } from './common/http-error.filter.js';
import { guardJsonBody } from './common/json-body-guard.js';
import { createLogger, PinoNestLogger, requestLogger } from './common/logging.js';
import { mountClient } from './common/client-assets.js';
import type { AppConfig } from './config/config.js';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware.js';
import { ForumIoAdapter } from './realtime/forum-io-adapter.js';

const CSP = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'https:', 'data:'],
    connectSrc: ["'self'", 'ws:', 'wss:'],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  },
};

export interface CreateAppOptions {
  /** prefix of the Redis keys Socket.IO uses (tests sharing one Redis keep apart by it) */
  redisKeyPrefix?: string;
}

/** Builds the configured Nest app (not yet listening): used by main.ts and the e2e tests. */
export async function createApp(config: AppConfig, databaseUrl: string, options: CreateAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bufferLogs: true,
    bodyParser: false,
  });
  const logger = createLogger(config.logLevel);
  app.useLogger(new PinoNestLogger(logger));
  app.use(requestLogger(logger));
  if (config.trustProxy) app.set('trust proxy', 1);
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  // UTF-8, bounded depth, no prototype keys; Nest's options type omits verify but passes it on
  const jsonOptions = { limit: '1mb', verify: guardJsonBody };
  app.useBodyParser('json', jsonOptions);

  const strict = helmet({ contentSecurityPolicy: CSP });
  // Swagger UI needs inline scripts; its pages get helmet without CSP
  const docs = helmet({ contentSecurityPolicy: false });
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/docs') ? docs : strict)(req, res, next));
  app.use(httpMetricsMiddleware);

  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }));
  app.useGlobalFilters(new HttpErrorFilter());

  // Socket.IO on the same server: limits, connection state recovery, Redis when configured
  const io = new ForumIoAdapter(app, { redisUrl: config.redisUrl, redisKeyPrefix: options.redisKeyPrefix ?? 'forum' });
  try {
    await io.connect();
  } catch (error) {
    await app.close();
    throw error;
  }
  app.useWebSocketAdapter(io);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Forum API')
      .setDescription('Forums, threads, posts, moderation and notifications. Live events: see docs/realtime.md.')
      .setVersion('1')
      .addBearerAuth()
      .addCookieAuth('forum_access')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  mountClient(app);
  return app;
}
