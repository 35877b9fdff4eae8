// A workbook thread that crashes after reading: the main process must fail the check, not hang.
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (m: { type: string; job: number }) => {
  if (m.type !== 'check') return;
  parentPort!.postMessage({ type: 'read', job: m.job, total: 10, emptyRows: 0, positions: new Map() });
  setTimeout(() => process.exit(3), 20);
});
