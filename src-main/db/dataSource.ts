import { DataSource } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

/**
 * One SQLite file per workstation, opened through TypeORM's better-sqlite3 driver.
 * WAL lets reads run beside a write; foreign keys are off by default in SQLite, so we turn them on.
 */
export async function openDataSource(database: string): Promise<DataSource> {
  const ds = new DataSource({
    type: 'better-sqlite3',
    database,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      if (database !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = NORMAL');
    },
  });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}
