import type { EntityManager } from 'typeorm';

/**
 * Next value of a local counter, inside the caller's transaction: a rolled-back save gives its
 * number back, so receipts and candidate numbers have no gaps and never repeat on this workstation.
 */
export async function nextSequence(em: EntityManager, name: string): Promise<number> {
  const [row] = (await em.query(
    `INSERT INTO sequence (name, value) VALUES (?, 1)
     ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
    [name],
  )) as { value: number }[];
  return row!.value;
}
