import { join } from 'node:path';
import { createApp } from './app/createApp';
import { createFileLogger } from './modules/maintenance/logs';
import { stageLatestBackup, startFailureMessage } from './modules/maintenance/startup';
import { startAutoSync } from './modules/sync/schedule';
import { startWebHost } from './transports/http';

/**
 * `npm run web`: Guichet in any browser on this machine. Data goes to GUICHET_DATA_DIR
 * (default ./.guichet-data); the URL printed carries the per-launch token.
 */
async function main() {
  const dataDir = process.env.GUICHET_DATA_DIR ?? join(process.cwd(), '.guichet-data');
  if (process.argv.includes('--restore-latest')) {
    const staged = await stageLatestBackup(dataDir);
    process.stdout.write(
      staged
        ? `Sauvegarde ${staged.name} prête : elle remplace la base au démarrage.\n`
        : 'Aucune sauvegarde utilisable.\n',
    );
  }
  const logger = createFileLogger(dataDir);
  const app = await createApp({
    dataDir,
    logger,
    scheduleBackups: true,
    excelWorker: join(__dirname, 'excel-worker.cjs'),
  });
  startAutoSync(app.services.sync, process.env.GUICHET_SYNC_MINUTES, (m) => process.stderr.write(m + '\n'));
  const host = await startWebHost({
    dispatch: app.dispatch,
    rendererDir: join(__dirname, '..', 'renderer'),
    host: process.env.GUICHET_HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 0) || undefined,
  });
  process.stdout.write(`Guichet est prêt : ouvrez ${host.url}\n`);
  const stop = async () => {
    await host.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  const hint = 'Pour la restaurer : npm run web -- --restore-latest';
  process.stderr.write(startFailureMessage(e, hint) + '\n');
  process.exit(1);
});
