import Database from 'better-sqlite3';
import { format } from 'date-fns/format';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { migrations } from '../../db/migrations';
import { quickCheckOffThread } from './quickCheck';
import {
  replacedStateOf,
  takeRestoreRequest,
  writeRestoreRequest,
  type AppliedRestore,
  type RestoreRequest,
} from './restoreRecord';

export interface BackupInfo {
  name: string;
  createdAt: string;
  sizeBytes: number;
  schema: string;
  registrations: number;
  sha256: string;
}

const KNOWN_SCHEMAS = new Set(migrations.map((m) => m.name));
const FILES = 'files';

/**
 * Streamed, so that a season's database (over 2 GiB, which readFile refuses) hashes without
 * holding it in memory, and the event loop keeps answering the screens meanwhile.
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Content-addressed files never change, so a copy only adds the ones the target lacks. */
export async function copyMissingFiles(from: string, to: string): Promise<number> {
  if (!existsSync(from)) return 0;
  let copied = 0;
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) copied += await copyMissingFiles(src, dst);
    else if (entry.isFile() && !existsSync(dst)) {
      await mkdir(to, { recursive: true });
      await copyFile(src, `${dst}.part`);
      await rename(`${dst}.part`, dst);
      copied++;
    }
  }
  return copied;
}

/**
 * What a backup file holds, checked without trusting it: SQLite's own integrity check (on a worker
 * thread: it reads every page of a file that may weigh gigabytes), a schema this version of
 * Guichet knows, and the checksum written beside it when it was made.
 */
export async function inspectBackup(
  path: string,
): Promise<{ ok: true; schema: string; registrations: number } | { ok: false; reason: string }> {
  const check = await quickCheckOffThread(path).result.catch(() => null);
  if (check?.verdict !== 'ok') return { ok: false, reason: 'backup_corrupt' };
  let db: Database.Database | null = null;
  let found: { schema: string; registrations: number };
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const last = db.prepare(`SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1`).get() as
      { name: string } | undefined;
    if (!last || !KNOWN_SCHEMAS.has(last.name)) return { ok: false, reason: 'backup_schema_unknown' };
    const { n } = db.prepare(`SELECT COUNT(*) AS n FROM registration`).get() as { n: number };
    found = { schema: last.name, registrations: n };
  } catch {
    return { ok: false, reason: 'backup_corrupt' };
  } finally {
    db?.close();
  }
  const manifest = path.replace(/\.sqlite$/, '.json');
  if (manifest !== path && existsSync(manifest)) {
    const expected = (JSON.parse(readFileSync(manifest, 'utf8')) as { sha256?: string }).sha256;
    if (expected && expected !== (await sha256File(path))) return { ok: false, reason: 'backup_checksum' };
  }
  return { ok: true, ...found };
}

/** Backups in a folder, newest first, as described by their manifests. */
export function listBackups(folder: string): BackupInfo[] {
  if (!existsSync(folder)) return [];
  return (
    readdirSync(folder)
      .filter((f) => /^guichet-\d{8}-\d{6}\.json$/.test(f))
      .map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')) as BackupInfo)
      .filter((b) => existsSync(join(folder, b.name)))
      // By instant, not name: names read the office's time, which an upgrade moved from UTC.
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  );
}

/**
 * Online backup through SQLite's backup API: consistent while clerks keep saving, because it
 * copies pages under SQLite's locks rather than the file under our feet. Written to a temporary
 * name and renamed, so a backup cut short never looks complete.
 */
export async function writeBackup(
  db: Database.Database,
  dataDir: string,
  folder: string,
  now: Date,
  keep: number,
): Promise<BackupInfo> {
  mkdirSync(folder, { recursive: true });
  // The office's wall-clock time: the name an administrator looks for after the evening's backup.
  const stamp = format(now, 'yyyyMMdd-HHmmss');
  const name = `guichet-${stamp}.sqlite`;
  const target = join(folder, name);
  const part = `${target}.part`;
  rmSync(part, { force: true });
  await db.backup(part);
  // The copy inherits WAL mode, which needs a writable -shm beside it; a backup is one plain file.
  const copy = new Database(part);
  copy.pragma('journal_mode = DELETE');
  copy.close();
  const check = await inspectBackup(part);
  if (!check.ok) {
    rmSync(part, { force: true });
    throw new Error(`Backup failed its own check: ${check.reason}`);
  }
  await rename(part, target);
  await copyMissingFiles(join(dataDir, FILES), join(folder, FILES));
  const info: BackupInfo = {
    name,
    createdAt: now.toISOString(),
    sizeBytes: (await stat(target)).size,
    schema: check.schema,
    registrations: check.registrations,
    sha256: await sha256File(target),
  };
  await writeFile(join(folder, name.replace(/\.sqlite$/, '.json')), JSON.stringify(info, null, 2));
  for (const old of listBackups(folder).slice(keep)) {
    rmSync(join(folder, old.name), { force: true });
    rmSync(join(folder, old.name.replace(/\.sqlite$/, '.json')), { force: true });
  }
  return info;
}

const PENDING = 'guichet.sqlite.restore';

/** Copies a checked backup beside the live database, with who asked; it replaces it at the next start. */
export async function stageRestore(
  backupPath: string,
  dataDir: string,
  filesFrom: string,
  request: RestoreRequest,
): Promise<void> {
  const check = await inspectBackup(backupPath);
  if (!check.ok) throw new Error(check.reason);
  await copyMissingFiles(filesFrom, join(dataDir, FILES));
  await copyFile(backupPath, join(dataDir, `${PENDING}.part`));
  // Written before the backup takes its final name: a staged restore always has its request.
  await writeRestoreRequest(join(dataDir, PENDING), request);
  await rename(join(dataDir, `${PENDING}.part`), join(dataDir, PENDING));
}

export const restorePending = (dataDir: string) => existsSync(join(dataDir, PENDING));

/**
 * Before the database opens: a staged restore replaces it, and the replaced database (with its
 * WAL, which may hold the last commits) is kept aside in `replaced/`, never deleted.
 */
export function applyPendingRestore(dataDir: string, now: Date): AppliedRestore | null {
  const pending = join(dataDir, PENDING);
  if (!existsSync(pending)) return null;
  const keptAside = join('replaced', now.toISOString().replace(/[:.]/g, '-'));
  const aside = join(dataDir, keptAside);
  mkdirSync(aside, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) {
    const live = join(dataDir, `guichet.sqlite${suffix}`);
    if (existsSync(live)) renameSync(live, join(aside, basename(live)));
  }
  const request = takeRestoreRequest(pending, aside);
  renameSync(pending, join(dataDir, 'guichet.sqlite'));
  return {
    request,
    appliedAt: now.toISOString(),
    keptAside,
    ...replacedStateOf(join(aside, 'guichet.sqlite')),
  };
}
