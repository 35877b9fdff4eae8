import type { registrationsContract } from '../../../shared/contract/registrations';
import type { Handlers } from '../../core/registry';
import type { RegistrationsService } from './service';

export const registrationsHandlers = (registrations: RegistrationsService): Handlers<typeof registrationsContract> => ({
  'registrations.check': async (input) => ({ issues: await registrations.check(input) }),
  'registrations.submit': (input, ctx) => registrations.submit(ctx.session!, input),
  'registrations.list': (filter) => registrations.list(filter),
  'registrations.get': ({ id }) => registrations.get(id),
  'registrations.forCandidate': ({ candidateId }) => registrations.forCandidate(candidateId),
  'registrations.update': ({ id, ...change }, ctx) => registrations.update(ctx.session!, id, change),
  'registrations.unlock': ({ id, reason, supervisor }, ctx) =>
    registrations.unlock(ctx.session!, id, reason, supervisor),
  'registrations.withdraw': ({ id, reason }, ctx) => registrations.withdraw(ctx.session!, id, reason),
});
