import type { EntityManager } from 'typeorm';
import type { OfflineStatus } from '../../../shared/contract/prereg';
import { localDate } from '../../../shared/domain/localTime';
import type { RuleIssue } from '../../../shared/contract/registrations';
import type { Catalogue } from '../../../shared/domain/catalogue';

const DAY_MS = 86_400_000;

/**
 * The last time headquarters was heard from: a successful sync run, or a USB acknowledgement
 * imported (`sync.lastUsbAckAt`, written by the USB transfer). Before either, the enrolment
 * itself counts. Null when the workstation was never enrolled.
 */
export async function lastContactAt(em: EntityManager): Promise<string | null> {
  const rows = (await em.query(
    `SELECT key, value_json, updated_at FROM setting WHERE key IN ('sync.token', 'sync.lastSuccessAt', 'sync.lastUsbAckAt')`,
  )) as { key: string; value_json: string; updated_at: string }[];
  const by = new Map(rows.map((r) => [r.key, r]));
  const token = by.get('sync.token');
  if (!token || !JSON.parse(token.value_json)) return null;
  const times = ['sync.lastSuccessAt', 'sync.lastUsbAckAt']
    .map((k) => by.get(k)?.value_json)
    .map((v) => (v ? (JSON.parse(v) as string | null) : null))
    .filter((v): v is string => typeof v === 'string');
  return times.length ? times.sort().at(-1)! : token.updated_at;
}

export async function offlineStatus(
  em: EntityManager,
  now: Date,
  maxOfflineDays: number,
  catalogue: Catalogue | null,
): Promise<OfflineStatus> {
  const last = await lastContactAt(em);
  const days = last ? Math.max(0, (now.getTime() - Date.parse(last)) / DAY_MS) : null;
  const validUntil = catalogue?.validUntil ?? null;
  return {
    enrolled: last !== null,
    lastContactAt: last,
    days: days === null ? null : Math.floor(days * 10) / 10,
    maxOfflineDays,
    level: days === null ? 'ok' : days > maxOfflineDays ? 'over' : days > maxOfflineDays / 2 ? 'warn' : 'ok',
    catalogueValidUntil: validUntil,
    catalogueExpired: validUntil !== null && now.getTime() > Date.parse(validUntil),
  };
}

/**
 * The offline limits as rule refusals a supervisor may pass with a reason, exactly like a
 * closed window: too long without hearing from headquarters, or a catalogue past its validity.
 */
export function offlineIssues(s: OfflineStatus): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (s.level === 'over')
    issues.push({
      code: 'offline_too_long',
      field: null,
      overridable: true,
      severity: 'refusal',
      params: {
        days: Math.floor(s.days ?? 0),
        max: s.maxOfflineDays,
        last: s.lastContactAt ? localDate(s.lastContactAt) : '',
      },
    });
  if (s.catalogueExpired)
    issues.push({
      code: 'catalogue_expired',
      field: null,
      overridable: true,
      severity: 'refusal',
      params: { validUntil: s.catalogueValidUntil ? localDate(s.catalogueValidUntil) : '' },
    });
  return issues;
}
