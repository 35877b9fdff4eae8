import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src-main/app/createApp';
import { report } from './report';

const dir = mkdtempSync(join(tmpdir(), 'guichet-fault-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the saver in its own process and kills it with SIGKILL once `after` saves are confirmed. */
function saveThenKill(from: number, after: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/faults/saver.ts', dir, String(from)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const confirmed: string[] = [];
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (c: Buffer) => {
      buffered += c.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const p of parts) if (p.startsWith('saved ')) confirmed.push(p.slice(6));
      // No await between the count and the kill: the saver is in the middle of its next save.
      if (confirmed.length >= after && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(confirmed) : reject(new Error(`saver exited ${code}: ${err}`)),
    );
  });
}

async function inspect() {
  const app = await createApp({ dataDir: dir });
  const q = (sql: string) => app.store.em.query(sql) as Promise<Record<string, number | string>[]>;
  const numbers = (await q(`SELECT number FROM registration`)).map((r) => String(r.number));
  const orphans = (
    await q(`SELECT COUNT(*) AS n FROM candidate c WHERE NOT EXISTS
      (SELECT 1 FROM registration r WHERE r.candidate_id = c.id)`)
  )[0]!.n;
  const outbox = (await q(`SELECT COUNT(*) AS n FROM outbox WHERE entity = 'registration'`))[0]!.n;
  const chain = await app.services.audit.verify();
  await app.close();
  return { numbers, orphans: Number(orphans), outbox: Number(outbox), chainOk: chain.ok };
}

describe('kill -9 during registration saves', () => {
  it('loses nothing confirmed, shows nothing half-done, and carries on numbering after each restart', async () => {
    let before = 0;
    for (const [round, from] of [
      [1, 1],
      [2, 500],
      [3, 1000],
    ] as const) {
      const confirmed = await saveThenKill(from, 25);
      const state = await inspect();
      const present = new Set(state.numbers);
      const line = report({
        fault: `registration save, SIGKILL #${round}`,
        before,
        after: state.numbers.length,
        lost: confirmed.filter((n) => !present.has(n)).length,
        duplicated: state.numbers.length - present.size,
      });
      expect(line.lost).toBe(0);
      expect(line.duplicated).toBe(0);
      // The save in flight when the process died is there whole or not at all.
      expect(state.numbers.length - before).toBeGreaterThanOrEqual(confirmed.length);
      expect(state.numbers.length - before).toBeLessThanOrEqual(confirmed.length + 1);
      expect(state.orphans).toBe(0);
      expect(state.outbox).toBe(state.numbers.length);
      expect(state.chainOk).toBe(true);
      before = state.numbers.length;
    }
  });
});
