import { AppError } from '../../core/errors';
import type { Tx } from '../../db/store';
import type { EntityManager } from 'typeorm';
import type { Payment, Totals } from '../../../shared/contract/payments';

interface PaymentRaw {
  id: string;
  registration_id: string;
  registration_number: string;
  candidate_name: string;
  exam_code: string;
  receipt_number: string;
  amount: number;
  currency: string;
  minor_digits: number;
  mode: Payment['mode'];
  operator: string | null;
  reference: string | null;
  exemption_reason: string | null;
  approved_by: string | null;
  clerk: string;
  day: string;
  status: Payment['status'];
  cancel_reason: string | null;
  cancelled_by: string | null;
  group_number: string | null;
  created_at: string;
}

const SELECT = `SELECT p.*, r.number AS registration_number, r.exam_code AS exam_code,
    c.surname || ' ' || c.given_names AS candidate_name
  FROM payment p JOIN registration r ON r.id = p.registration_id JOIN candidate c ON c.id = r.candidate_id`;

const toPayment = (r: PaymentRaw): Payment => ({
  id: r.id,
  registrationId: r.registration_id,
  registrationNumber: r.registration_number,
  candidateName: r.candidate_name,
  examCode: r.exam_code,
  receiptNumber: r.receipt_number,
  amount: r.amount,
  currency: r.currency,
  minorDigits: r.minor_digits,
  mode: r.mode,
  operator: r.operator,
  reference: r.reference,
  exemptionReason: r.exemption_reason,
  approvedBy: r.approved_by,
  clerk: r.clerk,
  day: r.day,
  status: r.status,
  cancelReason: r.cancel_reason,
  cancelledBy: r.cancelled_by,
  groupNumber: r.group_number,
  createdAt: r.created_at,
});

export async function findPayments(
  em: EntityManager,
  f: {
    id?: string;
    day?: string;
    clerk?: string;
    registrationId?: string;
    status?: Payment['status'];
    groupNumber?: string;
  },
): Promise<Payment[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  for (const [col, value] of [
    ['p.id', f.id],
    ['p.day', f.day],
    ['p.clerk', f.clerk],
    ['p.registration_id', f.registrationId],
    ['p.status', f.status],
    ['p.group_number', f.groupNumber],
  ] as const) {
    if (value === undefined) continue;
    where.push(`${col} = ?`);
    args.push(value);
  }
  const rows = (await em.query(
    `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.receipt_number`,
    args,
  )) as PaymentRaw[];
  return rows.map(toPayment);
}

/** Expected takings: integer sums per mode over valid receipts; cancelled ones are counted apart. */
export function totalsOf(payments: Payment[]): Totals {
  const t: Totals = { cash: 0, mobile_money: 0, exempt: 0, count: 0, cancelled: 0 };
  for (const p of payments) {
    if (p.status === 'cancelled') {
      t.cancelled++;
      continue;
    }
    t[p.mode] += p.amount;
    t.count++;
  }
  return t;
}

/** A signed-off cash close is final: no receipt is added to, or cancelled from, a closed day. */
export async function assertDayOpen(em: EntityManager, clerk: string, day: string): Promise<void> {
  const [closed] = (await em.query(`SELECT 1 AS x FROM cash_close WHERE clerk = ? AND day = ? AND status = 'closed'`, [
    clerk,
    day,
  ])) as unknown[];
  if (closed) throw new AppError('conflict', 'Cash closed for the day', { day: { code: 'day_closed' } });
}

export interface NewPayment {
  id: string;
  registrationId: string;
  receiptNumber: string;
  amount: number;
  currency: string;
  minorDigits: number;
  mode: Payment['mode'];
  operator: string | null;
  reference: string | null;
  exemptionReason: string | null;
  approvedBy: string | null;
  clerk: string;
  day: string;
  groupNumber: string | null;
}

/** One payment with its audit and outbox entries, in the caller's transaction. */
export async function recordPayment(tx: Tx, p: NewPayment): Promise<Payment> {
  tx.run(
    `INSERT INTO payment (id, registration_id, receipt_number, amount, currency, minor_digits, mode, operator, reference,
       exemption_reason, approved_by, clerk, day, status, group_number, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'valid',?,?)`,
    [
      p.id,
      p.registrationId,
      p.receiptNumber,
      p.amount,
      p.currency,
      p.minorDigits,
      p.mode,
      p.mode === 'mobile_money' ? p.operator : null,
      p.mode === 'mobile_money' ? p.reference : null,
      p.mode === 'exempt' ? p.exemptionReason : null,
      p.approvedBy,
      p.clerk,
      p.day,
      p.groupNumber,
      tx.now,
    ],
  );
  const [payment] = await findPayments(tx.em, { id: p.id });
  await tx.audit({ action: 'payments.take', entity: 'payment', entityId: p.id, after: payment });
  await tx.enqueue({ entity: 'payment', entityId: p.id, version: 1, payload: payment });
  return payment!;
}

/** Mobile money is traced by its operator and transaction reference: both, or the payment is refused. */
export function requireMobileMoneyTrace(p: {
  mode: Payment['mode'];
  operator: string | null;
  reference: string | null;
}) {
  if (p.mode === 'mobile_money' && (!p.operator || !p.reference))
    throw new AppError('invalid_input', 'Operator and transaction reference required', {
      [p.operator ? 'reference' : 'operator']: { code: 'required' },
    });
}
