import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src-main/app/createApp';
import { runAndKill } from './killer';
import { report } from './report';

const dir = mkdtempSync(join(tmpdir(), 'guichet-fault-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROWS = 1500;

/** Starts the importer; kills it once the saving transaction has saved `atRow` rows, or lets it finish (null). */
const importAndKill = (atRow: number | null) =>
  runAndKill('test/faults/importer.ts', [dir, String(ROWS)], /progress saving (\d+)/, atRow);

async function counts() {
  const app = await createApp({ dataDir: dir });
  const n = async (sql: string) => Number(((await app.store.em.query(sql)) as { n: number }[])[0]!.n);
  const c = {
    registrations: await n(`SELECT COUNT(*) AS n FROM registration`),
    candidates: await n(`SELECT COUNT(*) AS n FROM candidate`),
    outbox: await n(`SELECT COUNT(*) AS n FROM outbox WHERE entity = 'registration'`),
    imports: await n(`SELECT COUNT(*) AS n FROM excel_import`),
    chainOk: (await app.services.audit.verify()).ok,
  };
  await app.close();
  return c;
}

describe('kill -9 during a school-list import', () => {
  it('imports the whole list or nothing, and the same file then goes through once', async () => {
    const killed = await importAndKill(600);
    const after = await counts();
    // Killed inside the transaction, after 600 rows were written to it: none of them may remain.
    const none = after.registrations === 0 && after.imports === 0;
    report({
      fault: `school list commit (${ROWS} rows), SIGKILL`,
      before: 0,
      after: after.registrations,
      lost: 0,
      duplicated: 0,
    });
    expect(killed.killed).toBe(true);
    expect(none).toBe(true);
    expect(after.candidates).toBe(after.registrations);
    expect(after.outbox).toBe(after.registrations);
    expect(after.chainOk).toBe(true);

    if (none) {
      await importAndKill(null);
      const again = await counts();
      report({
        fault: 'school list commit, after restart',
        before: 0,
        after: again.registrations,
        lost: 0,
        duplicated: 0,
      });
      expect(again.registrations).toBe(ROWS);
      expect(again.imports).toBe(1);
    }
  });
});
