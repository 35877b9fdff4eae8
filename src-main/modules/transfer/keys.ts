import { SYSTEM_ACTOR, type Store } from '../../db/store';
import { generateOfficeKeys, type OfficeKeys } from '../printing/signing';

const KEYS_SETTING = 'workstation_signing_keys';
const cache = new WeakMap<Store, OfficeKeys>();

/**
 * The workstation's own Ed25519 key (kept like the office's fiche key): it signs the USB bundles,
 * and its public half goes to headquarters at enrolment. Made on first need, never leaves the database.
 */
export async function workstationKeys(store: Store): Promise<OfficeKeys> {
  const known = cache.get(store);
  if (known) return known;
  const [row] = (await store.em.query(`SELECT value_json FROM setting WHERE key = ?`, [KEYS_SETTING])) as {
    value_json: string;
  }[];
  if (row) {
    const keys = JSON.parse(row.value_json) as OfficeKeys;
    cache.set(store, keys);
    return keys;
  }
  const made = generateOfficeKeys();
  // Two first uses at once keep the first key stored: the one HQ may already have been given.
  const keys = await store.change(SYSTEM_ACTOR, async (tx) => {
    await tx.em.query(`INSERT INTO setting (key, value_json, updated_at) VALUES (?,?,?) ON CONFLICT(key) DO NOTHING`, [
      KEYS_SETTING,
      JSON.stringify(made),
      tx.now,
    ]);
    const [stored] = (await tx.em.query(`SELECT value_json FROM setting WHERE key = ?`, [KEYS_SETTING])) as {
      value_json: string;
    }[];
    const kept = JSON.parse(stored!.value_json) as OfficeKeys;
    if (kept.publicPem === made.publicPem)
      await tx.audit({
        action: 'transfer.keys_generated',
        entity: 'setting',
        entityId: KEYS_SETTING,
        after: { publicPem: kept.publicPem },
      });
    return kept;
  });
  cache.set(store, keys);
  return keys;
}
