import { parseCatalogue, type Catalogue } from '../../../shared/domain/catalogue';
import { AppError } from '../../core/errors';
import type { Actor, Store } from '../../db/store';
import demoCatalogue from './catalogues/comores-2026.json';

/**
 * The catalogue in force (sessions, exams, windows, fees, pieces …), versioned. Kept parsed in
 * memory: every registration check reads it. Headquarters will publish newer versions by sync.
 */
export class ReferenceService {
  private current: { version: number; catalogue: Catalogue; source: string } | null = null;

  constructor(private readonly store: Store) {}

  async load(): Promise<void> {
    const [row] = (await this.store.em.query(
      `SELECT version, json, source FROM catalogue ORDER BY version DESC LIMIT 1`,
    )) as { version: number; json: string; source: string }[];
    if (!row) {
      this.current = null;
      return;
    }
    const parsed = parseCatalogue(JSON.parse(row.json));
    if (!parsed.ok) throw new Error(`Stored catalogue ${row.version} no longer parses: ${parsed.errors[0]}`);
    this.current = { version: row.version, catalogue: parsed.catalogue, source: row.source };
  }

  /** First run: the demo catalogue, so a new office can try the whole flow at once. */
  async installDemoIfEmpty(actor: Actor): Promise<void> {
    if (!this.current) await this.install(actor, demoCatalogue, 'demo');
  }

  get catalogue(): Catalogue {
    if (!this.current) throw new AppError('not_set_up', 'No catalogue installed');
    return this.current.catalogue;
  }

  get version(): number {
    return this.current?.version ?? 0;
  }

  /**
   * The catalogue in force is the one built into the app (or none), never one received from
   * headquarters or imported: HQ's first catalogue replaces it whatever its number, since the demo's
   * version says nothing about HQ's numbering.
   */
  get builtIn(): boolean {
    return !this.current || this.current.source === 'demo';
  }

  /**
   * An invalid file changes nothing and lists every problem; an older version than the one in force
   * is refused, except that headquarters' catalogue replaces the built-in one whatever its number.
   */
  async importJson(actor: Actor, json: string): Promise<number> {
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      throw new AppError('invalid_input', 'Not JSON', { json: { code: 'catalogue_not_json' } });
    }
    return this.install(actor, data, 'import');
  }

  async install(actor: Actor, data: unknown, source: string): Promise<number> {
    const parsed = parseCatalogue(data);
    if (!parsed.ok)
      throw new AppError(
        'invalid_input',
        'Invalid catalogue',
        { json: { code: 'catalogue_invalid' } },
        { errors: parsed.errors.slice(0, 100) },
      );
    const version = parsed.catalogue.version;
    const replacesBuiltIn = source === 'hq' && this.builtIn && this.current !== null;
    if (version <= this.version && !replacesBuiltIn)
      throw new AppError('invalid_input', 'Catalogue not newer', {
        json: { code: 'catalogue_outdated', params: { current: this.version } },
      });
    const replaced = replacesBuiltIn ? this.current!.version : null;
    await this.store.change(actor, async (tx) => {
      // The demo catalogue is built into the app: its row goes, so HQ's may take the same number.
      if (replacesBuiltIn) await tx.em.query(`DELETE FROM catalogue WHERE source = 'demo'`);
      await tx.em.query(`INSERT INTO catalogue (version, json, source, imported_at) VALUES (?,?,?,?)`, [
        version,
        JSON.stringify(parsed.catalogue),
        source,
        tx.now,
      ]);
      await tx.audit({
        action: 'reference.install',
        entity: 'catalogue',
        entityId: String(version),
        after: { version, source, ...(replaced === null ? {} : { replacedDemoVersion: replaced }) },
      });
    });
    this.current = { version, catalogue: parsed.catalogue, source };
    return version;
  }
}
