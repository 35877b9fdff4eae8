import { IsNull, type DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { EnrolmentCodeEntity, HqOfficeEntity, HqWorkstationEntity } from '../db/entities';
import { transaction } from '../db/transaction';
import { newestCatalogue } from './catalogue';
import { newSecret, sha256 } from './auth';
import { HqError } from './errors';
import { isEd25519Public } from './keys';

export async function addOffice(ds: DataSource, o: { code: string; name: string; region: string }, now: Date) {
  await ds.getRepository(HqOfficeEntity).save({ ...o, createdAt: now.toISOString() });
}

/** A one-time code, shown once to HQ staff and read over the phone to the office administrator. */
export async function newEnrolmentCode(
  ds: DataSource,
  officeCode: string,
  validHours: number,
  now: Date,
): Promise<string> {
  if (!(await ds.getRepository(HqOfficeEntity).findOneBy({ code: officeCode })))
    throw new HqError(404, 'not_found', 'Unknown office');
  const code = newSecret().slice(0, 12);
  await ds.getRepository(EnrolmentCodeEntity).save({
    codeHash: sha256(code),
    officeCode,
    expiresAt: new Date(now.getTime() + validHours * 3_600_000).toISOString(),
    usedAt: null,
  });
  return code;
}

export async function enrol(
  ds: DataSource,
  req: { code: string; officeCode: string; workstationCode: string; signingPublicKey?: string },
  now: Date,
) {
  if (req.signingPublicKey !== undefined && !isEd25519Public(req.signingPublicKey))
    throw new HqError(400, 'invalid_request', 'signingPublicKey is not an Ed25519 public key');
  return transaction(ds, async (em) => {
    const code = await em.getRepository(EnrolmentCodeEntity).findOneBy({ codeHash: sha256(req.code) });
    if (!code || code.officeCode !== req.officeCode)
      throw new HqError(400, 'code_invalid', 'Unknown enrolment code for this office');
    if (code.usedAt) throw new HqError(400, 'code_used', 'This enrolment code has already been used');
    if (new Date(code.expiresAt) <= now) throw new HqError(400, 'code_expired', 'This enrolment code has expired');
    // Taken only if still unused when written: the same code sent to two instances at once enrols one workstation.
    const taken = await em
      .getRepository(EnrolmentCodeEntity)
      .update({ codeHash: code.codeHash, usedAt: IsNull() }, { usedAt: now.toISOString() });
    if (taken.affected !== 1) throw new HqError(400, 'code_used', 'This enrolment code has already been used');
    const token = newSecret();
    const id = randomUUID();
    await em.getRepository(HqWorkstationEntity).save({
      id,
      officeCode: req.officeCode,
      code: req.workstationCode,
      tokenHash: sha256(token),
      revoked: false,
      enrolledAt: now.toISOString(),
      signingPublicKey: req.signingPublicKey ?? null,
    });
    return { workstationId: id, token, catalogueVersion: (await newestCatalogue(em))?.version ?? 0 };
  });
}

export async function revoke(ds: DataSource, id: string) {
  const r = await ds.getRepository(HqWorkstationEntity).update({ id }, { revoked: true });
  if (!r.affected) throw new HqError(404, 'not_found', 'Unknown workstation');
}
