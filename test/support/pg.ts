import pg from 'pg';

/** A PostgreSQL server the HQ tests may create databases on; `.ci/run` starts a cluster and sets it. */
export const PG_URL = process.env.GUICHET_TEST_PG_URL;

/** One statement on its own connection: for set-up and for asking a server what a pool would hide. */
export async function pgQuery<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The same server's URL for another database on it. */
export function databaseUrl(name: string): string {
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A database on that server, empty or copied from `template`. */
export async function createDatabase(name: string, template?: string): Promise<void> {
  await pgQuery(PG_URL!, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
}

/** Dropped even while a test's pool still holds connections to it. */
export async function dropDatabase(name: string): Promise<void> {
  await pgQuery(PG_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
