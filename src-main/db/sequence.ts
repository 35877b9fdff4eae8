import type { EntityManager } from 'typeorm';
import type { Tx } from './store';

const NEXT = `INSERT INTO sequence (name, value) VALUES (?, 1)
     ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`;

/**
 * Next value of a local counter, inside the caller's transaction: a rolled-back save gives its
 * number back, so receipts and candidate numbers have no gaps and never repeat on this workstation.
 * Given the Tx itself, it takes the prepared-statement path (one statement per save of a school list row).
 */
export async function nextSequence(db: EntityManager | Tx, name: string): Promise<number> {
  if ('audit' in db) return db.get<{ value: number }>(NEXT, [name])!.value;
  const [row] = (await db.query(NEXT, [name])) as { value: number }[];
  return row!.value;
}
