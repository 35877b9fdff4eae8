import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeAfterKill } from '../bench/sync.bench';
import { startHqProcess } from '../bench/syncHq';
import { report } from './report';

describe('kill -9 during a push to headquarters', () => {
  it('resumes after the restart with every record at HQ once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'guichet-fault-sync-'));
    const hq = await startHqProcess(join(root, 'hq'));
    try {
      const r = await resumeAfterKill(hq, join(root, 'hq'), join(root, 'ws'), 1500);
      report({
        fault: 'sync push, SIGKILL mid-push',
        before: r.expected,
        after: r.stored,
        lost: r.lost,
        duplicated: r.duplicated,
      });
      expect(r.atKill).toBeGreaterThan(0);
      expect(r.lost).toBe(0);
      expect(r.duplicated).toBe(0);
    } finally {
      await hq.stop().catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
