import { IsNull, type DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { EnrolmentCodeEntity, HqOfficeEntity, HqWorkstationEntity, type HqWorkstation } from '../db/entities';
import { transaction } from '../db/transaction';
import { newestCatalogue } from './catalogue';
import { newSecret, sha256 } from './auth';
import { HqError } from './errors';
import { isEd25519Public } from './keys';
import { heldSequences } from './numbers';

export async function addOffice(ds: DataSource, o: { code: string; name: string; region: string }, now: Date) {
  await ds.getRepository(HqOfficeEntity).save({ ...o, createdAt: now.toISOString() });
}

/** How long an enrolment code may stay valid: a code read over the phone is meant to be used soon. */
export const ENROLMENT_HOURS = { min: 1, max: 720 } as const;

/** The rule for a code's life, in the words of the command line (`--hours`) or of the HTTP route (`validHours`). */
export const enrolmentHoursRule = (name: string) =>
  `${name} must be a whole number of hours from ${ENROLMENT_HOURS.min} to ${ENROLMENT_HOURS.max} (30 days)`;

/** A one-time code, shown once to HQ staff and read over the phone to the office administrator. */
export async function newEnrolmentCode(
  ds: DataSource,
  officeCode: string,
  validHours: number,
  now: Date,
  hoursName = 'validHours',
): Promise<string> {
  if (!Number.isInteger(validHours) || validHours < ENROLMENT_HOURS.min || validHours > ENROLMENT_HOURS.max)
    throw new HqError(400, 'invalid_request', `${enrolmentHoursRule(hoursName)}, not ${String(validHours)}`);
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

/**
 * A workstation's token for a one-time code. One office's workstation code belongs to one machine
 * at a time: its numbers (MORG1-…) are made on that machine alone, so a second machine under the
 * same code would send registrations and receipts numbered like the first one's. An enrolment for
 * a code still active is refused (`workstation_active`) and leaves the enrolment code unused,
 * unless it comes from the same machine (the same signing key) having lost its token: that
 * workstation keeps its row and its id (its records, conflicts and acknowledgements stay its own)
 * and gets a new token, the old one refused from then on. HQ staff free a code by revoking the
 * workstation that holds it. The answer carries the highest numbers HQ holds under the code
 * (`sequences`), for a machine enrolled in place of a lost one to count on from there.
 */
export async function enrol(
  ds: DataSource,
  req: { code: string; officeCode: string; workstationCode: string; signingPublicKey?: string },
  now: Date,
) {
  if (req.signingPublicKey !== undefined && !isEd25519Public(req.signingPublicKey))
    throw new HqError(400, 'invalid_request', 'signingPublicKey is not an Ed25519 public key');
  return transaction(ds, async (em) => {
    // One enrolment of an office at a time on PostgreSQL: two machines claiming one workstation code
    // through two instances would otherwise both find it free. SQLite takes one writer at a time.
    if (em.connection.options.type === 'postgres')
      await em
        .getRepository(HqOfficeEntity)
        .findOne({ where: { code: req.officeCode }, lock: { mode: 'pessimistic_write' } });
    const code = await em.getRepository(EnrolmentCodeEntity).findOneBy({ codeHash: sha256(req.code) });
    if (!code || code.officeCode !== req.officeCode)
      throw new HqError(400, 'code_invalid', 'Unknown enrolment code for this office');
    if (code.usedAt) throw new HqError(400, 'code_used', 'This enrolment code has already been used');
    if (new Date(code.expiresAt) <= now) throw new HqError(400, 'code_expired', 'This enrolment code has expired');
    const active = await em
      .getRepository(HqWorkstationEntity)
      .findBy({ officeCode: req.officeCode, code: req.workstationCode, revoked: false });
    const sameMachine = (w: HqWorkstation) =>
      req.signingPublicKey !== undefined && w.signingPublicKey === req.signingPublicKey;
    if (active.some((w) => !sameMachine(w)))
      throw new HqError(
        409,
        'workstation_active',
        `Workstation ${req.officeCode} ${req.workstationCode} is already enrolled and active at headquarters: ` +
          'revoke it (`workstations`, then `revoke`) before enrolling another machine under this code, ' +
          'or set this machine up with another workstation code. The enrolment code was not used.',
      );
    // Taken only if still unused when written: the same code sent to two instances at once enrols one workstation.
    const taken = await em
      .getRepository(EnrolmentCodeEntity)
      .update({ codeHash: code.codeHash, usedAt: IsNull() }, { usedAt: now.toISOString() });
    if (taken.affected !== 1) throw new HqError(400, 'code_used', 'This enrolment code has already been used');
    const token = newSecret();
    const catalogueVersion = (await newestCatalogue(em))?.version ?? 0;
    // A fresh machine in place of a lost one would count from 000001 again, over numbers already given.
    const sequences = await heldSequences(em, req.officeCode, req.workstationCode);
    const again = active[0];
    if (again) {
      await em
        .getRepository(HqWorkstationEntity)
        .update({ id: again.id }, { tokenHash: sha256(token), enrolledAt: now.toISOString() });
      return { workstationId: again.id, token, catalogueVersion, sequences };
    }
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
    return { workstationId: id, token, catalogueVersion, sequences };
  });
}

export async function revoke(ds: DataSource, id: string) {
  const r = await ds.getRepository(HqWorkstationEntity).update({ id }, { revoked: true });
  if (!r.affected) throw new HqError(404, 'not_found', 'Unknown workstation');
}
