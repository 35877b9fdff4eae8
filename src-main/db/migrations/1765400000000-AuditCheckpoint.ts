import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where start-up's audit check begins: the last row a verification found sound (seq and hash), and
 * the first broken row any verification found, so a restart does not forget it. One row. A database
 * upgraded in mid-season starts from its current head, or its first start would re-hash the whole
 * season; the full walk that runs in the background after every start covers the rows before it.
 */
export class AuditCheckpoint1765400000000 implements MigrationInterface {
  name = 'AuditCheckpoint1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit_checkpoint (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      seq INTEGER NOT NULL,
      hash TEXT NOT NULL,
      moved_at TEXT NOT NULL,
      broken_at INTEGER
    )`);
    await q.query(
      `INSERT INTO audit_checkpoint (id, seq, hash, moved_at)
       SELECT 1, COALESCE(MAX(seq), 0),
              COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), ?),
              strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         FROM audit_log`,
      ['0'.repeat(64)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoint`);
  }
}
