import type { MigrationInterface, QueryRunner } from 'typeorm';

const FILE_COLUMNS = 'sha256, state, attempts, next_attempt_at, last_error, created_at, updated_at';

const outboxFile = (table: string, states: string) => `CREATE TABLE ${table} (
  sha256 TEXT PRIMARY KEY,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN (${states})),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)`;

/**
 * Pieces attached before PDFs were checked for active content were never checked: `piece_check`
 * notes each piece's file once it has been (what was found, null for nothing), so the start-up
 * re-check reads each old file once and a piece attached since needs none. A file found active is
 * `withheld` in the queue to headquarters: never sent, by the network or on a USB key, and neither
 * the resend of the history nor a later record naming it puts it back.
 */
export class PieceCheck1766400000000 implements MigrationInterface {
  name = 'PieceCheck1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE piece_check (
      piece_id TEXT NOT NULL REFERENCES dossier_piece(id),
      file_sha256 TEXT NOT NULL,
      active_content TEXT,
      checked_at TEXT NOT NULL,
      PRIMARY KEY (piece_id, file_sha256)
    )`);
    await this.rebuildQueue(q, `'pending','synced','rejected','retry','withheld'`, FILE_COLUMNS);
  }

  /** A withheld file becomes a refused one, which nothing retries on its own. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE piece_check`);
    await this.rebuildQueue(
      q,
      `'pending','synced','rejected','retry'`,
      FILE_COLUMNS.replace('state', `CASE state WHEN 'withheld' THEN 'rejected' ELSE state END`),
    );
  }

  private async rebuildQueue(q: QueryRunner, states: string, select: string) {
    await q.query(outboxFile('outbox_file_new', states));
    await q.query(`INSERT INTO outbox_file_new (${FILE_COLUMNS}) SELECT ${select} FROM outbox_file`);
    await q.query(`DROP TABLE outbox_file`);
    await q.query(`ALTER TABLE outbox_file_new RENAME TO outbox_file`);
    await q.query(`CREATE INDEX outbox_file_state ON outbox_file(state, next_attempt_at)`);
  }
}
