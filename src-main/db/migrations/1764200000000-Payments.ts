import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Fees taken at the counter, per-clerk cash closes, and the log of every printed document. */
export class Payments1764200000000 implements MigrationInterface {
  name = 'Payments1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE payment (
      id TEXT PRIMARY KEY,
      registration_id TEXT NOT NULL REFERENCES registration(id),
      receipt_number TEXT NOT NULL UNIQUE,
      amount INTEGER NOT NULL CHECK (amount >= 0),
      currency TEXT NOT NULL,
      minor_digits INTEGER NOT NULL,
      mode TEXT NOT NULL CHECK (mode IN ('cash','mobile_money','exempt')),
      operator TEXT,
      reference TEXT,
      exemption_reason TEXT,
      approved_by TEXT,
      clerk TEXT NOT NULL,
      day TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('valid','cancelled')),
      cancel_reason TEXT,
      cancelled_by TEXT,
      cancelled_at TEXT,
      created_at TEXT NOT NULL
    )`);
    // One valid payment per registration: a second one needs the first cancelled.
    await q.query(`CREATE UNIQUE INDEX payment_valid ON payment(registration_id) WHERE status = 'valid'`);
    await q.query(`CREATE INDEX payment_day ON payment(day, clerk)`);
    await q.query(`CREATE TABLE cash_close (
      id TEXT PRIMARY KEY,
      clerk TEXT NOT NULL,
      day TEXT NOT NULL,
      expected_json TEXT NOT NULL,
      counted_cash INTEGER NOT NULL,
      difference INTEGER NOT NULL,
      signed_by TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('closed','reopened')),
      reopen_reason TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX cash_close_open ON cash_close(clerk, day) WHERE status = 'closed'`);
    await q.query(`CREATE TABLE printed_document (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      registration_id TEXT REFERENCES registration(id),
      version INTEGER,
      content_hash TEXT NOT NULL,
      clerk TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`);
    await q.query(`CREATE INDEX printed_document_registration ON printed_document(registration_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['printed_document', 'cash_close', 'payment']) await q.query(`DROP TABLE ${t}`);
  }
}
