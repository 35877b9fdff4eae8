import type { DataSource } from 'typeorm';
import type { Verdict } from '../../shared/contract/hq';
import { piecesFor, type Catalogue } from '../../shared/domain/catalogue';
import {
  HqRecordEntity,
  HqVerdictEntity,
  HqWorkstationEntity,
  type HqRecord,
  type HqWorkstation,
} from '../db/entities';
import { newestCatalogue } from './catalogue';
import { HqError } from './errors';

/**
 * A verdict HQ staff give (command line or /admin/verdicts), checked as the counter will read it: on a
 * registration (not a payment's or a candidate's uuid), and for `piece_non_conforme` on a piece the
 * catalogue asks of that registration (its exam and category), named by its code.
 */
export async function setVerdict(
  ds: DataSource,
  v: { registrationUuid: string; kind: Verdict['kind']; reason: string | null; pieceCode: string | null },
  now: Date,
) {
  const [record] = await ds
    .getRepository(HqRecordEntity)
    .find({ where: { uuid: v.registrationUuid }, order: { version: 'DESC' }, take: 1 });
  if (!record) throw new HqError(404, 'not_found', 'No such registration at headquarters');
  if (record.entity !== 'registration')
    throw new HqError(
      400,
      'not_a_registration',
      `${v.registrationUuid} is a ${record.entity} record, not a registration: a verdict is given on a registration`,
    );
  // The counter shows the clerk the reason, who must tell the candidate what to put right.
  if (v.kind === 'rejected' && !v.reason?.trim())
    throw new HqError(
      400,
      'reason_required',
      'A rejected verdict says why (--reason), for the clerk to tell the candidate',
    );
  if (v.kind === 'piece_non_conforme') await requirePiece(ds, record, v.pieceCode);
  else if (v.pieceCode !== null)
    throw new HqError(
      400,
      'piece_unexpected',
      `A piece (${v.pieceCode}) goes with a piece_non_conforme verdict only, not with ${v.kind}`,
    );
  const saved = await ds
    .getRepository(HqVerdictEntity)
    .save({ ...v, officeCode: record.officeCode, createdAt: now.toISOString() });
  return saved.seq;
}

/** The piece a `piece_non_conforme` names must be one the newest catalogue asks of this registration. */
async function requirePiece(ds: DataSource, record: HqRecord, pieceCode: string | null): Promise<void> {
  if (!pieceCode)
    throw new HqError(400, 'piece_required', 'A piece_non_conforme verdict names the piece (--piece CODE, pieceCode)');
  const latest = await newestCatalogue(ds);
  if (!latest)
    throw new HqError(
      400,
      'piece_unknown',
      `No catalogue published at headquarters: piece ${pieceCode} cannot be checked; use --kind rejected with a reason`,
    );
  const payload = JSON.parse(record.payloadJson) as { examCode?: unknown; category?: unknown };
  const examCode = typeof payload.examCode === 'string' ? payload.examCode : null;
  const category = typeof payload.category === 'string' ? payload.category : '';
  if (!examCode)
    throw new HqError(400, 'piece_unknown', `Registration ${record.uuid} names no exam: its pieces cannot be checked`);
  const asked = piecesFor(JSON.parse(latest.json) as Catalogue, examCode, category, true).map((p) => p.code);
  if (!asked.includes(pieceCode))
    throw new HqError(
      400,
      'piece_unknown',
      `Piece ${pieceCode} is not one catalogue version ${latest.version} asks of this registration ` +
        `(${examCode}, ${category || 'no category'}): ${asked.join(', ') || 'none'}`,
    );
}

/**
 * A workstation reads the verdicts on the records sent under its code (by this enrolment of its
 * machine or an earlier one, revoked since) after a cursor, so nothing is read twice or missed
 * across restarts. Another workstation's verdicts are not its own: its clerk could do nothing with
 * them. They are filtered before the page is cut, so a page is never empty while one of its own is
 * waiting past the cursor.
 */
export async function verdictsSince(
  db: DataSource,
  ws: Pick<HqWorkstation, 'officeCode' | 'code'>,
  after: number,
): Promise<Verdict[]> {
  const rows = await db
    .getRepository(HqVerdictEntity)
    .createQueryBuilder('v')
    .where('v.officeCode = :office AND v.seq > :after', { office: ws.officeCode, after })
    .andWhere((qb) => {
      const sentHere = qb
        .subQuery()
        .select('1')
        .from(HqRecordEntity, 'r')
        .innerJoin(HqWorkstationEntity.options.name, 'w', 'w.id = r.workstationId')
        .where('r.uuid = v.registrationUuid AND w.officeCode = :office AND w.code = :code', { code: ws.code })
        .getQuery();
      return `EXISTS ${sentHere}`;
    })
    .orderBy('v.seq', 'ASC')
    .limit(500)
    .getMany();
  return rows.map(({ seq, registrationUuid, kind, reason, pieceCode, createdAt }) => ({
    seq,
    registrationUuid,
    kind,
    reason,
    pieceCode,
    createdAt,
  }));
}
