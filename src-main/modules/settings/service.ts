import type { z } from 'zod';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../shared/contract/settings';
import { SettingEntity } from '../../db/entities';
import type { Actor, Store } from '../../db/store';

/** Office settings as one typed object; kept in memory because the idle lock reads it on every call. */
export class SettingsService {
  private cache: Settings = DEFAULT_SETTINGS;

  constructor(private readonly store: Store) {}

  async load(): Promise<Settings> {
    const rows = await this.store.em.find(SettingEntity);
    // A value the rules of this version refuse (a phone country 'ZZ' saved when any two letters
    // passed) falls back to its default rather than keep the workstation from starting.
    const shape: Record<string, z.ZodType> = settingsSchema.shape;
    const stored = rows.map((r) => [r.key, JSON.parse(r.valueJson) as unknown] as const);
    const raw = Object.fromEntries(stored.filter(([key, value]) => shape[key]?.safeParse(value).success));
    this.cache = settingsSchema.parse({ ...DEFAULT_SETTINGS, ...raw });
    return this.cache;
  }

  get current(): Settings {
    return this.cache;
  }

  async update(actor: Actor, patch: Partial<Settings>): Promise<Settings> {
    const before = this.cache;
    const after = settingsSchema.parse({ ...before, ...patch });
    await this.store.change(actor, async (tx) => {
      for (const [key, value] of Object.entries(patch)) {
        await tx.em.save(SettingEntity, { key, valueJson: JSON.stringify(value), updatedAt: tx.now });
      }
      await tx.audit({ action: 'settings.update', entity: 'setting', entityId: null, before, after });
    });
    this.cache = after;
    return after;
  }
}
