/**
 * A school list of `rows` pupils committed in one transaction; prints "committing" just before the
 * commit so the fault suite can kill the process while it runs.
 */
import { BEPC, fillTemplate, pupil, toBase64 } from '../support/excel';
import { bootWorker } from './worker';

const [dataDir, rowsArg] = process.argv.slice(2);
const { app, token } = await bootWorker(dataDir!);
const template = await app.dispatch('excel.template', BEPC, token);
if (!template.ok) throw new Error(JSON.stringify(template.error));
const rows = Array.from({ length: Number(rowsArg) }, (_, i) => pupil(i));
const fileBase64 = await toBase64(await fillTemplate((template.value as { base64: string }).base64, rows));
const jobId = '0b6f3c2e-5d1a-4f7e-9c3b-2a1d4e5f6a7b';
process.stdout.write('committing\n');
// Progress lines let the fault suite kill the process inside the saving transaction.
const progress = setInterval(() => {
  void app.dispatch('excel.progress', { jobId }, token).then((p) => {
    const v = p.ok ? (p.value as { phase: string; done: number }) : null;
    if (v) process.stdout.write(`progress ${v.phase} ${v.done}\n`);
  });
}, 10);
const r = await app.dispatch(
  'excel.commit',
  { ...BEPC, fileBase64, fileName: 'liste.xlsx', mode: 'valid-only', jobId },
  token,
);
clearInterval(progress);
process.stdout.write(
  r.ok ? `committed ${(r.value as { imported: number }).imported}\n` : `failed ${JSON.stringify(r.error)}\n`,
);
