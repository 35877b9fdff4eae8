import { createApp } from '../../src-main/app/createApp';
import { FrozenClock } from '../../src-main/core/clock';
import { setupInput } from '../support/app';

/**
 * The start of every fault-suite worker process: the app on `dataDir`, set up on first use, and an
 * administrator's session. The clock is a day inside the demo catalogue's windows, whatever today is.
 */
export async function bootWorker(dataDir: string) {
  const app = await createApp({ dataDir, clock: new FrozenClock(new Date('2026-03-02T08:00:00Z')) });
  if (!app.services.setup.current) await app.dispatch('setup.initialize', setupInput, null);
  const login = await app.dispatch(
    'auth.login',
    { username: setupInput.adminUsername, password: setupInput.adminPassword },
    null,
  );
  if (!login.ok) throw new Error('login failed');
  return { app, token: (login.value as { token: string }).token };
}
