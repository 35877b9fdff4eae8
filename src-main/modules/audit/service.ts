import Database from 'better-sqlite3';
import {
  AUDIT_EXPORT_MAX,
  type AuditEntry,
  type auditContract,
  type AuditFilterInput,
} from '../../../shared/contract/audit';
import { toCsv, toXlsx } from '../excel/export';
import { auditTable } from './export';
import type { ParsedInputOf } from '../../../shared/contract/channel';
import { localDay, localDayRange } from '../../../shared/domain/localTime';
import type { Clock } from '../../core/clock';
import { silentLogger, type Logger } from '../../core/logger';
import { SYSTEM_ACTOR, type Store } from '../../db/store';
import { moveCheckpoint, readCheckpoint, recordBreak } from './checkpoint';
import { GENESIS, walkChain, type AuditRowRaw, type WalkResult } from './walk';

type AuditFilter = ParsedInputOf<(typeof auditContract)['audit.list']>;
type AuditQuery = AuditFilterInput & { beforeSeq?: number };

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAt: number | null;
}

const yieldTurn = () => new Promise<boolean>((resolve) => setImmediate(() => resolve(true)));
const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

export class AuditService {
  /** The first broken row found (this run or an earlier one, from audit_checkpoint); the health banner shows it. */
  brokenAt: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger = silentLogger,
  ) {}

  private query(filter: AuditQuery, limit: number) {
    const where: string[] = [];
    const args: unknown[] = [];
    const when = (sql: string, ...values: unknown[]) => (where.push(sql), args.push(...values));
    if (filter.entity) when('entity = ?', filter.entity);
    if (filter.entityId) when('entity_id = ?', filter.entityId);
    if (filter.action) when('action = ?', filter.action);
    if (filter.actor) when('actor_name = ?', filter.actor);
    if (filter.day) when('at >= ? AND at < ?', ...localDayRange(filter.day));
    if (filter.beforeSeq) when('seq < ?', filter.beforeSeq);
    return this.store.em.query(
      `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC LIMIT ?`,
      [...args, limit],
    ) as Promise<AuditRowRaw[]>;
  }

  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    const rows = await this.query(filter, filter.limit);
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actorName: r.actor_name,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: parse(r.before_json),
      after: parse(r.after_json),
    }));
  }

  /** The journal as filtered on screen, newest first, as a spreadsheet; at most AUDIT_EXPORT_MAX entries. */
  async export(filter: AuditQuery, format: 'xlsx' | 'csv', max = AUDIT_EXPORT_MAX) {
    const rows = await this.query(filter, max + 1);
    const truncated = rows.length > max;
    const table = auditTable(truncated ? rows.slice(0, max) : rows);
    const bytes = format === 'csv' ? toCsv(table) : await toXlsx(table);
    return {
      fileName: `journal-${filter.day ?? localDay(this.clock.now())}.${format}`,
      base64: bytes.toString('base64'),
      rows: table.rows.length,
      truncated,
    };
  }

  /** Start-up: the checkpoint row and every row written since, in the write queue so only committed rows are seen. */
  async verifySinceCheckpoint(): Promise<VerifyResult> {
    const r = await this.store.change(SYSTEM_ACTOR, async (tx) => {
      const from = readCheckpoint(tx);
      const walk = await walkChain(this.db, from);
      if (walk.ok) moveCheckpoint(tx, walk.last, tx.now);
      else recordBreak(tx, walk.brokenAt);
      this.brokenAt = earliest(from.brokenAt, walk.brokenAt);
      return walk;
    });
    if (!r.ok) this.logger.error('audit chain broken', { brokenAt: r.brokenAt, scope: 'since checkpoint' });
    return { ok: r.ok, checked: r.checked, brokenAt: r.brokenAt };
  }

  /**
   * The whole chain from the genesis to the row that was last when it began: the Audit page's
   * check, and the one run in the background after every start. Pages of 1,000 rows (~10 ms of hashing) with the event
   * loop free between them, on a read-only connection of its own, which sees committed rows only
   * (the shared one may be inside a save's transaction between two awaits).
   */
  async verify(pause: () => Promise<boolean> = yieldTurn): Promise<VerifyResult> {
    const reader = this.openReader();
    let walk: WalkResult;
    try {
      const { head } = reader.db.prepare(`SELECT COALESCE(MAX(seq), 0) AS head FROM audit_log`).get() as {
        head: number;
      };
      walk = await walkChain(reader.db, GENESIS, { to: head, pageSize: 1_000, pause });
    } finally {
      reader.close();
    }
    if (!walk.stopped) {
      const done = walk;
      await this.store.change(SYSTEM_ACTOR, async (tx) => {
        if (done.ok) moveCheckpoint(tx, done.last, tx.now);
        recordBreak(tx, done.brokenAt);
      });
      this.brokenAt = walk.brokenAt;
      if (!walk.ok) this.logger.error('audit chain broken', { brokenAt: walk.brokenAt, scope: 'full' });
    }
    return { ok: walk.ok, checked: walk.checked, brokenAt: walk.brokenAt };
  }

  private get db(): Database.Database {
    return (this.store.ds.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
  }

  private openReader(): { db: Database.Database; close(): void } {
    const shared = this.db;
    // A throwaway in-memory database has no file to open twice.
    if (shared.memory) return { db: shared, close: () => {} };
    const db = new Database(shared.name, { readonly: true, fileMustExist: true });
    return { db, close: () => db.close() };
  }
}
