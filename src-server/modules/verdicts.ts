import type { DataSource } from 'typeorm';
import { MoreThan } from 'typeorm';
import type { Verdict } from '../../shared/contract/hq';
import { HqRecordEntity, HqVerdictEntity } from '../db/entities';
import { HqError } from './errors';

export async function setVerdict(
  ds: DataSource,
  v: { registrationUuid: string; kind: Verdict['kind']; reason: string | null; pieceCode: string | null },
  now: Date,
) {
  const record = await ds.getRepository(HqRecordEntity).findOneBy({ uuid: v.registrationUuid });
  if (!record) throw new HqError(404, 'not_found', 'No such registration at headquarters');
  const saved = await ds
    .getRepository(HqVerdictEntity)
    .save({ ...v, officeCode: record.officeCode, createdAt: now.toISOString() });
  return saved.seq;
}

/** An office reads its verdicts after a cursor, so nothing is read twice or missed across restarts. */
export async function verdictsSince(ds: DataSource, officeCode: string, after: number): Promise<Verdict[]> {
  const rows = await ds.getRepository(HqVerdictEntity).find({
    where: { officeCode, seq: MoreThan(after) },
    order: { seq: 'ASC' },
    take: 500,
  });
  return rows.map(({ seq, registrationUuid, kind, reason, pieceCode, createdAt }) => ({
    seq,
    registrationUuid,
    kind,
    reason,
    pieceCode,
    createdAt,
  }));
}
