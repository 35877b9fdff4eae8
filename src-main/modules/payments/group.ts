import type { EntityManager } from 'typeorm';
import type { PaymentMode } from '../../../shared/contract/payments';
import { feeFor, type Catalogue } from '../../../shared/domain/catalogue';
import { localDay } from '../../../shared/domain/localTime';
import { groupReceiptNumber, receiptNumber, sequenceName } from '../../../shared/domain/numbering';
import { AppError, fieldError } from '../../core/errors';
import type { IdGenerator } from '../../core/ids';
import type { Store } from '../../db/store';
import type { Session } from '../auth/sessions';
import type { ReferenceService } from '../reference/service';
import type { SetupService } from '../setup/service';
import { assertDayOpen, recordPayment, requireMobileMoneyTrace } from './repository';

export interface SchoolTarget {
  examCode: string;
  etablissementCode: string;
}

export interface SchoolPaymentInput extends SchoolTarget {
  mode: Exclude<PaymentMode, 'exempt'>;
  operator: string | null;
  reference: string | null;
  /** What the clerk showed the school and the school agreed to pay: a list changed meanwhile is refused. */
  expectedCount: number;
  expectedTotal: number;
}

interface Owed {
  registrationId: string;
  registrationNumber: string;
  candidateName: string;
  amount: number;
}

/** The school's registrations for the exam still running and without a valid payment, each with its fee. */
async function owed(em: EntityManager, catalogue: Catalogue, t: SchoolTarget): Promise<Owed[]> {
  const rows = (await em.query(
    `SELECT r.id, r.number, r.category, c.surname || ' ' || c.given_names AS name
       FROM registration r JOIN candidate c ON c.id = r.candidate_id
      WHERE r.session_id = ? AND r.exam_code = ? AND r.etablissement_code = ? AND r.status <> 'withdrawn'
        AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.registration_id = r.id AND p.status = 'valid')
      ORDER BY c.surname, c.given_names, r.number`,
    [catalogue.session.id, t.examCode, t.etablissementCode],
  )) as { id: string; number: string; category: string; name: string }[];
  return rows.map((r) => {
    const amount = feeFor(catalogue, t.examCode, r.category);
    if (amount === null) throw fieldError('examCode', 'fee_missing', 'No fee in the catalogue');
    return { registrationId: r.id, registrationNumber: r.number, candidateName: r.name, amount };
  });
}

/**
 * A school paying once for its whole list at the counter (PIENA: the collective account checks the
 * amounts against its candidatures, then pays). Every pupil gets a payment and a receipt number of
 * their own, as at the counter, so cancelling one pupil's fee and the cash close work unchanged;
 * the payments share the number of the collective receipt the school takes away.
 */
export class SchoolPayments {
  constructor(
    private readonly store: Store,
    private readonly newId: IdGenerator,
    private readonly setup: SetupService,
    private readonly reference: ReferenceService,
  ) {}

  private school(t: SchoolTarget) {
    const catalogue = this.reference.catalogue;
    const etablissement = catalogue.etablissements.find((e) => e.code === t.etablissementCode);
    if (!etablissement) throw fieldError('etablissementCode', 'unknown_code');
    if (!catalogue.exams.some((e) => e.code === t.examCode)) throw fieldError('examCode', 'unknown_code');
    return { catalogue, etablissement };
  }

  async quote(t: SchoolTarget) {
    const { catalogue, etablissement } = this.school(t);
    const items = await owed(this.store.em, catalogue, t);
    return {
      ...t,
      etablissementName: etablissement.name,
      items,
      total: items.reduce((sum, i) => sum + i.amount, 0),
      currency: catalogue.session.currency,
      minorDigits: catalogue.session.minorDigits,
    };
  }

  async take(session: Session, input: SchoolPaymentInput) {
    const { catalogue } = this.school(input);
    requireMobileMoneyTrace(input);
    const { office, workstation } = this.setup.requireIdentity();
    const parts = { officeCode: office.code, workstationCode: workstation.code };
    return this.store.change({ id: session.userId, name: session.username }, async (tx) => {
      const day = localDay(tx.now);
      await assertDayOpen(tx.em, session.username, day);
      const items = await owed(tx.em, catalogue, input);
      if (!items.length) throw fieldError('etablissementCode', 'nothing_to_pay', 'Nothing left to pay');
      const total = items.reduce((sum, i) => sum + i.amount, 0);
      if (items.length !== input.expectedCount || total !== input.expectedTotal)
        throw new AppError('conflict', 'The list changed since it was shown', {
          expectedTotal: { code: 'school_list_changed', params: { count: items.length } },
        });
      const year = Number(day.slice(0, 4));
      const groupNumber = groupReceiptNumber({ ...parts, year, sequence: tx.sequence(sequenceName('group', year)) });
      for (const item of items)
        await recordPayment(tx, {
          id: this.newId(),
          registrationId: item.registrationId,
          receiptNumber: receiptNumber({ ...parts, year, sequence: tx.sequence(sequenceName('receipt', year)) }),
          amount: item.amount,
          currency: catalogue.session.currency,
          minorDigits: catalogue.session.minorDigits,
          mode: input.mode,
          operator: input.operator,
          reference: input.reference,
          exemptionReason: null,
          approvedBy: null,
          clerk: session.username,
          day,
          groupNumber,
        });
      return { groupNumber, count: items.length, total };
    });
  }
}
