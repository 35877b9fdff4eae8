import { In, type DataSource, type EntityManager } from 'typeorm';
import { originOf, sequenceName, type NumberOrigin } from '../../shared/domain/numbering';
import { run } from '../db/sql';
import { HqNumberEntity, type HqNumber } from '../db/entities';

/** A number a record carries, and whether it names that record alone. */
export interface CarriedNumber extends NumberOrigin {
  number: string;
  /** A collective receipt's number is shared by the payments of one school list: it only counts for the counter. */
  own: boolean;
}

const text = (v: unknown) => (typeof v === 'string' ? v : null);

/** The workstation-made numbers in a record's content: candidate, registration and receipt numbers. */
export function numbersOf(entity: string, payload: unknown): CarriedNumber[] {
  if (typeof payload !== 'object' || payload === null) return [];
  const p = payload as Record<string, unknown>;
  const found: [string | null, boolean][] =
    entity === 'candidate' || entity === 'registration'
      ? [[text(p.number), true]]
      : entity === 'payment'
        ? [
            [text(p.receiptNumber), true],
            [text(p.groupNumber), false],
          ]
        : [];
  return found.flatMap(([number, own]) => {
    const origin = number === null ? null : originOf(number);
    return origin ? [{ ...origin, number: number!, own }] : [];
  });
}

/** Rows a statement inserts at most: 7 parameters each, well within SQLite's and PostgreSQL's limits. */
const CHUNK = 500;
const COLUMNS = ['number', 'uuid', 'prefix', 'counter', 'year', 'sequence', 'receivedAt'] as const;

/**
 * The numbers of one intake batch: those HQ holds, read in one query, and those the batch's
 * records take, written at its end. A number names one record: a machine enrolled in place of a
 * lost one, counting from 000001 again, would otherwise give HQ two registrations under one number,
 * and a verdict given by number could reach the wrong one.
 */
export class HeldNumbers {
  private readonly fresh: HqNumber[] = [];

  private constructor(private readonly owners: Map<string, string>) {}

  static async read(em: EntityManager, numbers: CarriedNumber[]): Promise<HeldNumbers> {
    const wanted = [...new Set(numbers.map((n) => n.number))];
    const owners = new Map<string, string>();
    for (let i = 0; i < wanted.length; i += CHUNK)
      for (const h of await em.getRepository(HqNumberEntity).find({
        select: { number: true, uuid: true },
        where: { number: In(wanted.slice(i, i + CHUNK)) },
      }))
        owners.set(h.number, h.uuid);
    return new HeldNumbers(owners);
  }

  /** `number_taken` when one of the record's own numbers names another record; its later versions pass. */
  takenFrom(uuid: string, numbers: CarriedNumber[]): 'number_taken' | null {
    return numbers.some((n) => n.own && (this.owners.get(n.number) ?? uuid) !== uuid) ? 'number_taken' : null;
  }

  /** The numbers of a record just stored, for the records after it in the batch and for `write`. */
  hold(uuid: string, numbers: CarriedNumber[], now: Date): void {
    for (const { own: _own, ...n } of numbers) {
      if (this.owners.has(n.number)) continue;
      this.owners.set(n.number, uuid);
      this.fresh.push({ ...n, uuid, receivedAt: now.toISOString() });
    }
  }

  /**
   * In the batch's transaction. On PostgreSQL, an instance taking the same number meanwhile keeps
   * it (the insert waits for it, then does nothing): the same record resent, since only one machine
   * at a time is enrolled under a workstation code.
   */
  async write(em: EntityManager): Promise<void> {
    // Plain SQL: TypeORM's insert builder spent about 50 µs a row here, a second for 20,000 records.
    const row = `(${COLUMNS.map(() => '?').join(', ')})`;
    for (let i = 0; i < this.fresh.length; i += CHUNK) {
      const rows = this.fresh.slice(i, i + CHUNK);
      await run(
        em,
        `INSERT INTO hq_number (number, uuid, prefix, counter, year, sequence, received_at)
         VALUES ${rows.map(() => row).join(', ')} ON CONFLICT (number) DO NOTHING`,
        rows.flatMap((n) => COLUMNS.map((c) => n[c])),
      );
    }
  }
}

/**
 * The highest value HQ holds of each counter of a workstation code (`{ 'candidate:2026': 123 }`),
 * from every record received under it, whichever machine sent it.
 */
export async function heldSequences(
  em: EntityManager | DataSource,
  officeCode: string,
  workstationCode: string,
): Promise<Record<string, number>> {
  const rows = (await em
    .getRepository(HqNumberEntity)
    .createQueryBuilder('n')
    .select('n.counter', 'counter')
    .addSelect('n.year', 'year')
    .addSelect('MAX(n.sequence)', 'value')
    .where('n.prefix = :prefix', { prefix: `${officeCode}${workstationCode}` })
    .groupBy('n.counter')
    .addGroupBy('n.year')
    .getRawMany()) as { counter: NumberOrigin['counter']; year: number | string; value: number | string }[];
  return Object.fromEntries(rows.map((r) => [sequenceName(r.counter, Number(r.year)), Number(r.value)]));
}
