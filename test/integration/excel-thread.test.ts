import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RowChecker } from '../../src-main/modules/excel/rowChecker';
import type { RuledRow } from '../../src-main/modules/excel/validate';

const worker = (name: string) => fileURLToPath(new URL(`../support/workers/${name}.ts`, import.meta.url));
const rules = {} as never;
let checker: RowChecker;
afterEach(() => checker.close());

const rowsOf = async (c: RowChecker, stopAt?: number) => {
  const seen: number[] = [];
  await c.check(Buffer.from('x'), [], rules, {
    onRead: () => undefined,
    onRows: (rows: RuledRow[]) => {
      seen.push(...rows.map((r) => r.row));
      if (seen.length === stopAt) throw new Error('cancelled by the clerk');
    },
  });
  return seen;
};

describe('the workbook thread', () => {
  it('fails the check when the thread dies, and starts a new one for the next list', async () => {
    checker = new RowChecker(worker('dying'));
    await expect(rowsOf(checker)).rejects.toThrow(/stopped \(3\)/);
    await expect(rowsOf(checker)).rejects.toThrow(/stopped \(3\)/);
  });

  it('tells the clerk a workbook is too large when the thread runs out of memory, and starts afresh for the next list', async () => {
    checker = new RowChecker(worker('hungry'), 32);
    const refused = { code: 'invalid_input', fields: { file: { code: 'xlsx_too_large' } } };
    await expect(rowsOf(checker)).rejects.toMatchObject(refused);
    await expect(rowsOf(checker)).rejects.toMatchObject(refused);
  });

  it('has the error report written by the thread, so the main process never parses a workbook', async () => {
    checker = new RowChecker(worker('reporting'));
    const errors = [{ row: 3, column: 'C', code: 'list_value', message: 'Sexe : valeur « X »' }];
    const written = await checker.report(Buffer.from('x'), [], errors as never);
    expect(written.toString()).toBe('report: Sexe : valeur « X »');
  });

  it('stops a check whose saving side throws, and the next check on the same thread gets only its own rows', async () => {
    checker = new RowChecker(worker('counting'));
    await expect(rowsOf(checker, 3)).rejects.toThrow('cancelled by the clerk');
    expect(await rowsOf(checker)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
  });
});
