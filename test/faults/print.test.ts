import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src-main/app/createApp';
import { runAndKill } from './killer';
import { report } from './report';

const dir = mkdtempSync(join(tmpdir(), 'guichet-fault-print-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const COUNT = 120;

/** Runs the printer worker; kills it once the batch has rendered `atFiche` fiches, or lets it end (null). */
const printAndKill = async (atFiche: number | null) =>
  (await runAndKill('test/faults/printer.ts', [dir, String(COUNT)], /batch running (\d+)/, atFiche)).out;

async function state() {
  const app = await createApp({ dataDir: dir });
  const n = async (sql: string) => Number(((await app.store.em.query(sql)) as { n: number }[])[0]!.n);
  const s = {
    registrations: await n(`SELECT COUNT(*) AS n FROM registration`),
    locked: await n(`SELECT COUNT(*) AS n FROM registration WHERE status = 'locked'`),
    printed: await n(`SELECT COUNT(*) AS n FROM printed_document`),
  };
  await app.close();
  return s;
}

describe('kill -9 during a batch print', () => {
  it('locks nothing and logs nothing for a batch that never finished', async () => {
    const out = await printAndKill(30);
    // Killed mid-render, not after the last chunk: the progress was answered between chunks.
    const seen = [...out.matchAll(/batch running (\d+)/g)].map((m) => Number(m[1]));
    expect(seen.some((n) => n > 0 && n < COUNT)).toBe(true);
    const after = await state();
    report({
      fault: `batch of ${COUNT} fiches, SIGKILL mid-render`,
      before: COUNT,
      after: after.registrations,
      lost: COUNT - after.registrations,
      duplicated: 0,
    });
    expect(after.registrations).toBe(COUNT);
    expect(after.locked).toBe(0);
    expect(after.printed).toBe(0);
  });
});
