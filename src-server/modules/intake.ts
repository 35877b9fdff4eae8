import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { OutboxEntryWire, PushResult } from '../../shared/contract/hq';
import { HqConflictEntity, HqRecordEntity, type HqRecord, type HqWorkstation } from '../db/entities';
import { transaction } from '../db/transaction';
import { sha256 } from './auth';
import { findDuplicates, notePerson, noteRegistration } from './duplicates';
import { HeldNumbers, numbersOf, type CarriedNumber } from './numbers';
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

/**
 * The other content, kept for a person to compare (`conflicts` on the command line), once: a
 * workstation resending its history sends the same conflicting content again.
 */
async function keepConflict(em: EntityManager, ws: HqWorkstation, e: OutboxEntryWire, now: Date) {
  const conflicts = em.getRepository(HqConflictEntity);
  if (await conflicts.existsBy({ uuid: e.uuid, version: e.version, payloadHash: e.payloadHash })) return;
  await conflicts.insert({
    id: randomUUID(),
    uuid: e.uuid,
    version: e.version,
    payloadHash: e.payloadHash,
    payloadJson: e.payloadJson,
    workstationId: ws.id,
    receivedAt: now.toISOString(),
  });
}

/** An entry's content as HQ reads it, or why it cannot: checked before the batch's transaction. */
function readEntry(e: OutboxEntryWire): { payload: unknown; refused: string | null; numbers: CarriedNumber[] } {
  if (sha256(e.payloadJson) !== e.payloadHash) return { payload: null, refused: 'payload_hash_mismatch', numbers: [] };
  try {
    const payload: unknown = JSON.parse(e.payloadJson);
    return { payload, refused: null, numbers: numbersOf(e.entity, payload) };
  } catch {
    return { payload: null, refused: 'payload_not_json', numbers: [] };
  }
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
  const read = entries.map(readEntry);
  return transaction(ds, async (em) => {
    const results: PushResult[] = [];
    const noted = { candidates: [] as string[], registrations: [] as string[] };
    const claims = await HeldNumbers.read(
      em,
      read.flatMap((r) => r.numbers),
    );
    for (const [i, e] of entries.entries()) {
      const base = { uuid: e.uuid, version: e.version };
      const { payload, refused: unreadable, numbers } = read[i]!;
      if (unreadable) {
        results.push({ ...base, status: 'rejected', reason: unreadable });
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
        claims.takenFrom(e.uuid, numbers) ??
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
      claims.hold(e.uuid, numbers, now);
      // HQ keeps both registrations of one person made at two offices; it lists them for staff (`duplicates`).
      if (e.entity === 'candidate') {
        await notePerson(em, e.uuid, e.version, payload);
        noted.candidates.push(e.uuid);
      }
      if (e.entity === 'registration') {
        await noteRegistration(em, { officeCode: ws.officeCode, workstationId: ws.id }, e.uuid, e.version, payload);
        noted.registrations.push(e.uuid);
      }
      results.push({ ...base, status: 'accepted', reason: null });
    }
    await claims.write(em);
    await findDuplicates(em, noted, now);
    return results;
  });
}
