import type { EntityManager } from 'typeorm';

/** Small persistent facts of the sync (server, token, cursors), kept in the setting table under `sync.`. */
export interface SyncState {
  serverUrl: string | null;
  token: string | null;
  workstationId: string | null;
  verdictCursor: number;
  lastSuccessAt: string | null;
  /** When the last run ended, whatever its outcome; null before the first. */
  lastAttemptAt: string | null;
  /** The first of the runs in a row that got no answer at all from HQ; null once one gets any answer. */
  unreachableSince: string | null;
  /**
   * The first of the runs in a row in which HQ answered with a server error (5xx): it is there but
   * in trouble, which « joignable » alone would hide. Null once a run gets no such answer.
   */
  hqErrorSince: string | null;
  lastError: string | null;
  clockSkewSeconds: number | null;
  /** HQ's public keys (PEM) for USB transfer, from enrolment and the catalogue. */
  hqEncryptionKey: string | null;
  hqSigningKey: string | null;
  /** When HQ's last USB acknowledgement was imported. */
  lastUsbAckAt: string | null;
  /** The first of the sync runs that have failed in a row, and how many; null and 0 after a run without a problem. */
  failingSince: string | null;
  failedRuns: number;
}

/** A workstation never enrolled, never synced. */
export const SYNC_STATE_DEFAULTS: SyncState = {
  serverUrl: null,
  token: null,
  workstationId: null,
  verdictCursor: 0,
  lastSuccessAt: null,
  lastAttemptAt: null,
  unreachableSince: null,
  hqErrorSince: null,
  lastError: null,
  clockSkewSeconds: null,
  hqEncryptionKey: null,
  hqSigningKey: null,
  lastUsbAckAt: null,
  failingSince: null,
  failedRuns: 0,
};

export async function readState(em: EntityManager): Promise<SyncState> {
  const rows = (await em.query(`SELECT key, value_json FROM setting WHERE key LIKE 'sync.%'`)) as {
    key: string;
    value_json: string;
  }[];
  const stored = Object.fromEntries(rows.map((r) => [r.key.slice(5), JSON.parse(r.value_json) as unknown]));
  return { ...SYNC_STATE_DEFAULTS, ...stored } as SyncState;
}

export async function writeState(em: EntityManager, patch: Partial<SyncState>, now: string): Promise<void> {
  for (const [key, value] of Object.entries(patch))
    await em.query(
      `INSERT INTO setting (key, value_json, updated_at) VALUES (?,?,?)
       ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      [`sync.${key}`, JSON.stringify(value), now],
    );
}
