/**
 * Registers `count` Bac candidates, then prints their fiches as one batch, printing its progress
 * so the fault suite can kill the process while the batch renders.
 */
import { bacSubmission } from '../support/submissions';
import { bootWorker } from './worker';

const [dataDir, countArg] = process.argv.slice(2);
const { app, token } = await bootWorker(dataDir!);
for (let i = 1; i <= Number(countArg); i++) {
  const r = await app.dispatch('registrations.submit', bacSubmission(i), token);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
}
const started = await app.dispatch('printing.batchStart', { examCode: 'BAC' }, token);
if (!started.ok) throw new Error(JSON.stringify(started.error));
const { jobId } = started.value as { jobId: string };
for (;;) {
  const s = await app.dispatch('printing.batchStatus', { jobId }, token);
  if (!s.ok) throw new Error(JSON.stringify(s.error));
  const { state, done } = s.value as { state: string; done: number };
  process.stdout.write(`batch ${state} ${done}\n`);
  if (state !== 'running') break;
  await new Promise((r) => setTimeout(r, 20));
}
await app.close();
