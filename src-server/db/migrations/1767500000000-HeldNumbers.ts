import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { originOf, type NumberOrigin } from '../../../shared/domain/numbering';

const str = (name: string, length: number, extra: object = {}) => ({
  name,
  type: 'varchar',
  length: String(length),
  ...extra,
});

const PAGE = 1000;

const text = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * The numbers a record carried as of this migration (modules/numbers, numbersOf, then): frozen here
 * so that a later change there cannot change what an old HQ's upgrade lists. The number format
 * itself is the workstations' (shared/domain/numbering), the same for every HQ version.
 */
function numbersOf(entity: string, payload: unknown): (NumberOrigin & { number: string })[] {
  if (typeof payload !== 'object' || payload === null) return [];
  const p = payload as Record<string, unknown>;
  const found =
    entity === 'candidate' || entity === 'registration'
      ? [text(p.number)]
      : entity === 'payment'
        ? [text(p.receiptNumber), text(p.groupNumber)]
        : [];
  return found.flatMap((number) => {
    const origin = number === null ? null : originOf(number);
    return origin ? [{ ...origin, number: number! }] : [];
  });
}

/**
 * The numbers HQ holds, one row each (entities.ts, HqNumber), filled from the records already
 * received. Where two records already share a number (a workstation code enrolled again on a fresh
 * machine before this table), the first received keeps it.
 */
export class HeldNumbers1767500000000 implements MigrationInterface {
  name = 'HeldNumbers1767500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'hq_number',
        columns: [
          str('number', 40, { isPrimary: true }),
          str('uuid', 36),
          str('prefix', 20),
          str('counter', 20),
          { name: 'year', type: 'integer' },
          { name: 'sequence', type: 'integer' },
          str('received_at', 30),
        ],
      }),
    );
    await q.createIndex(
      'hq_number',
      new TableIndex({ name: 'hq_number_counter', columnNames: ['prefix', 'counter', 'year', 'sequence'] }),
    );
    const pg = q.connection.options.type === 'postgres';
    const at = (i: number) => (pg ? `$${i}` : '?');
    // By primary key, a page at a time: a national HQ holds millions of records, never all in memory.
    let after = { uuid: '', version: 0 };
    for (;;) {
      const rows = (await q.query(
        `SELECT uuid, version, entity, payload_json, received_at FROM hq_record
          WHERE uuid > ${at(1)} OR (uuid = ${at(2)} AND version > ${at(3)})
          ORDER BY uuid, version LIMIT ${PAGE}`,
        [after.uuid, after.uuid, after.version],
      )) as { uuid: string; version: number; entity: string; payload_json: string; received_at: string }[];
      for (const r of rows) {
        let payload: unknown;
        try {
          payload = JSON.parse(r.payload_json);
        } catch {
          continue;
        }
        for (const n of numbersOf(r.entity, payload))
          await q.query(
            `INSERT INTO hq_number (number, uuid, prefix, counter, year, sequence, received_at)
             VALUES (${[1, 2, 3, 4, 5, 6, 7].map(at).join(', ')})
             ON CONFLICT (number) DO UPDATE SET uuid = excluded.uuid, received_at = excluded.received_at
             WHERE excluded.received_at < hq_number.received_at`,
            [n.number, r.uuid, n.prefix, n.counter, n.year, n.sequence, r.received_at],
          );
      }
      if (rows.length < PAGE) break;
      after = { uuid: rows.at(-1)!.uuid, version: Number(rows.at(-1)!.version) };
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('hq_number');
  }
}
