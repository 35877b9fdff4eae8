import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { OutboxEntryWire, PushResult } from '../../shared/contract/hq';
import { HqConflictEntity, HqRecordEntity, type HqRecord, type HqWorkstation } from '../db/entities';
import { transaction } from '../db/transaction';
import { sha256 } from './auth';
import { claimNumbers, numbersOf } from './numbers';
import { claimPrereg } from './prereg';

/**
 * Whether this call stored the record. A resend after a timeout may reach another instance while
 * this one still holds the first: on PostgreSQL the later insert waits for it and does nothing.
 * SQLite takes one writer at a time: nothing can come between the caller's read and this insert.
 */
async function insertIfAbsent(em: EntityManager, record: HqRecord): Promise<boolean> {
  const insert = em.createQueryBuilder().insert().into(HqRecordEntity).values(record);
  if (em.connection.options.type !== 'postgres') {
    await insert.execute();
    return true;
  }
  const { raw } = await insert.orIgnore().returning(['uuid']).execute();
  return (raw as unknown[]).length === 1;
}

/** The other content, kept for a person to compare (`conflicts` on the command line). */
function keepConflict(em: EntityManager, ws: HqWorkstation, e: OutboxEntryWire, now: Date) {
  return em.getRepository(HqConflictEntity).insert({
    id: randomUUID(),
    uuid: e.uuid,
    version: e.version,
    payloadHash: e.payloadHash,
    payloadJson: e.payloadJson,
    workstationId: ws.id,
    receivedAt: now.toISOString(),
  });
}

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
  // One transaction (one disk sync) per batch: each entry's outcome is decided on its own and a
  // failure of the whole transaction only makes the workstation resend, which is a no-op per entry.
  return transaction(ds, async (em) => {
    const results: PushResult[] = [];
    for (const e of entries) {
      const base = { uuid: e.uuid, version: e.version };
      if (sha256(e.payloadJson) !== e.payloadHash) {
        results.push({ ...base, status: 'rejected', reason: 'payload_hash_mismatch' });
        continue;
      }
      let payload: unknown;
      try {
        payload = JSON.parse(e.payloadJson);
      } catch {
        results.push({ ...base, status: 'rejected', reason: 'payload_not_json' });
        continue;
      }
      const existing = await em.getRepository(HqRecordEntity).findOneBy({ uuid: e.uuid, version: e.version });
      if (existing?.payloadHash === e.payloadHash) {
        results.push({ ...base, status: 'duplicate', reason: null });
        continue;
      }
      if (existing) {
        await keepConflict(em, ws, e, now);
        results.push({ ...base, status: 'conflict', reason: 'different_payload_same_version' });
        continue;
      }
      // The numbers first: a registration refused for one must not convert its pre-registration.
      const refused =
        (await claimNumbers(em, e.uuid, numbersOf(e.entity, payload), now)) ??
        (e.entity === 'registration' ? await claimPrereg(em, ws, e.uuid, payload, now) : null);
      if (refused) {
        results.push({ ...base, status: 'rejected', reason: refused });
        continue;
      }
      const inserted = await insertIfAbsent(em, {
        uuid: e.uuid,
        version: e.version,
        entity: e.entity,
        payloadHash: e.payloadHash,
        payloadJson: e.payloadJson,
        officeCode: ws.officeCode,
        workstationId: ws.id,
        receivedAt: now.toISOString(),
      });
      if (!inserted) {
        // Another instance stored it meanwhile: what it holds decides, as for a resend.
        const held = await em.getRepository(HqRecordEntity).findOneBy({ uuid: e.uuid, version: e.version });
        if (held?.payloadHash === e.payloadHash) results.push({ ...base, status: 'duplicate', reason: null });
        else {
          await keepConflict(em, ws, e, now);
          results.push({ ...base, status: 'conflict', reason: 'different_payload_same_version' });
        }
        continue;
      }
      results.push({ ...base, status: 'accepted', reason: null });
    }
    return results;
  });
}
