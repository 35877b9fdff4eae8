/** An EntityManager, a QueryRunner or a DataSource: whatever a module or a migration holds. */
export interface Db {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  connection?: { options: { type: string } };
  options?: { type: string };
}

/**
 * Plain SQL on either backend, written with `?`; PostgreSQL wants `$1, $2…` (no statement given
 * here may have a `?` inside a literal). For the hot paths where TypeORM's builders cost too much.
 */
export function run<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  const pg = (db.connection?.options ?? db.options)?.type === 'postgres';
  let i = 0;
  return db.query(pg ? sql.replace(/\?/g, () => `$${++i}`) : sql, params) as Promise<T[]>;
}
