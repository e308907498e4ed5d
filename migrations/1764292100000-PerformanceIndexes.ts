import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the hot queries of a million-post forum need beyond the core indexes (docs/scaling.md shows
 * the plans). Built CONCURRENTLY, outside a transaction, so a live forum keeps writing meanwhile.
 */
export class PerformanceIndexes1764292100000 implements MigrationInterface {
  name = 'PerformanceIndexes1764292100000';
  transaction = false as const;

  async up(q: QueryRunner): Promise<void> {
    // A member's posts newest first (profile pages, search by author alone): without it a prolific
    // member's posts are all read and sorted by id on every page.
    await q.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS posts_author_id_idx ON posts (author_id, id DESC)`,
    );
    // The moderators' queue: active items by score, then age (ReviewRepository.queuePage). The
    // existing (status, queue, updated_at) index does not give that order, so every read joined and
    // sorted the whole backlog; this one is read in order and stops after a page.
    await q.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS review_items_active_score_idx ON review_items (score DESC, id) WHERE status IN ('open', 'claimed')`,
    );
    // Search ranks only the newest matches, found either through the GIN index (rare words) or by
    // walking posts newest first (common words). Which is cheaper depends on how common the word is;
    // the default statistics know only the ~100 commonest lexemes, so a rare word looked common
    // enough for the walk and read the whole table. More lexemes, better choices.
    await q.query(`ALTER TABLE posts ALTER COLUMN search_vector SET STATISTICS 1000`);
    await q.query(`ALTER TABLE threads ALTER COLUMN title_vector SET STATISTICS 1000`);
    await q.query(`ANALYZE posts (search_vector)`);
    await q.query(`ANALYZE threads (title_vector)`);
    await q.query(`ANALYZE review_items`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE threads ALTER COLUMN title_vector SET STATISTICS -1`);
    await q.query(`ALTER TABLE posts ALTER COLUMN search_vector SET STATISTICS -1`);
    await q.query(`DROP INDEX IF EXISTS review_items_active_score_idx`);
    await q.query(`DROP INDEX IF EXISTS posts_author_id_idx`);
  }
}
