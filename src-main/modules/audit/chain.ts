import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  beforeJson: string | null;
  afterJson: string | null;
}

/** Each row's hash covers its own fields and the previous row's hash, so editing or deleting a row breaks every later link. */
export function chainHash(prevHash: string, f: ChainFields): string {
  const canonical = JSON.stringify([
    prevHash,
    f.at,
    f.actorId,
    f.actorName,
    f.action,
    f.entity,
    f.entityId,
    f.beforeJson,
    f.afterJson,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export const sha256Hex = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
