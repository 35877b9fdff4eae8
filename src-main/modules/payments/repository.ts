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
  createdAt: r.created_at,
});

export async function findPayments(
  em: EntityManager,
  f: { id?: string; day?: string; clerk?: string; registrationId?: string; status?: Payment['status'] },
): Promise<Payment[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  for (const [col, value] of [
    ['p.id', f.id],
    ['p.day', f.day],
    ['p.clerk', f.clerk],
    ['p.registration_id', f.registrationId],
    ['p.status', f.status],
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
