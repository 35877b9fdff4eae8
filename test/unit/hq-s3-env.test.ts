import { describe, expect, it } from 'vitest';
import { s3FromEnv } from '../../src-server/modules/s3Blobs';

describe('the HQ bucket from the environment', () => {
  const full = {
    GUICHET_HQ_S3_ENDPOINT: 'https://s3.example.org',
    GUICHET_HQ_S3_BUCKET: 'scans',
    GUICHET_HQ_S3_ACCESS_KEY: 'guichet',
    GUICHET_HQ_S3_SECRET_KEY: 'a-secret',
  };

  it('keeps scans on disk when no endpoint is set', () => {
    expect(s3FromEnv({})).toBeNull();
  });

  it('reads the bucket, its keys and the optional region and prefix', () => {
    expect(s3FromEnv(full)).toEqual({
      endpoint: 'https://s3.example.org',
      bucket: 'scans',
      accessKey: 'guichet',
      secretKey: 'a-secret',
      region: undefined,
      prefix: undefined,
    });
    expect(s3FromEnv({ ...full, GUICHET_HQ_S3_REGION: 'eu-west-3', GUICHET_HQ_S3_PREFIX: 'scans/' })).toMatchObject({
      region: 'eu-west-3',
      prefix: 'scans/',
    });
  });

  it('names the variable missing beside an endpoint, rather than starting on the disk', () => {
    for (const name of ['GUICHET_HQ_S3_BUCKET', 'GUICHET_HQ_S3_ACCESS_KEY', 'GUICHET_HQ_S3_SECRET_KEY'] as const) {
      const env: Record<string, string> = { ...full };
      delete env[name];
      expect(() => s3FromEnv(env)).toThrow(`GUICHET_HQ_S3_ENDPOINT is set: set ${name} too`);
    }
  });
});
