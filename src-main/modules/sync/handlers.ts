import type { syncContract } from '../../../shared/contract/sync';
import type { Handlers } from '../../core/registry';
import { actorOf } from '../auth/actor';
import type { SyncService } from './service';

export const syncHandlers = (sync: SyncService): Handlers<typeof syncContract> => ({
  'sync.status': () => sync.status(),
  'sync.enrol': ({ serverUrl, code }, ctx) => sync.enrol(actorOf(ctx), serverUrl, code),
  'sync.now': () => sync.syncNow({ force: true }),
  'sync.resendHistory': (_input, ctx) => sync.resendHistory(actorOf(ctx)),
  'sync.verdicts': ({ registrationIds }) => sync.verdicts(registrationIds),
});
