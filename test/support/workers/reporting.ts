// A workbook thread that writes every error report as the same bytes, naming the errors it was given.
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (m: { type: string; job: number; errors?: { message: string }[] }) => {
  if (m.type !== 'report') return;
  const text = `report: ${(m.errors ?? []).map((e) => e.message).join(', ')}`;
  parentPort!.postMessage({ type: 'report', job: m.job, bytes: new TextEncoder().encode(text) });
});
