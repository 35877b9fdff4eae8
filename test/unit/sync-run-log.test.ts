import { describe, expect, it } from 'vitest';
import { logRun, REPEATED_FAILURE_EVERY } from '../../src-main/modules/sync/runLog';
import { SYNC_STATE_DEFAULTS, type SyncState } from '../../src-main/modules/sync/state';

const before = (over: Partial<SyncState>): SyncState => ({ ...SYNC_STATE_DEFAULTS, token: 't', ...over });

describe('the sync log', () => {
  it('logs a failure when it starts or changes, then the same failure once an hour, not every run', () => {
    const lines: string[] = [];
    const logger = { info: () => {}, warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const errors = ['preregistrations: not_found'];
    const run = { errors, waiting: 0, refused: [], filesSetAside: [] };
    const since = '2026-03-02T08:00:00Z';
    // Runs 1 to 24 of an HQ without /preregistrations, every five minutes: two hours.
    for (let n = 0; n < 2 * REPEATED_FAILURE_EVERY; n++)
      logRun(
        logger,
        before({ lastError: n ? errors.join(' · ') : null, failedRuns: n, failingSince: n ? since : null }),
        since,
        run,
      );
    expect(lines).toEqual(['sync failed', 'sync failed', 'sync failed']);
    // Another failure is said at once.
    logRun(logger, before({ lastError: errors[0]!, failedRuns: 5, failingSince: since }), since, {
      ...run,
      errors: ['records: timeout'],
    });
    expect(lines).toHaveLength(4);
  });
});
