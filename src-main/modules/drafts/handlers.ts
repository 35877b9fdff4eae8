import type { draftsContract } from '../../../shared/contract/drafts';
import type { Handlers } from '../../core/registry';
import { actorOf } from '../auth/actor';
import type { DraftsService } from './service';

export const draftsHandlers = (drafts: DraftsService): Handlers<typeof draftsContract> => ({
  'drafts.save': (input, ctx) => drafts.save(actorOf(ctx), input),
  'drafts.list': () => drafts.list(),
  'drafts.get': ({ id }) => drafts.get(id),
  'drafts.discard': async ({ id }, ctx) => (await drafts.discard(actorOf(ctx), id), {}),
});
