import { adminQuery, TEMPLATE_DB } from './global-setup.mjs';

export default async function globalTeardown() {
  const admin = process.env.FORUM_TEST_ADMIN_URL;
  if (admin) await adminQuery(admin, `DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`).catch(() => undefined);
  await globalThis.__forumEmbeddedStop?.();
}
