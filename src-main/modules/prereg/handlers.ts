import type { preregContract } from '../../../shared/contract/prereg';
import type { Handlers } from '../../core/registry';
import type { PreregService } from './service';
import type { OfflineStatus } from '../../../shared/contract/prereg';

export const preregHandlers = (
  prereg: PreregService,
  offline: () => Promise<OfflineStatus>,
): Handlers<typeof preregContract> => ({
  'prereg.search': ({ query }) => prereg.search(query),
  'prereg.get': ({ number }) => prereg.get(number),
  'offline.status': () => offline(),
});
