import type { DataSource, EntityManager } from 'typeorm';
import { In, IsNull, MoreThan } from 'typeorm';
import { parsePreregFile, type Preregistration } from '../../shared/domain/prereg';
import { HqOfficeEntity, HqPreregEntity, type HqWorkstation } from '../db/entities';
import { transaction } from '../db/transaction';
import { counted } from './english';
import { HqError } from './errors';

/** Thrown for a file with bad rows: every error, nothing imported. */
export class PreregImportError extends HqError {
  constructor(readonly errors: string[]) {
    super(400, 'invalid_request', `${counted(errors.length, 'error')}; nothing imported:\n${errors.join('\n')}`);
  }
}

/**
 * Imports a file of online pre-registrations in one transaction. A number already held is
 * skipped (importing the same file twice adds nothing); a bad row refuses the whole file.
 */
export async function importPreregs(
  ds: DataSource,
  data: unknown,
  now: Date,
): Promise<{ imported: number; skipped: number }> {
  const parsed = parsePreregFile(data);
  if (!parsed.ok) throw new PreregImportError(parsed.errors);
  return transaction(ds, async (em) => {
    const repo = em.getRepository(HqPreregEntity);
    const held = new Set<string>();
    const numbers = parsed.rows.map((r) => r.number);
    for (let i = 0; i < numbers.length; i += 500)
      for (const r of await repo.find({ select: { number: true }, where: { number: In(numbers.slice(i, i + 500)) } }))
        held.add(r.number);
    const fresh = parsed.rows.filter((r) => !held.has(r.number));
    for (const r of fresh)
      await repo.insert({
        number: r.number,
        region: r.region,
        officeCode: r.officeCode,
        json: JSON.stringify(r),
        createdAt: r.createdAt,
        importedAt: now.toISOString(),
        convertedBy: null,
        convertedRegistrationUuid: null,
        convertedRegistrationNumber: null,
        convertedAt: null,
      });
    return { imported: fresh.length, skipped: parsed.rows.length - fresh.length };
  });
}

/**
 * Those of the workstation's region not meant for another office, after a cursor. The cursor
 * returned is the last row looked at, so rows of another office never hold the page back.
 */
export async function preregsSince(ds: DataSource, ws: HqWorkstation, after: number, take = 500) {
  const office = await ds.getRepository(HqOfficeEntity).findOneBy({ code: ws.officeCode });
  const rows = office
    ? await ds.getRepository(HqPreregEntity).find({
        where: { region: office.region, seq: MoreThan(after) },
        order: { seq: 'ASC' },
        take,
      })
    : [];
  return {
    preregistrations: rows
      .filter((r) => !r.officeCode || r.officeCode === ws.officeCode)
      .map((r) => ({ ...(JSON.parse(r.json) as Preregistration), seq: r.seq })),
    cursor: rows.at(-1)?.seq ?? after,
    more: rows.length === take,
  };
}

/**
 * At intake, a registration that names a pre-registration: the first registration to arrive
 * converts it; another registration naming the same number (a second workstation) is refused.
 * Returns the refusal reason, or null when the entry may be stored.
 */
export async function claimPrereg(
  em: EntityManager,
  ws: HqWorkstation,
  uuid: string,
  payload: unknown,
  now: Date,
): Promise<string | null> {
  const p = payload as { preregistrationNumber?: unknown; number?: unknown };
  if (typeof p?.preregistrationNumber !== 'string') return null;
  const repo = em.getRepository(HqPreregEntity);
  const row = await repo.findOneBy({ number: p.preregistrationNumber });
  if (!row) return null;
  if (row.convertedRegistrationUuid) return row.convertedRegistrationUuid === uuid ? null : 'prereg_already_converted';
  // Conditional: of two intakes racing on PostgreSQL, only one sees the row still free.
  const claimed = await repo.update(
    { seq: row.seq, convertedRegistrationUuid: IsNull() },
    {
      convertedBy: ws.id,
      convertedRegistrationUuid: uuid,
      convertedRegistrationNumber: typeof p.number === 'string' ? p.number : null,
      convertedAt: now.toISOString(),
    },
  );
  if (claimed.affected === 0) {
    const winner = await repo.findOneBy({ seq: row.seq });
    if (winner?.convertedRegistrationUuid !== uuid) return 'prereg_already_converted';
  }
  return null;
}
