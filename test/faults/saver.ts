/**
 * A counter that saves registrations as fast as it can and says so on stdout after each commit,
 * until it is killed. Started by the fault suite, which kills it with SIGKILL mid-save.
 */
import { createApp } from '../../src-main/app/createApp';
import { FrozenClock } from '../../src-main/core/clock';
import { setupInput } from '../support/app';
import { bacSubmission } from '../support/submissions';

const [dataDir, fromArg] = process.argv.slice(2);
// A day inside the demo catalogue's Bac window, whatever today's date is.
const app = await createApp({ dataDir: dataDir!, clock: new FrozenClock(new Date('2026-03-02T08:00:00Z')) });
if (!app.services.setup.current) await app.dispatch('setup.initialize', setupInput, null);
const login = await app.dispatch(
  'auth.login',
  { username: setupInput.adminUsername, password: setupInput.adminPassword },
  null,
);
if (!login.ok) throw new Error('login failed');
const token = (login.value as { token: string }).token;
for (let i = Number(fromArg); ; i++) {
  const r = await app.dispatch('registrations.submit', bacSubmission(i), token);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  process.stdout.write(`saved ${(r.value as { registration: { number: string } }).registration.number}\n`);
}
