import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const HASH = /^[0-9a-f]{64}$/;

/** The few calls that touch the disk, kept replaceable so a test can make the disk fill up mid-write. */
export interface FileIo {
  write(handle: FileHandle, bytes: Uint8Array): Promise<void>;
}
const diskIo: FileIo = {
  write: async (handle, bytes) => {
    await handle.write(bytes);
  },
};

/**
 * Content-addressed files under <root>/<sha[0:2]>/<sha>. A file is written to <root>/tmp,
 * flushed and then renamed into place, so a reader never sees half a file and a crash or a
 * full disk leaves nothing under a hash name. The same bytes twice are stored once.
 */
export class FileStore {
  private readonly tmp: string;

  constructor(
    readonly root: string,
    readonly io: FileIo = { ...diskIo },
  ) {
    this.tmp = join(root, 'tmp');
    mkdirSync(this.tmp, { recursive: true });
    // Leftovers of a write interrupted by a crash: never referenced by any row.
    for (const f of readdirSync(this.tmp)) rmSync(join(this.tmp, f), { force: true });
  }

  pathOf(sha256: string): string {
    if (!HASH.test(sha256)) throw new Error(`Not a sha256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number; existed: boolean }> {
    const sha256 = sha256Of(bytes);
    const size = bytes.byteLength;
    if (await this.has(sha256)) return { sha256, size, existed: true };
    const temp = join(this.tmp, `${sha256}.${randomBytes(6).toString('hex')}`);
    try {
      const handle = await open(temp, 'wx');
      try {
        await this.io.write(handle, bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      mkdirSync(join(this.root, sha256.slice(0, 2)), { recursive: true });
      await rename(temp, this.pathOf(sha256));
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    return { sha256, size, existed: false };
  }

  async get(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }

  /** Every stored hash, for checks and tests; the tmp folder is not part of the store. */
  list(): string[] {
    return readdirSync(this.root)
      .filter((d) => d.length === 2)
      .flatMap((d) => readdirSync(join(this.root, d)));
  }
}
