import type { DataSource, EntityManager } from 'typeorm';
import { parseCatalogue } from '../../shared/domain/catalogue';
import { HqCatalogueEntity, type HqCatalogue } from '../db/entities';
import { HqError, isDuplicateKey } from './errors';

export async function publishCatalogue(ds: DataSource, data: unknown, now: Date): Promise<number> {
  const parsed = parseCatalogue(data);
  if (!parsed.ok) throw new HqError(400, 'invalid_request', parsed.errors.slice(0, 20).join('; '));
  const latestVersion = async () => (await newestCatalogue(ds))?.version ?? 0;
  const refuse = (latest: number) => new HqError(400, 'invalid_request', `Version must be above ${latest}`);
  const latest = await latestVersion();
  if (parsed.catalogue.version <= latest) throw refuse(latest);
  try {
    await ds.getRepository(HqCatalogueEntity).insert({
      version: parsed.catalogue.version,
      json: JSON.stringify(parsed.catalogue),
      publishedAt: now.toISOString(),
    });
  } catch (e) {
    // Another administrator published this very version between the check and the insert.
    if (isDuplicateKey(e)) throw refuse(await latestVersion());
    throw e;
  }
  return parsed.catalogue.version;
}

/** The catalogue published last, or null before the first; `db` may be a transaction's manager. */
export async function newestCatalogue(db: DataSource | EntityManager): Promise<HqCatalogue | null> {
  const [latest] = await db.getRepository(HqCatalogueEntity).find({ order: { version: 'DESC' }, take: 1 });
  return latest ?? null;
}

export async function latestCatalogue(ds: DataSource, since: number) {
  const latest = await newestCatalogue(ds);
  if (!latest || latest.version <= since) return null;
  return { version: latest.version, catalogue: JSON.parse(latest.json) as unknown };
}
