import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { PreregRow, preregWire } from '../../../shared/contract/prereg';
import { foldForSearch, type Preregistration } from '../../../shared/domain/prereg';
import { AppError } from '../../core/errors';
import { SYSTEM_ACTOR, type Store, type Tx } from '../../db/store';

type Wire = z.infer<typeof preregWire>;
const CURSOR_KEY = 'prereg.cursor';

/** Where the next pull starts, in HQ's numbering of its pre-registrations. */
export async function preregCursor(em: EntityManager): Promise<number> {
  const [row] = (await em.query(`SELECT value_json FROM setting WHERE key = ?`, [CURSOR_KEY])) as {
    value_json: string;
  }[];
  return row ? Number(JSON.parse(row.value_json)) : 0;
}

export async function setPreregCursor(em: EntityManager, cursor: number, now: string): Promise<void> {
  await em.query(
    `INSERT INTO setting (key, value_json, updated_at) VALUES (?,?,?)
     ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
    [CURSOR_KEY, JSON.stringify(cursor), now],
  );
}

interface Raw {
  number: string;
  data_json: string;
  received_at: string;
  registration_id: string | null;
  registration_number: string | null;
  candidate_id: string | null;
  converted_at: string | null;
}

const SELECT = `SELECT p.number, p.data_json, p.received_at, r.id AS registration_id, r.number AS registration_number,
    r.candidate_id, r.created_at AS converted_at
  FROM prereg p LEFT JOIN registration r ON r.prereg_number = p.number`;

const toRow = (r: Raw): PreregRow => ({
  ...(JSON.parse(r.data_json) as Preregistration),
  receivedAt: r.received_at,
  converted: r.registration_id
    ? {
        registrationId: r.registration_id,
        registrationNumber: r.registration_number!,
        candidateId: r.candidate_id!,
        at: r.converted_at!,
      }
    : null,
});

/** Pre-registrations pulled from headquarters, found at the counter, converted once. */
export class PreregService {
  constructor(private readonly store: Store) {}

  /**
   * One sync phase: everything after the stored cursor, page by page. Rows are kept as HQ sent
   * them; a row already held is left alone (the counter's link to it is what matters): a row is
   * known by its number, which the online form gave, so another HQ importing it gives the same one.
   * `current` says, in the page's transaction, whether it still comes from the HQ enrolled with:
   * an enrolment with another one in the meantime reset the cursor to its numbering.
   */
  async pull(
    fetchPage: (
      after: number,
    ) => Promise<{ preregistrations: Wire[]; cursor: number; more: boolean; serverTime: string }>,
    current: (em: EntityManager) => Promise<boolean> = async () => true,
  ) {
    let serverTime: string | null = null;
    for (let page = 0; page < 100; page++) {
      const after = await preregCursor(this.store.em);
      const answer = await fetchPage(after);
      serverTime = answer.serverTime;
      const kept =
        answer.cursor <= after ||
        (await this.store.change(SYSTEM_ACTOR, async (tx) => {
          if (!(await current(tx.em))) return false;
          for (const p of answer.preregistrations) await this.insert(tx, p);
          await setPreregCursor(tx.em, answer.cursor, tx.now);
          if (answer.preregistrations.length)
            await tx.audit({
              action: 'prereg.pull',
              entity: 'setting',
              entityId: CURSOR_KEY,
              after: { count: answer.preregistrations.length, cursor: answer.cursor },
            });
          return true;
        }));
      if (!kept || !answer.more || answer.cursor <= after) break;
    }
    return serverTime;
  }

  private async insert(tx: Tx, w: Wire) {
    const { seq, ...p } = w;
    const i = p.identity;
    await tx.em.query(
      `INSERT OR IGNORE INTO prereg (number, seq, region, office_code, data_json, search_text, id_number, created_at, received_at)
       VALUES (?,?,?,?,?,?,?,?,?)`,
      [
        p.number,
        seq,
        p.region,
        p.officeCode,
        JSON.stringify(p),
        foldForSearch(`${p.number} ${i.surname} ${i.givenNames} ${i.idNumber ?? ''}`),
        i.idNumber ? i.idNumber.toUpperCase() : null,
        p.createdAt,
        tx.now,
      ],
    );
  }

  /** A number (exact, any case), an ID number, or words of the name in any order, accents ignored. */
  async search(query: string): Promise<PreregRow[]> {
    const q = query.trim();
    const words = foldForSearch(q).split(/\s+/).filter(Boolean);
    const where = words.map(() => `p.search_text LIKE ? ESCAPE '\\'`).join(' AND ');
    const like = words.map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const rows = (await this.store.em.query(
      `${SELECT} WHERE p.number = ? OR p.id_number = ? OR (${where}) ORDER BY p.created_at DESC LIMIT 50`,
      [q.toUpperCase(), q.toUpperCase(), ...like],
    )) as Raw[];
    return rows.map(toRow);
  }

  async get(number: string, em: EntityManager = this.store.em): Promise<PreregRow> {
    const [row] = (await em.query(`${SELECT} WHERE p.number = ?`, [number])) as Raw[];
    if (!row) throw new AppError('not_found', 'No such pre-registration', { number: { code: 'prereg_unknown' } });
    return toRow(row);
  }

  /** Before a conversion, inside its transaction: known here and not converted yet on this workstation. */
  async requireConvertible(em: EntityManager, number: string): Promise<void> {
    const p = await this.get(number, em);
    if (p.converted)
      throw new AppError(
        'conflict',
        'Pre-registration already converted',
        {
          preregistrationNumber: {
            code: 'prereg_already_converted',
            params: { registration: p.converted.registrationNumber },
          },
        },
        { converted: p.converted },
      );
  }
}
