import { watch, type FSWatcher } from 'chokidar';
import { realpathSync, statSync } from 'node:fs';
import { readFile, realpath, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { PHOTO, type InboxItem } from '../../../shared/contract/dossier';
import { AppError } from '../../core/errors';
import type { IdGenerator } from '../../core/ids';
import type { Actor, Store } from '../../db/store';
import type { Session } from '../auth/sessions';
import { refuse, sniff } from './inspect';
import type { DossierService } from './service';

const SETTING = 'scanner_inbox';
/** Scanner drivers write a file in several bursts; it is offered only once its size has held still this long. */
const STABILITY_MS = 1500;
/** Names scanners and copiers use while a file is still being written. */
const TEMPORARY = /(^\.|\.(tmp|part|crdownload|partial)$|~$)/i;

interface Entry extends InboxItem {
  path: string;
}

/**
 * The scanner inbox of this workstation: a folder watched with chokidar, whose finished files
 * make the "À classer" tray. A file is read only when the clerk assigns it, only if it is still
 * inside the folder (no symlink out), and removed from the folder only once it is in the store.
 */
export class InboxService {
  private watcher: FSWatcher | null = null;
  private folder: string | null = null;
  private readonly items = new Map<string, Entry>();
  stabilityMs = STABILITY_MS;

  constructor(
    private readonly store: Store,
    private readonly newId: IdGenerator,
    private readonly dossier: DossierService,
  ) {}

  async load(): Promise<void> {
    const [row] = (await this.store.em.query(`SELECT value_json FROM setting WHERE key = ?`, [SETTING])) as {
      value_json: string;
    }[];
    const folder = row ? (JSON.parse(row.value_json) as string | null) : null;
    // A folder that vanished (USB disk, network share) must not stop the app from starting.
    if (folder) await this.start(folder).catch(() => undefined);
  }

  get(): { folder: string | null; items: InboxItem[] } {
    const items = [...this.items.values()]
      .map(({ path: _path, ...item }) => item)
      .sort((a, b) => a.detectedAt.localeCompare(b.detectedAt));
    return { folder: this.folder, items };
  }

  async configure(actor: Actor, folder: string | null): Promise<{ folder: string | null; items: InboxItem[] }> {
    if (folder !== null) {
      if (!isAbsolute(folder))
        throw refuse('folder_not_absolute', 'Folder must be an absolute path', undefined, 'folder');
      let isDir = false;
      try {
        isDir = statSync(folder).isDirectory();
      } catch {
        isDir = false;
      }
      if (!isDir) throw refuse('folder_missing', 'No such folder', undefined, 'folder');
    }
    await this.store.change(actor, async (tx) => {
      await tx.em.query(
        `INSERT INTO setting (key, value_json, updated_at) VALUES (?,?,?)
         ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
        [SETTING, JSON.stringify(folder), tx.now],
      );
      await tx.audit({
        action: 'inbox.configure',
        entity: 'setting',
        entityId: SETTING,
        before: this.folder,
        after: folder,
      });
    });
    await this.stop();
    if (folder) await this.start(folder);
    return this.get();
  }

  private async start(folder: string): Promise<void> {
    const root = realpathSync(folder);
    const watcher = watch(root, {
      depth: 0,
      ignoreInitial: false,
      ignored: (path) => path !== root && TEMPORARY.test(basename(path)),
      awaitWriteFinish: { stabilityThreshold: this.stabilityMs, pollInterval: 100 },
    });
    watcher.on('add', (path, stats) => {
      this.items.set(path, {
        id: this.newId(),
        path,
        name: basename(path),
        size: stats?.size ?? 0,
        detectedAt: new Date().toISOString(),
      });
    });
    watcher.on('change', (path, stats) => {
      const item = this.items.get(path);
      if (item && stats) item.size = stats.size;
    });
    watcher.on('unlink', (path) => this.items.delete(path));
    watcher.on('error', () => undefined);
    await new Promise<void>((ready) => watcher.once('ready', ready));
    this.watcher = watcher;
    this.folder = root;
  }

  async stop(): Promise<void> {
    await this.watcher?.close();
    this.watcher = null;
    this.folder = null;
    this.items.clear();
  }

  /** Re-checks where the file really is at the moment it is read: a symlink to elsewhere is refused. */
  private async read(itemId: string): Promise<{ entry: Entry; bytes: Buffer }> {
    const entry = [...this.items.values()].find((i) => i.id === itemId);
    if (!entry || !this.folder) throw refuse('file_missing', 'The file is no longer in the inbox', undefined, 'itemId');
    let real: string;
    try {
      real = await realpath(entry.path);
    } catch {
      this.items.delete(entry.path);
      throw refuse('file_missing', 'The file is no longer in the inbox', undefined, 'itemId');
    }
    if (dirname(real) !== this.folder || resolve(real) !== real)
      throw refuse('path_refused', 'File outside the inbox folder', undefined, 'itemId');
    try {
      return { entry, bytes: await readFile(real) };
    } catch {
      this.items.delete(entry.path);
      throw refuse('file_missing', 'The file disappeared while it was read', undefined, 'itemId');
    }
  }

  async file(itemId: string) {
    const { bytes } = await this.read(itemId);
    const kind = sniff(bytes);
    const mime = kind === 'pdf' ? 'application/pdf' : kind ? `image/${kind}` : 'application/octet-stream';
    return { mime, base64: bytes.toString('base64') };
  }

  async assign(session: Session, input: { itemId: string; registrationId: string; pieceCode: string }) {
    const { entry, bytes } = await this.read(input.itemId);
    const { registrationId, pieceCode } = input;
    const dossier =
      pieceCode === PHOTO
        ? await this.dossier.photoBytes(session, { registrationId, bytes, photoNumber: null })
        : await this.dossier.attachBytes(session, { registrationId, pieceCode, fileName: entry.name, bytes });
    // Now in the store and recorded: only then does the scan leave the inbox.
    await unlink(entry.path).catch(() => {
      throw new AppError('internal', 'Piece attached, but the scan could not be removed from the inbox');
    });
    this.items.delete(entry.path);
    return dossier;
  }
}
