import { DataSource } from 'typeorm';
import { hqEntities } from './entities';
import { Headquarters1764300000000 } from './migrations/1764300000000-Headquarters';
import { Transfer1765100000000 } from './migrations/1765100000000-Transfer';
import { Preregistrations1765300000000 } from './migrations/1765300000000-Preregistrations';
import { WorkstationContact1766700000000 } from './migrations/1766700000000-WorkstationContact';
import { RateLimits1767100000000 } from './migrations/1767100000000-RateLimits';
import { HeldNumbers1767500000000 } from './migrations/1767500000000-HeldNumbers';
import { ProbableDuplicates1767600000000 } from './migrations/1767600000000-ProbableDuplicates';
import { PersonIdType1767700000000 } from './migrations/1767700000000-PersonIdType';

export const hqMigrations = [
  Headquarters1764300000000,
  Transfer1765100000000,
  Preregistrations1765300000000,
  WorkstationContact1766700000000,
  RateLimits1767100000000,
  HeldNumbers1767500000000,
  ProbableDuplicates1767600000000,
  PersonIdType1767700000000,
];

/** SQLite file by default (one HQ box, development, tests); PostgreSQL when a URL is given. */
export async function openHqDataSource(opts: { sqliteFile?: string; postgresUrl?: string }): Promise<DataSource> {
  const common = { entities: hqEntities, migrations: hqMigrations, synchronize: false, logging: false } as const;
  const ds = opts.postgresUrl
    ? new DataSource({ type: 'postgres', url: opts.postgresUrl, ...common })
    : new DataSource({
        type: 'better-sqlite3',
        database: opts.sqliteFile ?? ':memory:',
        ...common,
        prepareDatabase: (db: { pragma(s: string): unknown }) => {
          db.pragma('journal_mode = WAL');
          db.pragma('busy_timeout = 5000');
        },
      });
  await ds.initialize();
  await oneAtATime(ds, () => ds.runMigrations({ transaction: 'each' }));
  return ds;
}

/** Any fixed number: the key of the PostgreSQL lock every HQ instance takes to migrate. */
const MIGRATION_LOCK = 7_416_001;

/**
 * Instances started together (a deployment of three replicas) would each create the same tables,
 * and all but one would fail at start: on PostgreSQL they take turns under an advisory lock, and
 * the next one finds nothing left to run.
 */
async function oneAtATime(ds: DataSource, migrate: () => Promise<unknown>): Promise<void> {
  if (ds.options.type !== 'postgres') {
    await migrate();
    return;
  }
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate();
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}
