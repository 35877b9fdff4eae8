import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { openDataSource } from '../db/dataSource';
import { applyPendingRestore } from '../modules/maintenance/backup';
import { lockDataDir } from '../modules/maintenance/lock';
import { CorruptDatabaseError, isCorruption, latestBackup } from '../modules/maintenance/startup';

/**
 * The workstation's database, made safe to use: the data directory locked against a second
 * instance, a staged restore applied, and SQLite's quick_check passed. A damaged file is
 * refused (working on it would carry the damage into every later backup) with the newest backup named.
 */
export async function openWorkstationDb(
  dataDir: string,
  clock: Clock,
  logger: Logger,
): Promise<{ ds: DataSource; release: () => void }> {
  if (dataDir === ':memory:') return { ds: await openDataSource(':memory:'), release: () => {} };
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  let ds: DataSource | null = null;
  try {
    const aside = applyPendingRestore(dataDir, clock.now());
    if (aside) logger.warn('backup restored; the replaced database is kept aside', { aside });
    ds = await openDataSource(join(dataDir, 'guichet.sqlite'));
    const raw = (ds.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
    if (raw.pragma('quick_check', { simple: true }) !== 'ok') throw new CorruptDatabaseError(latestBackup(dataDir));
    return { ds, release };
  } catch (e) {
    if (ds?.isInitialized) await ds.destroy();
    release();
    if (e instanceof CorruptDatabaseError) throw e;
    throw isCorruption(e) ? new CorruptDatabaseError(latestBackup(dataDir)) : e;
  }
}
