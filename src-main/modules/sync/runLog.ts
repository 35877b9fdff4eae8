import type { Logger } from '../../core/logger';
import type { SyncState } from './state';

/** An outbox entry HQ refused (conflict, altered payload…): what the log names, ids only. */
export interface Refusal {
  entity: string;
  entityId: string;
  version: number;
  reason: string;
}

/** Error codes that mean HQ no longer takes this workstation's token. */
const TOKEN_REFUSED = ['token_revoked', 'token_invalid', 'auth'];
/** At most this many refused entries are named in one log line; the count is always whole. */
const LOGGED_IDS = 20;
/**
 * A failure repeated run after run (an HQ that lacks a route, a day without network) is logged when
 * it starts or changes, then once every this many runs: an hour at the default five minutes, not a
 * line every five minutes (70 KB a day) that would push the useful ones out of the rotated files.
 */
export const REPEATED_FAILURE_EVERY = 12;

const tally = (reasons: string[]) =>
  reasons.reduce<Record<string, number>>((t, r) => ({ ...t, [r]: (t[r] ?? 0) + 1 }), {});

/**
 * The run in the workstation's log, for support: a failed run (a repeated one hourly), the first run without a
 * problem after failures, a token HQ refuses (once, when it starts), and what HQ refused. A run
 * without a problem after another one says nothing. Codes, ids and counts only.
 */
export function logRun(
  logger: Logger,
  before: SyncState,
  at: string,
  run: { errors: string[]; details?: string[]; waiting: number; refused: Refusal[]; filesSetAside: string[] },
) {
  const { errors, details = [], waiting, refused, filesSetAside } = run;
  if (refused.length)
    logger.warn('sync records refused by headquarters', {
      count: refused.length,
      reasons: tally(refused.map((r) => r.reason)),
      records: refused.slice(0, LOGGED_IDS).map((r) => `${r.entity}/${r.entityId}/v${r.version}`),
    });
  if (filesSetAside.length)
    logger.warn('sync files set aside', { count: filesSetAside.length, reasons: tally(filesSetAside) });
  const tokenRefused = errors.map((e) => e.split(': ')[1] ?? '').find((code) => TOKEN_REFUSED.includes(code));
  if (tokenRefused && !(before.lastError ?? '').includes(tokenRefused))
    logger.error('sync token refused by headquarters', {
      code: tokenRefused,
      workstationId: before.workstationId,
    });
  const failure = {
    errors,
    // The network library's own words (ECONNREFUSED, a timeout), for support only: the page shows `errors`.
    ...(details.length ? { details } : {}),
    waiting,
    failedRuns: before.failedRuns + 1,
    failingSince: before.failingSince ?? at,
  };
  const repeated = errors.join(' · ') === before.lastError && failure.failedRuns % REPEATED_FAILURE_EVERY !== 0;
  if (errors.length && repeated) return;
  if (errors.length && tokenRefused) logger.error('sync failed', failure);
  else if (errors.length) logger.warn('sync failed', failure);
  else if (before.failingSince)
    logger.info('sync recovered', {
      failingSince: before.failingSince,
      failedRuns: before.failedRuns,
      waiting,
    });
}
