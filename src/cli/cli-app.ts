import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { configOrExit, openDatabase } from '../bootstrap.js';
import type { AppConfig } from '../config/config.js';

/** Runs a command against the app's services (same config, database and migrations as `npm start`). */
export async function withAppContext<T>(task: (app: INestApplicationContext, config: AppConfig) => Promise<T>): Promise<T> {
  // commands do their own work only: the seed import at start is `npm start`'s and `npm run seed`'s
  const config = { ...configOrExit(), seedOnStart: false };
  const database = await openDatabase(config);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, database.url), { logger: ['error', 'warn'] });
  try {
    return await task(app, config);
  } finally {
    await app.close();
    await database.embedded?.stop();
  }
}
