import {
  createCipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  sign,
  type Hash,
} from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import {
  BUNDLE_CHUNK_BYTES,
  BUNDLE_HKDF_INFO,
  BUNDLE_ITEM,
  BUNDLE_MAGIC,
  type BundleHeader,
} from '../../../shared/contract/bundle';

/** Which HQ key a bundle is for: the first 32 hex of sha256 of its SPKI DER. */
export const keyId = (publicPem: string) =>
  createHash('sha256')
    .update(createPublicKey(publicPem).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 32);

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/**
 * Writes one bundle (format in shared/contract/bundle.ts) to an open file, a chunk at a time:
 * whatever the number of photos, at most one chunk of plaintext is held in memory.
 */
export class BundleWriter {
  private readonly key: Buffer;
  private readonly headerDigest: Buffer;
  /** Magic and clear header, written before the first chunk. */
  readonly prefix: Buffer;
  private readonly content: Hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;

  private constructor(
    private readonly out: FileHandle,
    header: BundleHeader,
    secret: Buffer,
    private readonly signingPem: string,
  ) {
    const headerJson = Buffer.from(JSON.stringify(header), 'utf8');
    this.prefix = Buffer.concat([Buffer.from(BUNDLE_MAGIC, 'utf8'), u32(headerJson.length), headerJson]);
    this.headerDigest = createHash('sha256').update(this.prefix).digest();
    this.key = Buffer.from(
      hkdfSync('sha256', secret, Buffer.from(header.salt, 'base64'), Buffer.from(BUNDLE_HKDF_INFO), 32),
    );
  }

  static async open(
    out: FileHandle,
    who: Pick<BundleHeader, 'office' | 'workstationId' | 'workstationCode' | 'createdAt'>,
    hqEncryptionPem: string,
    signingPem: string,
  ): Promise<BundleWriter> {
    const eph = generateKeyPairSync('x25519');
    const secret = diffieHellman({ privateKey: eph.privateKey, publicKey: createPublicKey(hqEncryptionPem) });
    const header: BundleHeader = {
      format: 1,
      ...who,
      recipientKeyId: keyId(hqEncryptionPem),
      ephemeralPublicKey: eph.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      salt: randomBytes(32).toString('base64'),
    };
    const w = new BundleWriter(out, header, secret, signingPem);
    await out.write(w.prefix);
    return w;
  }

  async item(type: number, ...parts: Buffer[]): Promise<void> {
    const length = parts.reduce((n, p) => n + p.length, 0);
    const head = Buffer.concat([Buffer.from([type]), u32(length)]);
    for (const p of [head, ...parts]) {
      this.content.update(p);
      this.pending.push(p);
      this.pendingBytes += p.length;
    }
    while (this.pendingBytes >= BUNDLE_CHUNK_BYTES) await this.flush(false);
  }

  /** Signs what was written, closes the stream with its last chunk; the caller closes the file. */
  async finish(): Promise<void> {
    const digest = createHash('sha256').update(this.headerDigest).update(this.content.digest()).digest();
    const signature = sign(null, digest, createPrivateKey(this.signingPem));
    const head = Buffer.concat([Buffer.from([BUNDLE_ITEM.signature]), u32(signature.length)]);
    this.pending.push(head, signature);
    this.pendingBytes += head.length + signature.length;
    while (this.pendingBytes > BUNDLE_CHUNK_BYTES) await this.flush(false);
    await this.flush(true);
  }

  private async flush(last: boolean): Promise<void> {
    const all = Buffer.concat(this.pending);
    const plain = last ? all : all.subarray(0, BUNDLE_CHUNK_BYTES);
    const rest = all.subarray(plain.length);
    this.pending = rest.length ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.length;
    const flags = last ? 1 : 0;
    const nonce = Buffer.alloc(12);
    nonce.writeBigUInt64BE(BigInt(this.index), 4);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.concat([this.headerDigest, Buffer.from([flags]), u32(this.index)]));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    await this.out.write(Buffer.concat([Buffer.from([flags]), u32(body.length), body, cipher.getAuthTag()]));
    this.index++;
  }
}
