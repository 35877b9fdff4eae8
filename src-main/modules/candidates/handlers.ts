import type { candidatesContract } from '../../../shared/contract/candidates';
import type { Handlers } from '../../core/registry';
import type { CandidatesService } from './service';

export const candidatesHandlers = (candidates: CandidatesService): Handlers<typeof candidatesContract> => ({
  'candidates.search': ({ query, limit }) => candidates.search(query, limit),
  'candidates.get': ({ id }) => candidates.get(id),
  'candidates.validate': async ({ identity, confirmation }) => ({
    duplicates: await candidates.findDuplicates(candidates.validate(identity, confirmation)),
  }),
  'candidates.findDuplicates': ({ identity }) => candidates.findDuplicates(identity),
});
