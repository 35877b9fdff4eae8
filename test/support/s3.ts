import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, S3Error } from 'minio';
import S3rver from 's3rver';
import type { S3Options } from '../../src-server/modules/s3Blobs';

/**
 * A real S3 server on loopback (s3rver: the S3 protocol over HTTP, objects on disk), standing in
 * for MinIO or a cloud bucket. `stop` and `start` take it down and bring it back on the same port.
 */
export async function startS3() {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-s3-'));
  const bucket = 'scans';
  let port = 0;
  let server: S3rver | null = null;
  const start = async () => {
    server = new S3rver({
      address: '127.0.0.1',
      port,
      directory: dir,
      silent: true,
      configureBuckets: [{ name: bucket, configs: [] }],
    });
    port = (await server.run()).port;
  };
  await start();
  const options: S3Options = {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    prefix: 'files/',
    timeoutMs: 5_000,
  };
  return {
    options,
    start,
    async stop() {
      await server?.close();
      server = null;
    },
    /** The object's bytes, read back over S3 as any other client would, or null. */
    async object(key: string): Promise<Buffer | null> {
      const client = new Client({
        endPoint: '127.0.0.1',
        port,
        useSSL: false,
        accessKey: 'S3RVER',
        secretKey: 'S3RVER',
        pathStyle: true,
      });
      try {
        return Buffer.concat(await (await client.getObject(bucket, key)).toArray());
      } catch (e) {
        if (e instanceof S3Error && e.code === 'NoSuchKey') return null;
        throw e;
      }
    },
    async close() {
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
