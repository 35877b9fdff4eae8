import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { HqPublicKeys } from '../../shared/contract/hq';
import { HqKeyEntity, type HqKey } from '../db/entities';

type KeyName = 'encryption' | 'signing';

/**
 * HQ's key pairs for USB transfer, made on first need and kept in the database (so every HQ
 * instance behind the proxy uses the same ones): offices encrypt bundles to the X25519 key and
 * check acknowledgements with the Ed25519 key.
 */
export async function hqKey(ds: DataSource, name: KeyName, now = new Date()): Promise<HqKey> {
  const repo = ds.getRepository(HqKeyEntity);
  const found = await repo.findOneBy({ name });
  if (found) return found;
  const { privateKey, publicKey } =
    name === 'encryption' ? generateKeyPairSync('x25519') : generateKeyPairSync('ed25519');
  const made: HqKey = {
    name,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    createdAt: now.toISOString(),
  };
  try {
    await repo.insert(made);
  } catch {
    // Another instance made it at the same moment: theirs is the one kept.
  }
  return (await repo.findOneBy({ name }))!;
}

export async function hqPublicKeys(ds: DataSource): Promise<HqPublicKeys> {
  const [enc, sig] = [await hqKey(ds, 'encryption'), await hqKey(ds, 'signing')];
  return { encryptionPublicKey: enc.publicPem, signingPublicKey: sig.publicPem };
}

/** Same id as the workstation's writer: first 32 hex of sha256 of the SPKI DER. */
export const keyId = (publicPem: string) =>
  createHash('sha256')
    .update(createPublicKey(publicPem).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 32);

/** A workstation's signing key as given at enrolment: an Ed25519 public key, or nothing. */
export function isEd25519Public(pem: string): boolean {
  try {
    return createPublicKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}
