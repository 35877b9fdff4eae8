import type { DataSource } from 'typeorm';
import { parseCatalogue } from '../../shared/domain/catalogue';
import { HqCatalogueEntity } from '../db/entities';
import { HqError, isDuplicateKey } from './errors';

export async function publishCatalogue(ds: DataSource, data: unknown, now: Date): Promise<number> {
  const parsed = parseCatalogue(data);
  if (!parsed.ok) throw new HqError(400, 'invalid_request', parsed.errors.slice(0, 20).join('; '));
  const repo = ds.getRepository(HqCatalogueEntity);
  const latestVersion = async () => (await repo.find({ order: { version: 'DESC' }, take: 1 }))[0]?.version ?? 0;
  const refuse = (latest: number) => new HqError(400, 'invalid_request', `Version must be above ${latest}`);
  const latest = await latestVersion();
  if (parsed.catalogue.version <= latest) throw refuse(latest);
  try {
    await repo.insert({
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

export async function latestCatalogue(ds: DataSource, since: number) {
  const [latest] = await ds.getRepository(HqCatalogueEntity).find({ order: { version: 'DESC' }, take: 1 });
  if (!latest || latest.version <= since) return null;
  return { version: latest.version, catalogue: JSON.parse(latest.json) as unknown };
}
