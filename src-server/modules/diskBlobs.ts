import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import type { Blobs } from './files';

/** One file per hash in a folder of the HQ data directory: the single-box default. */
export class DiskBlobs implements Blobs {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async exists(sha: string) {
    return existsSync(join(this.dir, sha));
  }

  ping() {
    return access(this.dir, constants.W_OK);
  }

  async write(sha: string, body: Buffer) {
    const tmp = join(this.dir, `${sha}.part`);
    writeFileSync(tmp, body);
    renameSync(tmp, join(this.dir, sha));
  }
}
