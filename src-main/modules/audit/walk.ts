import type { Database } from 'better-sqlite3';
import { chainHash, GENESIS_HASH } from './chain';

/** A row of the chain trusted as a starting point: its seq and its hash (seq 0 is the genesis). */
export interface Anchor {
  seq: number;
  hash: string;
}
export const GENESIS: Anchor = { seq: 0, hash: GENESIS_HASH };

export interface WalkResult {
  ok: boolean;
  /** Rows whose hash was computed again, the anchor row included. */
  checked: number;
  brokenAt: number | null;
  /** The last row found sound: as far as a checkpoint may move. */
  last: Anchor;
  /** `pause` said stop before the end: a sound but partial walk. */
  stopped: boolean;
}

export interface WalkOptions {
  /** Stop after this seq: a background walk covers the rows that existed when it began. */
  to?: number;
  pageSize?: number;
  /** Awaited between pages; `false` stops the walk (the app is closing). */
  pause?: () => Promise<boolean>;
}

/** An audit_log row as SQLite returns it. */
export interface AuditRowRaw {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

const COLUMNS = `seq, at, actor_id, actor_name, action, entity, entity_id, before_json, after_json, prev_hash, hash`;

const rehash = (r: AuditRowRaw) =>
  chainHash(r.prev_hash, {
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    beforeJson: r.before_json,
    afterJson: r.after_json,
  });

/**
 * Checks the chain from an anchor: the anchor row must still hash to the value trusted for it,
 * then every later row must link to the one before and hash to what it stores. Raw prepared
 * statements rather than TypeORM pages (20 % faster on 200,000 rows; the hashing is most of the cost).
 */
export async function walkChain(db: Database, from: Anchor, options: WalkOptions = {}): Promise<WalkResult> {
  const broken = (seq: number, checked: number, last: Anchor): WalkResult => ({
    ok: false,
    checked,
    brokenAt: seq,
    last,
    stopped: false,
  });
  let checked = 0;
  if (from.seq > 0) {
    const anchor = db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq = ?`).get(from.seq) as
      AuditRowRaw | undefined;
    if (!anchor) return broken(from.seq, 0, from);
    checked++;
    if (anchor.hash !== from.hash || rehash(anchor) !== anchor.hash) return broken(from.seq, checked, from);
  }
  const page = db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`);
  const to = options.to ?? Number.MAX_SAFE_INTEGER;
  const size = options.pageSize ?? 5_000;
  let last = from;
  for (;;) {
    const rows = page.all(last.seq, to, size) as AuditRowRaw[];
    for (const r of rows) {
      checked++;
      if (r.prev_hash !== last.hash || rehash(r) !== r.hash) return broken(r.seq, checked, last);
      last = { seq: r.seq, hash: r.hash };
    }
    if (rows.length < size) return { ok: true, checked, brokenAt: null, last, stopped: false };
    if (options.pause && !(await options.pause())) return { ok: true, checked, brokenAt: null, last, stopped: true };
  }
}
