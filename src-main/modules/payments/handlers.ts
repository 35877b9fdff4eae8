import type { paymentsContract } from '../../../shared/contract/payments';
import type { Handlers } from '../../core/registry';
import type { SchoolPayments } from './group';
import type { PaymentsService } from './service';

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
  'payments.list': (filter) => payments.list(filter),
  'cash.summary': ({ day, clerk }, ctx) => payments.summary(clerk ?? ctx.session!.username, day),
  'cash.close': ({ day, countedCash, supervisor }, ctx) => payments.close(ctx.session!, day, countedCash, supervisor),
  'cash.unclosed': (_input, ctx) => payments.unclosed(ctx.session!),
  'cash.reopen': async ({ day, clerk, reason }, ctx) => (await payments.reopen(ctx.session!, clerk, day, reason), {}),
});
