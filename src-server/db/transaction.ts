import type { Database } from 'better-sqlite3';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * `ds.transaction`, safe after a full disk on SQLite. There SQLite rolls the failed transaction back
 * by itself; TypeORM's ROLLBACK then fails, TypeORM swallows that and leaves its one shared runner
 * "in a transaction", so every later batch became a savepoint inside a transaction that never
 * commits: acknowledged to the workstations, gone at the next start. SQLite's own state is the
 * truth: end what it still holds open, and drop the stale runner (the driver makes a new one).
 * PostgreSQL gives each transaction a pooled connection of its own and needs none of this.
 */
export async function transaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await ds.transaction(work);
  } catch (e) {
    if (ds.options.type === 'better-sqlite3') {
      const driver = ds.driver as unknown as { databaseConnection: Database; queryRunner?: QueryRunner };
      if (driver.databaseConnection.inTransaction) driver.databaseConnection.exec('ROLLBACK');
      if (driver.queryRunner?.isTransactionActive) driver.queryRunner = undefined;
    }
    throw e;
  }
}
