/**
 * `npm run bench`: every figure named in the issues, printed as a table with its goal and
 * written to bench-results.json (one key per figure). Each bench module exports one async
 * function returning `{ key: number }`; missing modules are skipped with a note.
 */
import { writeFileSync } from 'node:fs';
import { GOALS } from './goals';

type Bench = () => Promise<Record<string, number>>;

/** name → [module file, exported function]; loaded by path so one missing area does not stop the rest. */
const modules: Record<string, [string, string]> = {
  'web cold start': ['./coldStart.bench.ts', 'benchColdStart'],
  search: ['./search.bench.ts', 'benchSearch'],
  printing: ['./printing.bench.ts', 'benchPrinting'],
  sync: ['./sync.bench.ts', 'benchSync'],
  excel: ['./excel.bench.ts', 'benchExcel'],
  dossier: ['./dossier.bench.ts', 'benchDossier'],
  'usb transfer': ['./transfer.bench.ts', 'benchTransfer'],
  'season start-up': ['./startup.bench.ts', 'benchStartup'],
};
const load = async ([file, fn]: [string, string]) =>
  ((await import(new URL(file, import.meta.url).href)) as Record<string, Bench>)[fn]!;

const only = process.argv.slice(2);
const results: Record<string, number> = {};
for (const [name, entry] of Object.entries(modules)) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  try {
    const bench = await load(entry);
    process.stdout.write(`… ${name}\n`);
    Object.assign(results, await bench());
  } catch (e) {
    process.stdout.write(`skipped ${name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
  }
}

const rows = Object.entries(results).map(([key, value]) => {
  const goal = GOALS[key];
  const verdict = goal ? (goal.test(value) ? 'ok' : 'MISSED') : '';
  return { key, value: Number(value.toFixed(3)), goal: goal?.text ?? '', verdict };
});
console.table(rows);
writeFileSync('bench-results.json', JSON.stringify(results, null, 2) + '\n');
process.stdout.write('bench-results.json written\n');
