import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { openDataSource } from '../db/dataSource';
import { applyPendingRestore } from '../modules/maintenance/backup';
import type { AppliedRestore } from '../modules/maintenance/restoreRecord';
import { lockDataDir } from '../modules/maintenance/lock';
import { CorruptDatabaseError, isCorruption, latestBackup } from '../modules/maintenance/startup';

/**
 * The workstation's database, made safe to use: the data directory locked against a second
 * instance and a staged restore applied. A file SQLite finds damaged while opening it (schema,
 * migrations) is refused with the newest backup named; createApp does the same for damage met
 * later in start-up.
 *
 * No quick_check here: it reads every page, 2.3 s for a season's 1.5 GB with a warm cache and
 * several times that from a cold disk in the morning, and `quick_check(N)` only caps the errors
 * it lists, not the pages it reads. It runs on a worker thread once the app answers
 * (MaintenanceService.scheduleBackgroundChecks), and every backup runs it on its page-for-page copy.
 */
export async function openWorkstationDb(
  dataDir: string,
  clock: Clock,
  logger: Logger,
): Promise<{ ds: DataSource; release: () => void; restored: AppliedRestore | null }> {
  if (dataDir === ':memory:') return { ds: await openDataSource(':memory:'), release: () => {}, restored: null };
  mkdirSync(dataDir, { recursive: true });
  closeToOtherUsers(dataDir, logger);
  const release = lockDataDir(dataDir);
  let ds: DataSource | null = null;
  try {
    const restored = applyPendingRestore(dataDir, clock.now());
    if (restored)
      logger.warn('backup restored; the replaced database is kept aside', {
        backup: restored.request?.backup.name,
        aside: restored.keptAside,
      });
    ds = await openDataSource(join(dataDir, 'guichet.sqlite'));
    return { ds, release, restored };
  } catch (e) {
    if (ds?.isInitialized) await ds.destroy();
    release();
    throw isCorruption(e) ? new CorruptDatabaseError(latestBackup(dataDir)) : e;
  }
}

/**
 * The data folder holds every candidate's civil status, scans and the password hashes: on a
 * machine shared with other accounts, only Guichet's own may open it (the database and backups
 * inside are made readable by all, as the umask leaves them). Windows keeps a profile's folders
 * private already and ignores these bits. A folder Guichet may not change is used as it is, with a warning.
 */
function closeToOtherUsers(dataDir: string, logger: Logger): void {
  if (process.platform === 'win32') return;
  try {
    chmodSync(dataDir, 0o700);
  } catch (e) {
    logger.warn('data folder left readable by other users', { code: (e as NodeJS.ErrnoException).code ?? null });
  }
}
