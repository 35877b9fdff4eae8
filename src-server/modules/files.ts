import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { HqFileEntity } from '../db/entities';
import { DiskBlobs } from './diskBlobs';
import { HqError } from './errors';
import { S3Blobs, type S3Options } from './s3Blobs';

/** Where the bytes of scans and photos live, by content hash. */
export interface Blobs {
  exists(sha: string): Promise<boolean>;
  /** Whole or not at all: a reader never sees half a file under its hash. */
  write(sha: string, body: Buffer): Promise<void>;
  /** Throws when the storage cannot take files now: the health check's question. */
  ping(): Promise<void>;
}

export type FileLocation = { filesDir: string; s3?: S3Options | null };

/** On disk under the data directory for one HQ box; in an S3-compatible bucket when several instances share the load. */
export async function openBlobs(where: FileLocation): Promise<Blobs> {
  return where.s3 ? S3Blobs.open(where.s3) : new DiskBlobs(where.filesDir);
}

/**
 * Scans and photos by content hash. The server recomputes the hash, so a truncated upload never
 * matches and is refused; the row says a file is held only once its bytes are.
 */
export class FileStore {
  constructor(
    private readonly ds: DataSource,
    private readonly blobs: Blobs,
  ) {}

  static async open(ds: DataSource, where: FileLocation) {
    return new FileStore(ds, await openBlobs(where));
  }

  /** Throws when the storage cannot take files now. */
  ping(): Promise<void> {
    return this.blobs.ping();
  }

  async has(sha: string): Promise<boolean> {
    return (await this.ds.getRepository(HqFileEntity).existsBy({ sha256: sha })) && this.blobs.exists(sha);
  }

  async put(sha: string, body: Buffer, now: Date): Promise<'stored' | 'duplicate'> {
    if (createHash('sha256').update(body).digest('hex') !== sha)
      throw new HqError(422, 'hash_mismatch', 'Content does not match its hash');
    if (await this.has(sha)) return 'duplicate';
    await this.blobs.write(sha, body);
    // Two instances may take the same retried upload at once: same bytes, one row.
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(HqFileEntity)
      .values({ sha256: sha, size: body.length, storedAt: now.toISOString() })
      .orIgnore()
      .execute();
    return 'stored';
  }
}
