import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { OutboxEntryWire, PushResult } from '../../shared/contract/hq';
import { HqConflictEntity, HqRecordEntity, type HqWorkstation } from '../db/entities';
import { sha256 } from './auth';

/**
 * Idempotent per record: the same (uuid, version, hash) twice is a no-op; the same pair with
 * another payload is a conflict, kept for a person to look at. One bad entry never fails the batch.
 */
export async function intake(
  ds: DataSource,
  ws: HqWorkstation,
  entries: OutboxEntryWire[],
  now: Date,
): Promise<PushResult[]> {
  const results: PushResult[] = [];
  for (const e of entries) {
    const base = { uuid: e.uuid, version: e.version };
    if (sha256(e.payloadJson) !== e.payloadHash) {
      results.push({ ...base, status: 'rejected', reason: 'payload_hash_mismatch' });
      continue;
    }
    try {
      JSON.parse(e.payloadJson);
    } catch {
      results.push({ ...base, status: 'rejected', reason: 'payload_not_json' });
      continue;
    }
    const status = await ds.transaction(async (em) => {
      const existing = await em.getRepository(HqRecordEntity).findOneBy({ uuid: e.uuid, version: e.version });
      if (existing?.payloadHash === e.payloadHash) return 'duplicate' as const;
      if (existing) {
        await em.getRepository(HqConflictEntity).save({
          id: randomUUID(),
          uuid: e.uuid,
          version: e.version,
          payloadHash: e.payloadHash,
          payloadJson: e.payloadJson,
          workstationId: ws.id,
          receivedAt: now.toISOString(),
        });
        return 'conflict' as const;
      }
      await em.getRepository(HqRecordEntity).insert({
        uuid: e.uuid,
        version: e.version,
        entity: e.entity,
        payloadHash: e.payloadHash,
        payloadJson: e.payloadJson,
        officeCode: ws.officeCode,
        workstationId: ws.id,
        receivedAt: now.toISOString(),
      });
      return 'accepted' as const;
    });
    results.push({ ...base, status, reason: status === 'conflict' ? 'different_payload_same_version' : null });
  }
  return results;
}
