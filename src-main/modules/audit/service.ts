import type { Store } from '../../db/store';
import type { AuditEntry } from '../../../shared/contract/audit';
import { chainHash, GENESIS_HASH } from './chain';

interface AuditRowRaw {
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

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

export class AuditService {
  constructor(private readonly store: Store) {}

  async list(filter: { entity?: string; entityId?: string; limit: number }): Promise<AuditEntry[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.entity) {
      where.push('entity = ?');
      args.push(filter.entity);
    }
    if (filter.entityId) {
      where.push('entity_id = ?');
      args.push(filter.entityId);
    }
    const rows = (await this.store.em.query(
      `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC LIMIT ?`,
      [...args, filter.limit],
    )) as AuditRowRaw[];
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

  /** Walks the whole chain in pages; `brokenAt` is the first row whose link or content does not match. */
  async verify(): Promise<{ ok: boolean; checked: number; brokenAt: number | null }> {
    let prev = GENESIS_HASH;
    let checked = 0;
    let after = 0;
    for (;;) {
      const rows = (await this.store.em.query(`SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 5000`, [
        after,
      ])) as AuditRowRaw[];
      if (!rows.length) return { ok: true, checked, brokenAt: null };
      for (const r of rows) {
        const expected = chainHash(prev, {
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          beforeJson: r.before_json,
          afterJson: r.after_json,
        });
        if (r.prev_hash !== prev || r.hash !== expected) return { ok: false, checked, brokenAt: r.seq };
        prev = r.hash;
        checked++;
        after = r.seq;
      }
    }
  }
}
