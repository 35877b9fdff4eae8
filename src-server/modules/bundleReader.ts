import {
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  verify,
  type Hash,
} from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import {
  BUNDLE_CHUNK_BYTES,
  BUNDLE_HKDF_INFO,
  BUNDLE_ITEM,
  BUNDLE_MAGIC,
  bundleHeader,
  type BundleHeader,
} from '../../shared/contract/bundle';
import { HqError } from './errors';
import { keyId } from './keys';

/** Why a bundle is refused whole; the message is what HQ staff read. */
export const refused = (reason: string, message: string) => new HqError(422, `bundle_${reason}`, message);

const TRUNCATED = () => refused('truncated', 'The bundle is incomplete (cut short while copying?): nothing imported');
const TAMPERED = () => refused('tampered', 'The bundle has been altered or damaged: nothing imported');

async function readExactly(file: FileHandle, length: number, position: number): Promise<Buffer | null> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await file.read(buf, 0, length, position);
  return bytesRead === length ? buf : bytesRead === 0 ? null : buf.subarray(0, bytesRead);
}

export interface BundleKeys {
  /** HQ's X25519 key pair (PEM). */
  decryption: { privatePem: string; publicPem: string };
  /** The signer's Ed25519 public key for this header; throws to refuse an unknown or foreign sender. */
  signer(header: BundleHeader): Promise<string>;
}

/**
 * Reads a bundle (format in shared/contract/bundle.ts) a chunk at a time, hands each item over
 * and checks the signature at the end; any failure throws a refusal. Callers that must not act on
 * an unchecked bundle read it twice: once to check, once to import.
 */
export async function readBundle(
  path: string,
  keys: BundleKeys,
  onItem: (type: number, body: Buffer) => Promise<void> | void,
): Promise<BundleHeader> {
  const file = await open(path, 'r').catch(() => {
    throw refused('unreadable', `Cannot read ${path}`);
  });
  try {
    const magic = Buffer.from(BUNDLE_MAGIC, 'utf8');
    const start = await readExactly(file, magic.length + 4, 0);
    if (!start || start.length < magic.length + 4 || !start.subarray(0, magic.length).equals(magic))
      throw refused('not_a_bundle', 'Not a Guichet USB bundle');
    const headerLength = start.readUInt32BE(magic.length);
    const headerBytes = headerLength <= 65_536 ? await readExactly(file, headerLength, start.length) : null;
    if (!headerBytes || headerBytes.length !== headerLength) throw TRUNCATED();
    let header: BundleHeader;
    try {
      header = bundleHeader.parse(JSON.parse(headerBytes.toString('utf8')));
    } catch {
      throw TAMPERED();
    }
    if (header.recipientKeyId !== keyId(keys.decryption.publicPem))
      throw refused('other_key', 'This bundle was encrypted for another headquarters key: it cannot be opened here');
    const signerPem = await keys.signer(header);
    const headerDigest = createHash('sha256').update(start).update(headerBytes).digest();
    let key: Buffer;
    try {
      const secret = diffieHellman({
        privateKey: createPrivateKey(keys.decryption.privatePem),
        publicKey: createPublicKey({
          key: Buffer.from(header.ephemeralPublicKey, 'base64'),
          format: 'der',
          type: 'spki',
        }),
      });
      key = Buffer.from(hkdfSync('sha256', secret, Buffer.from(header.salt, 'base64'), BUNDLE_HKDF_INFO, 32));
    } catch {
      throw TAMPERED();
    }
    const items = new ItemStream(onItem);
    let position = start.length + headerLength;
    for (let index = 0; ; index++) {
      const head = await readExactly(file, 5, position);
      if (!head || head.length < 5) throw TRUNCATED();
      const flags = head[0]!;
      const length = head.readUInt32BE(1);
      if (flags > 1 || length > BUNDLE_CHUNK_BYTES + 16) throw TAMPERED();
      const body = await readExactly(file, length + 16, position + 5);
      if (!body || body.length < length + 16) throw TRUNCATED();
      position += 5 + length + 16;
      const nonce = Buffer.alloc(12);
      nonce.writeBigUInt64BE(BigInt(index), 4);
      const decipher = createDecipheriv('aes-256-gcm', key, nonce);
      const aad = Buffer.alloc(37);
      headerDigest.copy(aad);
      aad[32] = flags;
      aad.writeUInt32BE(index, 33);
      decipher.setAAD(aad);
      decipher.setAuthTag(body.subarray(length));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(body.subarray(0, length)), decipher.final()]);
      } catch {
        throw TAMPERED();
      }
      await items.push(plain);
      if (flags === 1) break;
    }
    if (await readExactly(file, 1, position)) throw TAMPERED();
    const signature = items.end();
    const digest = createHash('sha256').update(headerDigest).update(items.digest()).digest();
    if (!verify(null, digest, createPublicKey(signerPem), signature))
      throw refused('bad_signature', 'The bundle is not signed by the workstation it names: nothing imported');
    return header;
  } finally {
    await file.close();
  }
}

/** Splits the decrypted stream into items, hashing everything before the signature. */
class ItemStream {
  private buf: Buffer = Buffer.alloc(0);
  private readonly hash: Hash = createHash('sha256');
  private signature: Buffer | null = null;

  constructor(private readonly onItem: (type: number, body: Buffer) => Promise<void> | void) {}

  async push(plain: Buffer): Promise<void> {
    this.buf = this.buf.length ? Buffer.concat([this.buf, plain]) : plain;
    while (this.buf.length >= 5) {
      if (this.signature) throw TAMPERED();
      const type = this.buf[0]!;
      const length = this.buf.readUInt32BE(1);
      if (this.buf.length < 5 + length) return;
      const item = this.buf.subarray(0, 5 + length);
      this.buf = this.buf.subarray(5 + length);
      if (type === BUNDLE_ITEM.signature) this.signature = Buffer.from(item.subarray(5));
      else {
        this.hash.update(item);
        await this.onItem(type, item.subarray(5));
      }
    }
  }

  end(): Buffer {
    if (this.buf.length || !this.signature) throw TAMPERED();
    return this.signature;
  }

  digest(): Buffer {
    return this.hash.digest();
  }
}
