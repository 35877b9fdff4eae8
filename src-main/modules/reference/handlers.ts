import type { referenceContract } from '../../../shared/contract/reference';
import type { Handlers } from '../../core/registry';
import { actorOf } from '../auth/actor';
import type { ReferenceService } from './service';

export const referenceHandlers = (reference: ReferenceService): Handlers<typeof referenceContract> => ({
  'reference.catalogue': () => ({
    version: reference.version,
    catalogue: reference.catalogue as unknown as Record<string, unknown>,
  }),
  'reference.import': async ({ json }, ctx) => ({ version: await reference.importJson(actorOf(ctx), json) }),
});
