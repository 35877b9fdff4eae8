import type { Database } from 'better-sqlite3';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Clock } from '../core/clock';
import type { IdGenerator } from '../core/ids';
import { chainHash, GENESIS_HASH, sha256Hex } from '../modules/audit/chain';
import { Statements, type SqlParam } from './statements';
import type { AuditAction, AuditEntity } from '../../shared/domain/auditActions';

export interface Actor {
  id: string | null;
  name: string | null;
}
export const SYSTEM_ACTOR: Actor = { id: null, name: 'system' };

export interface AuditInput {
  action: AuditAction;
  entity: AuditEntity;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  /** JSON.stringify(after), when the caller already has it: a save row serialises its snapshot once. */
  afterJson?: string;
}

export interface OutboxInput {
  entity: string;
  entityId: string;
  version: number;
  payload: unknown;
  /** JSON.stringify(payload), when the caller already has it. */
  payloadJson?: string;
}

/** Everything a write needs, bound to one transaction. */
export interface Tx {
  em: EntityManager;
  now: string;
  actor: Actor;
  /** Cached prepared statements on the same connection, inside this transaction: for the hot, fixed SQL. */
  run(sql: string, params?: readonly SqlParam[]): { changes: number; lastInsertRowid: number | bigint };
  all<T>(sql: string, params?: readonly SqlParam[]): T[];
  get<T>(sql: string, params?: readonly SqlParam[]): T | undefined;
  audit(entry: AuditInput): Promise<void>;
  enqueue(entry: OutboxInput): Promise<void>;
  /** Next value of a local counter (candidate numbers, receipts), written back when the transaction commits. */
  sequence(name: string): number;
  /**
   * Moves counters up to at least these values, never down: numbers another database of this
   * workstation already gave (a replaced database, or a replaced machine known to headquarters)
   * are not given again. Returns the counters it moved, from and to.
   */
  continueSequences(atLeast: Record<string, number>): Record<string, { from: number; to: number }>;
}

/** Values that must never be written into the audit trail, whatever the record holds. */
const SECRET_FIELDS = new Set(['passwordHash', 'password', 'token']);
const SECRET_KEY = /"(passwordHash|password|token)":/;
const withoutSecrets = (v: unknown) => JSON.stringify(v, (k, val) => (SECRET_FIELDS.has(k) ? undefined : val));
/** A replacer makes stringify several times slower; only a text that shows a secret key needs it. */
const auditJson = (v: unknown, json?: string) => {
  if (v === undefined) return null;
  const plain = json ?? JSON.stringify(v);
  return SECRET_KEY.test(plain) ? withoutSecrets(v) : plain;
};

/**
 * The only way to change a record: one transaction holding the change, its audit entry
 * and its outbox entry, so none can exist without the others. Writes are queued one at a
 * time because the SQLite connection is shared.
 */
export class Store {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly sql: Statements;

  constructor(
    readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    /** Told after each commit: the background checkpoint follows writes (see Checkpointer). */
    private readonly onCommitted: () => void = () => {},
  ) {
    this.sql = new Statements(ds);
  }

  get em(): EntityManager {
    return this.ds.manager;
  }

  change<T>(actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
    const run = this.queue.then(() =>
      this.ds
        .transaction(async (em) => {
          const tx = this.bindTx(em, actor, this.clock.now().toISOString());
          const result = await work(tx);
          tx.saveSequences();
          return result;
        })
        .then(
          (result) => {
            this.onCommitted();
            return result;
          },
          (e: unknown) => {
            this.endFailedTransaction();
            throw e;
          },
        ),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * On a full disk (or an I/O error) SQLite rolls the transaction back by itself; TypeORM's ROLLBACK
   * then fails, TypeORM swallows that and keeps its runner "in a transaction", so every later change
   * became a SAVEPOINT inside a transaction that never commits: saved on screen, gone at the next
   * start. SQLite's own state is the truth: end what it still holds open, and drop a runner that
   * thinks otherwise (the driver makes a fresh one for the next query).
   */
  private endFailedTransaction(): void {
    const driver = this.ds.driver as unknown as { databaseConnection: Database; queryRunner?: QueryRunner };
    if (driver.databaseConnection.inTransaction) driver.databaseConnection.exec('ROLLBACK');
    if (driver.queryRunner?.isTransactionActive) driver.queryRunner = undefined;
  }

  private bindTx(em: EntityManager, actor: Actor, now: string): Tx & { saveSequences(): void } {
    const sql = this.sql;
    // Writes are queued, so inside one transaction the chain's head is the hash this tx wrote last.
    let head: string | null = null;
    // Counters are read once and written once per transaction: a school list of 10,000 rows takes
    // 10,000 numbers with two statements. A rollback discards them, so numbers stay gapless.
    const counters = new Map<string, number>();
    const current = (name: string) =>
      counters.get(name) ?? sql.get<{ value: number }>(`SELECT value FROM sequence WHERE name = ?`, [name])?.value ?? 0;
    return {
      sequence: (name) => {
        const value = current(name) + 1;
        counters.set(name, value);
        return value;
      },
      continueSequences: (atLeast) => {
        const moved: Record<string, { from: number; to: number }> = {};
        for (const [name, to] of Object.entries(atLeast)) {
          const from = current(name);
          if (to <= from) continue;
          counters.set(name, to);
          moved[name] = { from, to };
        }
        return moved;
      },
      saveSequences: () => {
        for (const [name, value] of counters)
          sql.run(
            `INSERT INTO sequence (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value`,
            [name, value],
          );
      },
      em,
      now,
      actor,
      run: (text, params) => sql.run(text, params),
      all: (text, params) => sql.all(text, params),
      get: (text, params) => sql.get(text, params),
      audit: async (e) => {
        head ??=
          sql.get<{ hash: string }>(`SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`)?.hash ?? GENESIS_HASH;
        const prevHash = head;
        const fields = {
          at: now,
          actorId: actor.id,
          actorName: actor.name,
          action: e.action,
          entity: e.entity,
          entityId: e.entityId,
          beforeJson: auditJson(e.before),
          afterJson: auditJson(e.after, e.afterJson),
        };
        const hash = chainHash(prevHash, fields);
        sql.run(
          `INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, before_json, after_json, prev_hash, hash)
           VALUES (?,?,?,?,?,?,?,?,?,?)`,
          [...Object.values(fields), prevHash, hash],
        );
        head = hash;
      },
      enqueue: async (e) => {
        const payloadJson = e.payloadJson ?? JSON.stringify(e.payload);
        sql.run(
          `INSERT INTO outbox (id, entity, entity_id, version, payload_json, payload_hash, state, attempts, created_at, updated_at)
           VALUES (?,?,?,?,?,?,'pending',0,?,?)`,
          [this.newId(), e.entity, e.entityId, e.version, payloadJson, sha256Hex(payloadJson), now, now],
        );
      },
    };
  }
}
