import { roleAtLeast } from '../../../shared/domain/roles';
import type { Payment, PaymentMode, Totals } from '../../../shared/contract/payments';
import { feeFor } from '../../../shared/domain/catalogue';
import { receiptNumber, sequenceName } from '../../../shared/domain/numbering';
import type { Clock } from '../../core/clock';
import { AppError, fieldError } from '../../core/errors';
import type { IdGenerator } from '../../core/ids';
import type { Actor, Store } from '../../db/store';
import { supervisorApproval, type SupervisorCredentials } from '../auth/approval';
import type { AuthService } from '../auth/service';
import type { Session } from '../auth/sessions';
import type { ReferenceService } from '../reference/service';
import { findRegistration } from '../registrations/repository';
import type { SetupService } from '../setup/service';
import { assertDayOpen, findPayments, recordPayment, requireMobileMoneyTrace, totalsOf } from './repository';
import { localDay } from '../../../shared/domain/localTime';
import { displayNames } from '../users/names';

const actorOf = (s: Session): Actor => ({ id: s.userId, name: s.username });

export interface TakeInput {
  registrationId: string;
  mode: PaymentMode;
  operator: string | null;
  reference: string | null;
  exemptionReason: string | null;
  supervisor: SupervisorCredentials | null;
}

/**
 * Fees at the counter. Amounts are integers in the session currency's minor units; receipt
 * numbers come from a per-workstation sequence inside the same transaction as the payment, so a
 * failed save never consumes one and a restart never leaves a gap.
 */
export class PaymentsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly setup: SetupService,
    private readonly reference: ReferenceService,
    private readonly auth: AuthService,
  ) {}

  today(): string {
    return localDay(this.clock.now());
  }

  async quote(registrationId: string) {
    const reg = await findRegistration(this.store.em, registrationId);
    if (!reg) throw new AppError('not_found', 'No such registration');
    const { session } = this.reference.catalogue;
    const amount = feeFor(this.reference.catalogue, reg.exam_code, reg.category);
    if (amount === null)
      throw new AppError('not_found', 'No fee in the catalogue', { registrationId: { code: 'fee_missing' } });
    const [paid] = await findPayments(this.store.em, { registrationId, status: 'valid' });
    return { amount, currency: session.currency, minorDigits: session.minorDigits, paid: paid ?? null };
  }

  async take(session: Session, input: TakeInput): Promise<Payment> {
    const quote = await this.quote(input.registrationId);
    if (quote.paid) throw new AppError('conflict', 'Already paid', { registrationId: { code: 'already_paid' } });
    requireMobileMoneyTrace(input);
    let approvedBy: string | null = null;
    if (input.mode === 'exempt') {
      if (!input.exemptionReason || input.exemptionReason.length < 5)
        throw new AppError('invalid_input', 'Reason required', { exemptionReason: { code: 'reason_required' } });
      approvedBy = await supervisorApproval(this.auth, session, input.supervisor);
    }
    const { office, workstation } = this.setup.requireIdentity();
    return this.store.change(actorOf(session), async (tx) => {
      const day = localDay(tx.now);
      await assertDayOpen(tx.em, session.username, day);
      const year = Number(day.slice(0, 4));
      const sequence = tx.sequence(sequenceName('receipt', year));
      return recordPayment(tx, {
        id: this.newId(),
        registrationId: input.registrationId,
        mode: input.mode,
        operator: input.operator,
        reference: input.reference,
        exemptionReason: input.exemptionReason,
        receiptNumber: receiptNumber({ officeCode: office.code, workstationCode: workstation.code, year, sequence }),
        amount: quote.amount,
        currency: quote.currency,
        minorDigits: quote.minorDigits,
        approvedBy,
        clerk: session.username,
        day,
        groupNumber: null,
      });
    });
  }

  async cancel(
    session: Session,
    paymentId: string,
    reason: string,
    supervisor: SupervisorCredentials | null,
  ): Promise<Payment> {
    const approvedBy = await supervisorApproval(this.auth, session, supervisor);
    return this.store.change(actorOf(session), async (tx) => {
      const [before] = await findPayments(tx.em, { id: paymentId });
      if (!before) throw new AppError('not_found', 'No such payment');
      if (before.status === 'cancelled')
        throw new AppError('conflict', 'Already cancelled', { reason: { code: 'already_cancelled' } });
      // A signed-off cash close is final: cancelling one of its receipts needs the day reopened first.
      await assertDayOpen(tx.em, before.clerk, before.day);
      await tx.em.query(
        `UPDATE payment SET status = 'cancelled', cancel_reason = ?, cancelled_by = ?, cancelled_at = ? WHERE id = ?`,
        [reason, approvedBy, tx.now, paymentId],
      );
      const [after] = await findPayments(tx.em, { id: paymentId });
      await tx.audit({ action: 'payments.cancel', entity: 'payment', entityId: paymentId, before, after });
      await tx.enqueue({ entity: 'payment', entityId: paymentId, version: 2, payload: after });
      return after!;
    });
  }

  list(filter: { day?: string; clerk?: string; registrationId?: string }) {
    return findPayments(this.store.em, filter);
  }

  async summary(clerk: string, day: string) {
    const { session } = this.reference.catalogue;
    const expected = totalsOf(await findPayments(this.store.em, { clerk, day }));
    const [closed] = (await this.store.em.query(
      `SELECT counted_cash AS countedCash, difference, signed_by AS signedBy FROM cash_close WHERE clerk = ? AND day = ? AND status = 'closed'`,
      [clerk, day],
    )) as { countedCash: number; difference: number; signedBy: string }[];
    const nameOf = await displayNames(this.store.em);
    return {
      clerk,
      clerkName: nameOf(clerk),
      day,
      currency: session.currency,
      minorDigits: session.minorDigits,
      expected,
      closed: closed ? { ...closed, signedByName: nameOf(closed.signedBy) } : null,
    };
  }

  /** The days of `cash.unclosed`, twenty at most: a longer backlog is a matter for the office, not for a home page. */
  async unclosed(session: Session) {
    const mine = !roleAtLeast(session.role, 'supervisor');
    const days = (await this.store.em.query(
      `SELECT p.clerk, p.day, COUNT(*) AS receipts FROM payment p
         WHERE p.day < ? ${mine ? 'AND p.clerk = ?' : ''}
           AND NOT EXISTS (SELECT 1 FROM cash_close c WHERE c.clerk = p.clerk AND c.day = p.day AND c.status = 'closed')
         GROUP BY p.clerk, p.day ORDER BY p.day, p.clerk LIMIT 20`,
      mine ? [this.today(), session.username] : [this.today()],
    )) as { clerk: string; day: string; receipts: number }[];
    const nameOf = await displayNames(this.store.em);
    return days.map((d) => ({ ...d, clerkName: nameOf(d.clerk) }));
  }

  async clerks(day: string) {
    const rows = (await this.store.em.query(`SELECT DISTINCT clerk FROM payment WHERE day = ? ORDER BY clerk`, [
      day,
    ])) as { clerk: string }[];
    const nameOf = await displayNames(this.store.em);
    return rows.map(({ clerk }) => ({ username: clerk, displayName: nameOf(clerk) }));
  }

  /** Clôture de caisse: what the clerk counted against what the receipts say, signed off by a supervisor. */
  async close(session: Session, day: string, countedCash: number, supervisor: SupervisorCredentials | null) {
    // A day not lived yet has nothing to count: closing it would lock its payments in advance.
    if (day > this.today()) throw fieldError('day', 'day_in_future', 'Cash day in the future');
    const signedBy = await supervisorApproval(this.auth, session, supervisor);
    return this.store.change(actorOf(session), async (tx) => {
      await assertDayOpen(tx.em, session.username, day);
      const expected: Totals = totalsOf(await findPayments(tx.em, { clerk: session.username, day }));
      const difference = countedCash - expected.cash;
      const id = this.newId();
      await tx.em.query(
        `INSERT INTO cash_close (id, clerk, day, expected_json, counted_cash, difference, signed_by, status, created_at, updated_at)
         VALUES (?,?,?,?,?,?,?,'closed',?,?)`,
        [id, session.username, day, JSON.stringify(expected), countedCash, difference, signedBy, tx.now, tx.now],
      );
      const after = { clerk: session.username, day, expected, countedCash, difference, signedBy };
      await tx.audit({ action: 'cash.close', entity: 'cash_close', entityId: id, after });
      await tx.enqueue({ entity: 'cash_close', entityId: id, version: 1, payload: after });
      return { expected, countedCash, difference, signedBy, signedByName: (await displayNames(tx.em))(signedBy) };
    });
  }

  async reopen(session: Session, clerk: string, day: string, reason: string): Promise<void> {
    await this.store.change(actorOf(session), async (tx) => {
      const [row] = (await tx.em.query(`SELECT id FROM cash_close WHERE clerk = ? AND day = ? AND status = 'closed'`, [
        clerk,
        day,
      ])) as {
        id: string;
      }[];
      if (!row) throw new AppError('not_found', 'Day not closed');
      await tx.em.query(`UPDATE cash_close SET status = 'reopened', reopen_reason = ?, updated_at = ? WHERE id = ?`, [
        reason,
        tx.now,
        row.id,
      ]);
      await tx.audit({ action: 'cash.reopen', entity: 'cash_close', entityId: row.id, after: { clerk, day, reason } });
    });
  }
}
