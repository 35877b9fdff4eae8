// A workbook thread that keeps allocating, as exceljs does on a workbook built to exhaust memory.
import { parentPort } from 'node:worker_threads';

const kept: number[][] = [];
parentPort!.on('message', (m: { type: string }) => {
  if (m.type !== 'check') return;
  for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => i));
});
