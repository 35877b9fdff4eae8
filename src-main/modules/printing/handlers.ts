import type { printingContract } from '../../../shared/contract/printing';
import type { Clock } from '../../core/clock';
import type { Handlers } from '../../core/registry';
import type { PrintingService } from './service';

export const printingHandlers = (printing: PrintingService, clock: Clock): Handlers<typeof printingContract> => ({
  'printing.fiche': ({ registrationId }, ctx) =>
    printing.fiche(ctx.session!, registrationId, clock.now().toISOString()),
  'printing.receipt': ({ paymentId }, ctx) => printing.receipt(ctx.session!, paymentId),
  'printing.history': ({ registrationId }) => printing.history(registrationId),
  'printing.verify': ({ payload }) => printing.verify(payload),
});
