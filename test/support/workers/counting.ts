// A workbook thread that sends 20 chunks of one row each, slowly, and stops a cancelled job.
import { parentPort } from 'node:worker_threads';

const cancelled = new Set<number>();
const post = (m: unknown) => parentPort!.postMessage(m);

parentPort!.on('message', async (m: { type: string; job: number }) => {
  if (m.type === 'cancel') return void cancelled.add(m.job);
  post({ type: 'read', job: m.job, total: 20, emptyRows: 0, positions: new Map() });
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 5));
    if (cancelled.has(m.job)) return;
    post({ type: 'rows', job: m.job, rows: [{ row: i + 2 }] });
  }
  post({ type: 'end', job: m.job });
});
