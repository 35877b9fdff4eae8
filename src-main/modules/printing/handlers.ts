import type { printingContract } from '../../../shared/contract/printing';
import type { Clock } from '../../core/clock';
import type { Handlers } from '../../core/registry';
import type { PrintingService } from './service';

export const printingHandlers = (printing: PrintingService, clock: Clock): Handlers<typeof printingContract> => {
  const now = () => clock.now().toISOString();
  return {
    'printing.fiche': ({ registrationId }, ctx) => printing.fiche(ctx.session!, registrationId, now()),
    'printing.fichePreview': ({ registrationId }, ctx) =>
      printing.fichePreview(registrationId, now(), ctx.session!.displayName),
    'printing.schoolReceipt': ({ groupNumber }, ctx) => printing.schoolReceipt(ctx.session!, groupNumber),
    'printing.receipt': ({ paymentId }, ctx) => printing.receipt(ctx.session!, paymentId),
    'printing.history': ({ registrationId }) => printing.history(registrationId),
    'printing.verify': ({ payload }) => printing.verify(payload),
    'printing.confirmation': ({ registrationId }, ctx) =>
      printing.reports.confirmation(ctx.session!, registrationId, now()),
    'printing.batchCount': async (filter) => ({ count: await printing.batch.count(filter) }),
    'printing.batch': (filter, ctx) => printing.batch.run(ctx.session!, filter, now()),
    'printing.batchStart': (filter, ctx) => printing.jobs.start(ctx.session!, filter, now()),
    'printing.batchStatus': ({ jobId }, ctx) => printing.jobs.status(ctx.session!, jobId),
    'printing.batchCancel': ({ jobId }, ctx) => printing.jobs.cancel(ctx.session!, jobId),
    'printing.recap': ({ day }, ctx) => printing.reports.recap(ctx.session!, day, now()),
    'printing.reminders': (filter, ctx) => printing.reports.reminders(ctx.session!, filter, now()),
    'printing.centreList': (filter, ctx) => printing.reports.centreList(ctx.session!, filter, now()),
  };
};
