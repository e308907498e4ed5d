import { createHash } from 'node:crypto';
import pg from 'pg';

/** Distinct statements prepared per connection at most; past it (dynamic SQL), statements run unnamed. */
const MAX_PREPARED = 1_000;
const names = new Map<string, string>();

function statementName(text: string): string | null {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_PREPARED) return null;
    name = `forum_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Put first in a statement whose best plan depends on its values (full-text search: a rare word
 * wants the GIN index, a common one a newest-first scan). A prepared statement may settle on one
 * generic plan after five calls; these are parsed and planned on every call instead.
 */
export const PLAN_EVERY_CALL = '/* plan every call */ ';

type Query = (this: pg.Client, ...args: unknown[]) => unknown;
const unnamedQuery = pg.Client.prototype.query as Query;

/**
 * pg's Client, with every parameterised statement prepared once per connection (a named
 * statement) instead of parsed and planned on every call. Our reads join several subqueries:
 * planning them cost more than running them (about 1 ms against 0.2 ms for a post by id), and
 * TypeORM's `query()` only sends unnamed statements. PostgreSQL keeps custom plans where a generic
 * one would be worse (plan_cache_mode auto), and statements marked PLAN_EVERY_CALL are never
 * prepared. Statements without parameters (BEGIN, COMMIT, DDL) stay as they were. Off with
 * DATABASE_PREPARED_STATEMENTS=false, e.g. behind a PgBouncer in transaction mode older than 1.21.
 */
export class PreparingClient extends pg.Client {}

// assigned rather than overridden: pg's typings overload query() more ways than a subclass can repeat
(PreparingClient.prototype as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
  const [text, values, callback] = args;
  if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && !text.startsWith(PLAN_EVERY_CALL)) {
    const name = statementName(text);
    if (name) return unnamedQuery.call(this, { name, text, values }, callback);
  }
  return unnamedQuery.apply(this, args);
};
