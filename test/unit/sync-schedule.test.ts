import { describe, expect, it } from 'vitest';
import { autoSyncFrom, startAutoSync } from '../../src-main/modules/sync/schedule';

describe('GUICHET_SYNC_MINUTES', () => {
  it('syncs every five minutes when unset, every N minutes when set, never with 0 or off', () => {
    expect(autoSyncFrom(undefined)).toEqual({ everyMs: 300_000, warning: null });
    expect(autoSyncFrom(' 2 ')).toEqual({ everyMs: 120_000, warning: null });
    expect(autoSyncFrom('0.5')).toMatchObject({ everyMs: 300_000 });
    expect(autoSyncFrom('1440')).toEqual({ everyMs: 86_400_000, warning: null });
    expect(autoSyncFrom('0')).toEqual({ everyMs: null, warning: null });
    expect(autoSyncFrom('OFF')).toEqual({ everyMs: null, warning: null });
  });

  it('falls back to five minutes with a warning, never to a timer of 1 ms, on a value Node cannot time', () => {
    // 100000 minutes overflow Node's 32-bit timers and NaN becomes 1 ms: a sync run without pause.
    for (const raw of ['100000', 'abc', '-3', 'Infinity', '5min']) {
      const r = autoSyncFrom(raw);
      expect(r.everyMs).toBe(300_000);
      expect(r.warning).toContain(`GUICHET_SYNC_MINUTES=${raw} ignoré`);
    }
  });

  it('starts the timer with that interval, or not at all, and says why a value was ignored', () => {
    const started: number[] = [];
    const warnings: string[] = [];
    const sync = { startAuto: (ms: number) => started.push(ms) };
    startAutoSync(sync, '100000', (m) => warnings.push(m));
    startAutoSync(sync, 'off', (m) => warnings.push(m));
    startAutoSync(sync, '10', (m) => warnings.push(m));
    expect(started).toEqual([300_000, 600_000]);
    expect(warnings).toHaveLength(1);
  });
});
