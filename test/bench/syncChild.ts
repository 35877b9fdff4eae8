/**
 * A workstation process that only pushes its outbox and exits: the sync bench kills it mid-push
 * (SIGKILL, no clean-up) and starts it again, as after a power cut.
 */
import { createApp } from '../../src-main/app/createApp';

const app = await createApp({ dataDir: process.argv[2]! });
const status = await app.services.sync.syncNow();
await app.close();
process.stdout.write(`${JSON.stringify(status.counts)}\n`);
