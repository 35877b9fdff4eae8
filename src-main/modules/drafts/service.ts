import type { DraftSummary } from '../../../shared/contract/drafts';
import type { IdGenerator } from '../../core/ids';
import { AppError } from '../../core/errors';
import { SYSTEM_ACTOR, type Actor, type Store } from '../../db/store';
import { displayNames } from '../users/names';

interface DraftRaw {
  id: string;
  label: string;
  step: string;
  data_json: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

const summary = (r: DraftRaw, nameOf: (username: string) => string): DraftSummary => ({
  id: r.id,
  label: r.label,
  step: r.step,
  createdBy: r.created_by,
  createdByName: r.created_by === null ? null : nameOf(r.created_by),
  updatedAt: r.updated_at,
});

/** A draft left untouched this long is dropped at the next start. */
export const DRAFT_KEPT_DAYS = 30;

/**
 * Drafts are scratch paper, not records: they are not audited on every keystroke nor sent to
 * headquarters. Only what the clerk submits becomes a candidate and a registration.
 */
export class DraftsService {
  constructor(
    private readonly store: Store,
    private readonly newId: IdGenerator,
  ) {}

  async save(actor: Actor, input: { id?: string; label: string; step: string; data: Record<string, unknown> }) {
    return this.store.change(actor, async (tx) => {
      const id = input.id ?? this.newId();
      await tx.em.query(
        `INSERT INTO draft (id, label, step, data_json, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?)
         ON CONFLICT(id) DO UPDATE SET label = excluded.label, step = excluded.step, data_json = excluded.data_json,
           updated_at = excluded.updated_at`,
        [id, input.label, input.step, JSON.stringify(input.data), actor.name, tx.now, tx.now],
      );
      return { id, updatedAt: tx.now };
    });
  }

  async list(): Promise<DraftSummary[]> {
    const rows = (await this.store.em.query(`SELECT * FROM draft ORDER BY updated_at DESC LIMIT 200`)) as DraftRaw[];
    const nameOf = await displayNames(this.store.em);
    return rows.map((r) => summary(r, nameOf));
  }

  async get(id: string) {
    const [row] = (await this.store.em.query(`SELECT * FROM draft WHERE id = ?`, [id])) as DraftRaw[];
    if (!row) throw new AppError('not_found', 'No such draft');
    return {
      ...summary(row, await displayNames(this.store.em)),
      data: JSON.parse(row.data_json) as Record<string, unknown>,
    };
  }

  /**
   * Drafts nobody touched for `days` are dropped: a walk-in who never came back, a test typed at
   * the start of the season. Returns how many went.
   */
  async purgeOlderThan(now: Date, days: number): Promise<number> {
    const before = new Date(now.getTime() - days * 86_400_000).toISOString();
    const [{ n }] = (await this.store.em.query(`SELECT COUNT(*) AS n FROM draft WHERE updated_at < ?`, [before])) as [
      { n: number },
    ];
    if (n)
      await this.store.change(SYSTEM_ACTOR, (tx) => tx.em.query(`DELETE FROM draft WHERE updated_at < ?`, [before]));
    return n;
  }

  async discard(actor: Actor, id: string): Promise<void> {
    await this.store.change(actor, (tx) => tx.em.query(`DELETE FROM draft WHERE id = ?`, [id]));
  }
}
