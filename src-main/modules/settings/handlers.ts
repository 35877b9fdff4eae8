import type { settingsContract } from '../../../shared/contract/settings';
import type { Handlers } from '../../core/registry';
import { actorOf } from '../auth/actor';
import type { SettingsService } from './service';

export const settingsHandlers = (settings: SettingsService): Handlers<typeof settingsContract> => ({
  'settings.get': () => settings.current,
  'settings.update': (patch, ctx) => settings.update(actorOf(ctx), patch),
});
