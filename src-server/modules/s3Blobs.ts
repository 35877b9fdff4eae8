import { Client, S3Error } from 'minio';
import { HqError } from './errors';
import type { Blobs } from './files';

/** An S3-compatible bucket (MinIO, Ceph, Garage, AWS …): what several HQ instances share. */
export interface S3Options {
  /** `https://s3.example.org` or `http://127.0.0.1:9000`. */
  endpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region?: string;
  /** Prepended to each hash, such as `scans/`, when the bucket holds other things too. */
  prefix?: string;
  /** How long one call may take before the upload is answered 503 and the workstation retries. */
  timeoutMs?: number;
}

/** The bucket from `GUICHET_HQ_S3_*`, or null when scans stay on disk. The keys are never logged. */
export function s3FromEnv(env: NodeJS.ProcessEnv): S3Options | null {
  const endpoint = env.GUICHET_HQ_S3_ENDPOINT;
  if (!endpoint) return null;
  const need = (name: string) => {
    const v = env[name];
    if (!v) throw new Error(`GUICHET_HQ_S3_ENDPOINT is set: set ${name} too`);
    return v;
  };
  return {
    endpoint,
    bucket: need('GUICHET_HQ_S3_BUCKET'),
    accessKey: need('GUICHET_HQ_S3_ACCESS_KEY'),
    secretKey: need('GUICHET_HQ_S3_SECRET_KEY'),
    region: env.GUICHET_HQ_S3_REGION,
    prefix: env.GUICHET_HQ_S3_PREFIX,
  };
}

const unavailable = () =>
  new HqError(503, 'storage_unavailable', 'File storage is not answering; the upload will be retried');

export class S3Blobs implements Blobs {
  private constructor(
    private readonly client: Client,
    private readonly o: S3Options,
  ) {}

  /** Refuses to start on a bucket it cannot reach, rather than failing each upload later. */
  static async open(o: S3Options): Promise<S3Blobs> {
    const url = new URL(o.endpoint);
    const client = new Client({
      endPoint: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      useSSL: url.protocol === 'https:',
      accessKey: o.accessKey,
      secretKey: o.secretKey,
      region: o.region ?? 'us-east-1',
      // Path-style addressing works on every S3-compatible server; virtual hosts need DNS for each bucket.
      pathStyle: true,
    });
    const blobs = new S3Blobs(client, o);
    const found = await blobs
      .call(() => client.bucketExists(o.bucket))
      .catch((e: Error) => {
        throw new Error(`S3 storage at ${url.origin} does not answer: ${String(e.cause ?? e.message)}`);
      });
    if (!found) throw new Error(`S3 bucket "${o.bucket}" does not exist at ${url.origin}`);
    return blobs;
  }

  private key(sha: string) {
    return `${this.o.prefix ?? ''}${sha}`;
  }

  /** A storage that fails or hangs is a 503 for the workstation, which retries later; never a 500. */
  private async call<T>(work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable()), this.o.timeoutMs ?? 30_000);
    });
    try {
      return await Promise.race([work(), late]);
    } catch (e) {
      if (e instanceof HqError) throw e;
      throw Object.assign(unavailable(), { cause: e });
    } finally {
      clearTimeout(timer);
    }
  }

  async ping(): Promise<void> {
    if (!(await this.call(() => this.client.bucketExists(this.o.bucket)))) throw new Error('Bucket gone');
  }

  exists(sha: string): Promise<boolean> {
    return this.call(() =>
      this.client.statObject(this.o.bucket, this.key(sha)).then(
        () => true,
        (e: unknown) => {
          if (e instanceof S3Error && (e.code === 'NotFound' || e.code === 'NoSuchKey')) return false;
          throw e;
        },
      ),
    );
  }

  async write(sha: string, body: Buffer): Promise<void> {
    // A PUT is atomic in S3: the object appears whole or not at all.
    await this.call(() =>
      this.client.putObject(this.o.bucket, this.key(sha), body, body.length, {
        'Content-Type': 'application/octet-stream',
      }),
    );
  }
}
