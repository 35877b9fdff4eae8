import type { paymentsContract } from '../../../shared/contract/payments';
import { roleAtLeast } from '../../../shared/domain/roles';
import { AppError } from '../../core/errors';
import type { Handlers } from '../../core/registry';
import type { Session } from '../auth/sessions';
import type { SchoolPayments } from './group';
import type { PaymentsService } from './service';

/**
 * Whose receipts and cash a caller reads: a supervisor any clerk's (all of them when none is named);
 * a clerk their own, whether they name no one or themselves, and never another clerk's.
 */
function readableClerk(session: Session, clerk: string | undefined): string | undefined {
  if (roleAtLeast(session.role, 'supervisor')) return clerk;
  if (clerk !== undefined && clerk !== session.username)
    throw new AppError('forbidden', 'A clerk sees their own cash only');
  return session.username;
}

export const paymentsHandlers = (
  payments: PaymentsService,
  school: SchoolPayments,
): Handlers<typeof paymentsContract> => ({
  'payments.quote': ({ registrationId }) => payments.quote(registrationId),
  'payments.take': (input, ctx) => payments.take(ctx.session!, input),
  'payments.schoolQuote': (target) => school.quote(target),
  'payments.takeSchool': (input, ctx) => school.take(ctx.session!, input),
  'payments.cancel': ({ paymentId, reason, supervisor }, ctx) =>
    payments.cancel(ctx.session!, paymentId, reason, supervisor),
  'payments.list': (filter, ctx) => payments.list({ ...filter, clerk: readableClerk(ctx.session!, filter.clerk) }),
  'cash.summary': ({ day, clerk }, ctx) =>
    payments.summary(readableClerk(ctx.session!, clerk) ?? ctx.session!.username, day),
  'cash.close': ({ day, countedCash, supervisor }, ctx) => payments.close(ctx.session!, day, countedCash, supervisor),
  'cash.unclosed': (_input, ctx) => payments.unclosed(ctx.session!),
  'cash.clerks': ({ day }) => payments.clerks(day),
  'cash.reopen': async ({ day, clerk, reason }, ctx) => (await payments.reopen(ctx.session!, clerk, day, reason), {}),
});
