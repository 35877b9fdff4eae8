import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests counted per workstation for every instance at once (modules/rateLimits.ts). Unlogged on
 * PostgreSQL: a count lost in a crash costs nothing, and replicas have no use for it.
 */
export class RateLimits1767100000000 implements MigrationInterface {
  name = 'RateLimits1767100000000';

  async up(q: QueryRunner): Promise<void> {
    const unlogged = q.connection.options.type === 'postgres' ? 'UNLOGGED ' : '';
    await q.query(
      `CREATE ${unlogged}TABLE hq_rate_limit (key_hash varchar(64) PRIMARY KEY, window_start bigint NOT NULL, hits integer NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hq_rate_limit`);
  }
}
