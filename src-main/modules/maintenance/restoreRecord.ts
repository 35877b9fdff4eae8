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
  /**
   * The replaced database's counters (candidate and receipt numbers by year). A backup is older
   * than the database it replaces: numbers given after it (printed on fiches and receipts, already
   * at headquarters) would be given again. The restored database continues from these.
   */
  replacedSequences: Record<string, number> | null;
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

/**
 * Where the replaced database stopped: its last audit entry and its counters. Read without writing,
 * so it stays exactly as it was; a damaged one may yield neither.
 */
export function replacedStateOf(database: string): Pick<AppliedRestore, 'replacedAuditHead' | 'replacedSequences'> {
  const none = { replacedAuditHead: null, replacedSequences: null };
  if (!existsSync(database)) return none;
  let db: Database.Database | null = null;
  try {
    db = new Database(database, { readonly: true, fileMustExist: true });
    // Each on its own: a damaged page under one table still lets the other be read.
    const read = <T>(rows: (db: Database.Database) => T): T | null => {
      try {
        return rows(db!);
      } catch {
        return null;
      }
    };
    return {
      replacedAuditHead: read((d) => {
        const row = d.prepare(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as
          { seq: number; hash: string } | undefined;
        return row ?? null;
      }),
      replacedSequences: read((d) =>
        Object.fromEntries(
          (d.prepare(`SELECT name, value FROM sequence`).all() as { name: string; value: number }[]).map((r) => [
            r.name,
            r.value,
          ]),
        ),
      ),
    };
  } catch {
    return none;
  } finally {
    db?.close();
  }
}
