import type { Tx } from '../../db/store';
import { GENESIS, type Anchor } from './walk';

export interface Checkpoint extends Anchor {
  /** The first broken row a verification found and no complete walk has cleared since. */
  brokenAt: number | null;
}

type Sql = Pick<Tx, 'get' | 'run'>;

export function readCheckpoint(sql: Sql): Checkpoint {
  const row = sql.get<{ seq: number; hash: string; broken_at: number | null }>(
    `SELECT seq, hash, broken_at FROM audit_checkpoint WHERE id = 1`,
  );
  return row ? { seq: row.seq, hash: row.hash, brokenAt: row.broken_at } : { ...GENESIS, brokenAt: null };
}

/** Forward only: a background walk that began before a start-up check moved it must not take it back. */
export function moveCheckpoint(sql: Sql, to: Anchor, now: string): void {
  sql.run(
    `INSERT INTO audit_checkpoint (id, seq, hash, moved_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, moved_at = excluded.moved_at
      WHERE excluded.seq > audit_checkpoint.seq`,
    [to.seq, to.hash, now],
  );
}

/** Keeps the earliest break found; `null` (a complete walk found none) clears it. */
export function recordBreak(sql: Sql, brokenAt: number | null): void {
  sql.run(
    brokenAt === null
      ? `UPDATE audit_checkpoint SET broken_at = NULL WHERE id = 1`
      : `UPDATE audit_checkpoint SET broken_at = MIN(COALESCE(broken_at, ?), ?) WHERE id = 1`,
    brokenAt === null ? [] : [brokenAt, brokenAt],
  );
}
