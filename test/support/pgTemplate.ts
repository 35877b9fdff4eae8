import { randomBytes } from 'node:crypto';
import { openHqDataSource } from '../../src-server/db/dataSource';
import { createDatabase, databaseUrl, dropDatabase, PG_URL } from './pg';

/**
 * Migrates one HQ database for the whole run, which the HQ servers of the tests are copied from
 * (CREATE DATABASE … TEMPLATE): migrating each test's database took 0.35 s of the 0.6 s a
 * PostgreSQL test costs. The migrations still run on PostgreSQL at every run, here; a test that
 * wants them to run itself asks for an empty database.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (!PG_URL) return undefined;
  const name = `guichet_hq_template_${randomBytes(6).toString('hex')}`;
  await createDatabase(name);
  const ds = await openHqDataSource({ postgresUrl: databaseUrl(name) });
  await ds.destroy();
  process.env.GUICHET_TEST_PG_TEMPLATE = name;
  return () => dropDatabase(name);
}
