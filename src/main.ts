import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { configOrExit, fail, openDatabase } from './bootstrap.js';
import { createLogger } from './common/logging.js';
import { ensureInitialAdmin } from './users/initial-admin.js';

async function main(): Promise<void> {
  const started = Date.now();
  const config = configOrExit();
  // A promise a dependency dropped (the Redis adapter's publishes while Redis is down) must not take
  // the instance and every socket on it down: log it as an error and keep serving.
  const logger = createLogger(config.logLevel);
  process.on('unhandledRejection', (reason: unknown) => logger.error({ err: reason }, 'unhandled promise rejection'));
  const database = await openDatabase(config);
  const app = await createApp(config, database.url);
  await ensureInitialAdmin(app, config);
  // startup tasks of later modules (seed import) hook in through onApplicationBootstrap

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`[forum] ${signal}: draining\n`);
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    try {
      await app.close(); // stops HTTP (in-flight requests finish), sockets, then the pool
      await database.embedded?.stop(); // only after the pool has closed
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen(config.port, config.host);
  const address = await app.getUrl();
  process.stderr.write(`[forum] ready on ${address.replace('[::1]', 'localhost')} in ${Date.now() - started} ms${database.embedded ? ' (embedded PostgreSQL)' : ''}\n`);
}

main().catch(fail);
