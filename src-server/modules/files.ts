import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { HqFileEntity } from '../db/entities';
import { HqError } from './errors';

/**
 * Scans and photos by content hash, on disk under the HQ data directory (object storage in a
 * national deployment). The server recomputes the hash; a truncated upload never matches and is refused.
 */
export class FileStore {
  constructor(
    private readonly ds: DataSource,
    private readonly dir: string,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  async has(sha: string): Promise<boolean> {
    return (await this.ds.getRepository(HqFileEntity).existsBy({ sha256: sha })) && existsSync(this.path(sha));
  }

  async put(sha: string, body: Buffer, now: Date): Promise<'stored' | 'duplicate'> {
    if (createHash('sha256').update(body).digest('hex') !== sha)
      throw new HqError(422, 'hash_mismatch', 'Content does not match its hash');
    if (await this.has(sha)) return 'duplicate';
    const tmp = `${this.path(sha)}.part`;
    writeFileSync(tmp, body);
    renameSync(tmp, this.path(sha));
    await this.ds.getRepository(HqFileEntity).insert({ sha256: sha, size: body.length, storedAt: now.toISOString() });
    return 'stored';
  }

  private path(sha: string) {
    return join(this.dir, sha);
  }
}
