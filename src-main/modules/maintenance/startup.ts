import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listBackups, stageRestore, type BackupInfo } from './backup';
import { DataDirLockedError } from './lock';

const POINTER = 'last-backup.json';

export class CorruptDatabaseError extends Error {
  constructor(readonly latest: BackupInfo | null) {
    super('The database file is damaged');
    this.name = 'CorruptDatabaseError';
  }
}

/** SQLite's own words for a file that is not (or no longer) a database. */
export const isCorruption = (e: unknown) =>
  /SQLITE_(CORRUPT|NOTADB)|malformed|not a database/i.test(
    `${(e as { code?: string }).code ?? ''} ${e instanceof Error ? e.message : ''}`,
  );

/** The backup folder is a setting inside the database; this pointer finds it when the database cannot be read. */
export function rememberBackupFolder(dataDir: string, folder: string): void {
  writeFileSync(join(dataDir, POINTER), JSON.stringify({ folder }));
}

export function backupFolderOf(dataDir: string): string {
  const pointer = join(dataDir, POINTER);
  if (existsSync(pointer)) return (JSON.parse(readFileSync(pointer, 'utf8')) as { folder: string }).folder;
  return join(dataDir, 'backups');
}

export const latestBackup = (dataDir: string) => listBackups(backupFolderOf(dataDir))[0] ?? null;

/** Stages the newest backup that passes its checks; the next open replaces the damaged file with it. */
export async function stageLatestBackup(dataDir: string, now = new Date()): Promise<BackupInfo | null> {
  const folder = backupFolderOf(dataDir);
  for (const b of listBackups(folder)) {
    try {
      await stageRestore(join(folder, b.name), dataDir, join(folder, 'files'), {
        backup: b,
        requestedAt: now.toISOString(),
        requestedBy: null,
        reason: 'damaged_database',
      });
      return b;
    } catch {
      // A damaged backup is skipped for the one before it.
    }
  }
  return null;
}

/** One French sentence for the person in front of the screen, and what to do next. */
export function startFailureMessage(e: unknown, restoreHint: string): string {
  if (e instanceof DataDirLockedError)
    return `Guichet est déjà ouvert sur ce poste (processus ${e.pid}) : fermez-le avant d’en ouvrir un autre.`;
  if (e instanceof CorruptDatabaseError)
    return e.latest
      ? `La base de données est endommagée. Dernière sauvegarde : ${e.latest.name} (${e.latest.registrations} inscriptions). ${restoreHint}`
      : 'La base de données est endommagée et aucune sauvegarde n’a été trouvée : prévenez l’administrateur.';
  return `Guichet n’a pas pu démarrer : ${e instanceof Error ? e.message : String(e)}`;
}
