import type { setupContract } from '../../../shared/contract/setup';
import type { Handlers } from '../../core/registry';
import type { SetupService } from './service';

export const setupHandlers = (setup: SetupService): Handlers<typeof setupContract> => ({
  'setup.status': () => ({ needsSetup: setup.current === null }),
  'setup.initialize': async (input) => {
    const { office, workstation } = await setup.initialize(input);
    return { officeCode: office.code, workstationCode: workstation.code };
  },
});
