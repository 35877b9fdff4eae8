import { In, type DataSource, type EntityManager } from 'typeorm';
import { originOf, sequenceName, type NumberOrigin } from '../../shared/domain/numbering';
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

const isOtherRecords = (uuid: string, numbers: CarriedNumber[]) => (held: HqNumber[]) =>
  held.some((h) => h.uuid !== uuid && numbers.some((n) => n.own && n.number === h.number));

/**
 * Claims a record's numbers for it, or says `number_taken` when one already names another record
 * (a machine enrolled in place of a lost one, counting again from 000001): HQ would otherwise hold
 * two registrations under one number, and a verdict given by number could reach the wrong one. The
 * same record's later versions carry the same numbers and pass. Nothing is claimed when refused.
 */
export async function claimNumbers(
  em: EntityManager,
  uuid: string,
  numbers: CarriedNumber[],
  now: Date,
): Promise<'number_taken' | null> {
  if (!numbers.length) return null;
  const repo = em.getRepository(HqNumberEntity);
  const heldNow = () => repo.findBy({ number: In(numbers.map((n) => n.number)) });
  const held = await heldNow();
  if (isOtherRecords(uuid, numbers)(held)) return 'number_taken';
  const fresh = numbers.filter((n) => !held.some((h) => h.number === n.number));
  if (!fresh.length) return null;
  await em
    .createQueryBuilder()
    .insert()
    .into(HqNumberEntity)
    .values(fresh.map(({ own: _own, ...n }) => ({ ...n, uuid, receivedAt: now.toISOString() })))
    .orIgnore()
    .execute();
  // On PostgreSQL another instance may have claimed one in between: the insert waited for it and did nothing.
  return em.connection.options.type === 'postgres' && isOtherRecords(uuid, numbers)(await heldNow())
    ? 'number_taken'
    : null;
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
