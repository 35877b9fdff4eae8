import type { candidatesContract } from '../../../shared/contract/candidates';
import type { Handlers } from '../../core/registry';
import type { RegistrationsService } from '../registrations/service';
import type { CandidatesService } from './service';

/** A correction runs through the registrations, which it versions; see RegistrationsService.correctCandidate. */
export const candidatesHandlers = (
  candidates: CandidatesService,
  registrations: Pick<RegistrationsService, 'correctCandidate'>,
): Handlers<typeof candidatesContract> => ({
  'candidates.search': ({ query, limit }) => candidates.search(query, limit),
  'candidates.get': ({ id }) => candidates.get(id),
  'candidates.validate': async ({ identity, confirmation }) => ({
    duplicates: await candidates.findDuplicates(candidates.validate(identity, confirmation)),
  }),
  'candidates.correct': ({ id, identity, confirmation }, ctx) =>
    registrations.correctCandidate(ctx.session!, id, identity, confirmation),
  'candidates.findDuplicates': ({ identity }) => candidates.findDuplicates(identity),
});
