/**
 * A counter that saves registrations as fast as it can and says so on stdout after each commit,
 * until it is killed. Started by the fault suite, which kills it with SIGKILL mid-save.
 */
import { bacSubmission } from '../support/submissions';
import { bootWorker } from './worker';

const [dataDir, fromArg] = process.argv.slice(2);
const { app, token } = await bootWorker(dataDir!);
for (let i = Number(fromArg); ; i++) {
  const r = await app.dispatch('registrations.submit', bacSubmission(i), token);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  process.stdout.write(`saved ${(r.value as { registration: { number: string } }).registration.number}\n`);
}
