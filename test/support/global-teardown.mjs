import { adminQuery, RUN_DB_PREFIX } from './global-setup.mjs';

export default async function globalTeardown() {
  const admin = process.env.FORUM_TEST_ADMIN_URL;
  if (admin) {
    // the template, and the database of any file that ended before it could drop its own
    const left = await adminQuery(admin, `SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${RUN_DB_PREFIX}%`]).catch(() => []);
    for (const { datname } of left) await adminQuery(admin, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
  }
  await globalThis.__forumEmbeddedStop?.();
}
