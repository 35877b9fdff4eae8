import type { DataSource } from 'typeorm';
import { parseCatalogue } from '../../shared/domain/catalogue';
import { HqCatalogueEntity } from '../db/entities';
import { HqError } from './errors';

export async function publishCatalogue(ds: DataSource, data: unknown, now: Date): Promise<number> {
  const parsed = parseCatalogue(data);
  if (!parsed.ok) throw new HqError(400, 'invalid_request', parsed.errors.slice(0, 20).join('; '));
  const [latest] = await ds.getRepository(HqCatalogueEntity).find({ order: { version: 'DESC' }, take: 1 });
  if (latest && parsed.catalogue.version <= latest.version)
    throw new HqError(400, 'invalid_request', `Version must be above ${latest.version}`);
  await ds.getRepository(HqCatalogueEntity).insert({
    version: parsed.catalogue.version,
    json: JSON.stringify(parsed.catalogue),
    publishedAt: now.toISOString(),
  });
  return parsed.catalogue.version;
}

export async function latestCatalogue(ds: DataSource, since: number) {
  const [latest] = await ds.getRepository(HqCatalogueEntity).find({ order: { version: 'DESC' }, take: 1 });
  if (!latest || latest.version <= since) return null;
  return { version: latest.version, catalogue: JSON.parse(latest.json) as unknown };
}
