import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Actor } from '../../db/store';
import type { BackupInfo } from './backup';

/** Who asked for a restore, and why: written beside the staged backup, read back when it is applied. */
export interface RestoreRequest {
  backup: BackupInfo;
  requestedAt: string;
  /** Null when Guichet offered it itself, at a start refused for a damaged database. */
  requestedBy: Actor | null;
  reason: 'requested' | 'damaged_database';
}

/** A restore as applied at start-up: the journal of the restored database records it. */
export interface AppliedRestore {
  request: RestoreRequest | null;
  appliedAt: string;
  /** The folder, under the data directory, holding the replaced database. */
  keptAside: string;
  /** The replaced database's last audit entry: where its journal stopped, for an inspector to find. */
  replacedAuditHead: { seq: number; hash: string } | null;
}

const requestFile = (pending: string) => `${pending}.json`;

export async function writeRestoreRequest(pending: string, request: RestoreRequest): Promise<void> {
  await writeFile(requestFile(pending), JSON.stringify(request));
}

/** The request of a staged restore, moved into the folder where the replaced database is kept. */
export function takeRestoreRequest(pending: string, aside: string): RestoreRequest | null {
  const file = requestFile(pending);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RestoreRequest;
  } catch {
    return null;
  } finally {
    renameSync(file, join(aside, 'restore.json'));
  }
}

/** Read without writing: the replaced database stays exactly as it was, even if it is the damaged one. */
export function auditHeadOf(database: string): AppliedRestore['replacedAuditHead'] {
  if (!existsSync(database)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(database, { readonly: true, fileMustExist: true });
    const row = db.prepare(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as
      { seq: number; hash: string } | undefined;
    return row ?? null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
