import { vi } from 'vitest';
import type { SyncStatus } from '../../shared/contract/sync';
import type { TestApp } from './app';

/**
 * The end of the sync run an enrolment or a resend started in the background, read as the sync
 * page does: the status, until it no longer says a run is in progress. Not « Synchroniser
 * maintenant », which would start a run of its own had that one already ended.
 */
export function backgroundRun(t: TestApp): Promise<SyncStatus> {
  return vi.waitFor(
    async () => {
      const status = await t.must('sync.status', {});
      if (status.running) throw new Error('the sync run is still in progress');
      return status;
    },
    { timeout: 15_000, interval: 20 },
  );
}

/** Enrols with `code` at `serverUrl`, then waits for the first sync the enrolment started: its status. */
export async function enrolAndSync(t: TestApp, serverUrl: string, code: string): Promise<SyncStatus> {
  await t.must('sync.enrol', { serverUrl, code });
  return backgroundRun(t);
}
