import { ConfigError, loadConfig } from './config.js';

const base = { DATA_DIR: '/tmp/forum-config-spec', JWT_SECRET: 'x'.repeat(40) };

describe('config', () => {
  it('uses defaults when nothing is set', () => {
    const config = loadConfig(base);
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.redisUrl).toBeNull();
    expect(config.databasePreparedStatements).toBe(true);
  });

  it('turns prepared statements off for an old transaction-mode PgBouncer', () => {
    expect(loadConfig({ ...base, DATABASE_PREPARED_STATEMENTS: 'false' }).databasePreparedStatements).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ SEED_ON_START: 'maybe' }, 'SEED_ON_START'],
    [{ DATABASE_PREPARED_STATEMENTS: 'sometimes' }, 'DATABASE_PREPARED_STATEMENTS'],
    [{ ADMIN_USERNAME: 'root' }, 'ADMIN_PASSWORD'],
  ])('names the variable at fault for %j', (env, variable) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    try {
      loadConfig({ ...base, ...env });
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).toMatch(new RegExp(`^Invalid configuration: ${variable.replace(/[[\]]/g, '\\$&')} `));
    }
  });

  it('requires JWT_SECRET in production with an external database', () => {
    expect(() => loadConfig({ DATA_DIR: base.DATA_DIR, NODE_ENV: 'production', DATABASE_URL: 'postgres://db/forum' })).toThrow(/JWT_SECRET/);
  });
});
