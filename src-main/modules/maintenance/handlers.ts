import type { maintenanceContract } from '../../../shared/contract/maintenance';
import type { Handlers } from '../../core/registry';
import { actorOf } from '../auth/actor';
import type { MaintenanceService } from './service';

export const maintenanceHandlers = (m: MaintenanceService): Handlers<typeof maintenanceContract> => ({
  'maintenance.health': () => m.currentHealth(),
  'maintenance.backups': () => m.list(),
  'maintenance.backupNow': (_i, ctx) => m.backupNow(actorOf(ctx)),
  'maintenance.restore': async ({ name }, ctx) => {
    await m.restore(actorOf(ctx), name);
    return { restartRequired: true as const };
  },
  'maintenance.exportLogs': () => m.exportLogs(),
  'maintenance.about': () => m.about(),
});
