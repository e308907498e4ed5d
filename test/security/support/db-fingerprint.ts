// Row counts and a checksum of every table: "the database is unchanged" as one comparable value.
// Thread view counts are left out: reading a thread counts a view, and views are flushed later.
const VOLATILE: Record<string, string[]> = { threads: ['view_count'] };

/** A DataSource, or a pg client wrapped to return rows. */
export interface Queryable {
  query(sql: string): Promise<unknown>;
}

export async function dbFingerprint(dataSource: Queryable): Promise<Record<string, string>> {
  const tables = (await dataSource.query(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename`,
  )) as { name: string }[];
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const row = `to_jsonb(t)${(VOLATILE[name] ?? []).map((c) => ` - '${c}'`).join('')}`;
    const [sum] = (await dataSource.query(
      `SELECT count(*)::int AS n, md5(COALESCE(string_agg((${row})::text, '|' ORDER BY (${row})::text), '')) AS md5 FROM "${name}" t`,
    )) as { n: number; md5: string }[];
    out[name] = `${sum.n} rows, ${sum.md5}`;
  }
  return out;
}

/** The tables whose fingerprint differs. */
export function changedTables(
  before: Record<string, string>,
  after: Record<string, string>,
): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((t) => before[t] !== after[t])
    .map((t) => `${t}: ${before[t]} → ${after[t]}`);
}
