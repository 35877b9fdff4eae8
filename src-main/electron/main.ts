import { app, BrowserWindow, dialog, ipcMain, net, protocol, session } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp, type App } from '../app/createApp';
import { createFileLogger } from '../modules/maintenance/logs';
import { CorruptDatabaseError, stageLatestBackup, startFailureMessage } from '../modules/maintenance/startup';
import { startAutoSync } from '../modules/sync/schedule';
import { serveIpc } from '../transports/ipc';
import { installMenu } from './menu';
import { startUpdates } from './updates';
import { APP_ORIGIN, CSP, isAllowedPermission, isAppUrl, rendererPath, UI_LOCALE, webPreferences } from './security';
import { closeBeforeQuit } from './shutdown';

const rendererDir = join(__dirname, '..', 'renderer');
let window: BrowserWindow | null = null;
let guichet: App | null = null;

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// The interface is French: date fields then read jj/mm/aaaa whatever the language of Windows, so a
// clerk on an English system never types a birth date month first. Must be set before 'ready'.
app.commandLine.appendSwitch('lang', UI_LOCALE);

if (!app.requestSingleInstanceLock()) app.quit();
app.on('second-instance', () => {
  if (window?.isMinimized()) window.restore();
  window?.focus();
});

// Hardening for every web contents, including any the page might try to create.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event, url) => isAppUrl(url) || event.preventDefault());
  contents.on('will-redirect', (event, url) => isAppUrl(url) || event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.whenReady().then(async () => {
  const dataDir = process.env.GUICHET_DATA_DIR ?? app.getPath('userData');
  guichet = await openOrRescue(dataDir);
  if (!guichet) return app.quit();
  startAutoSync(guichet.services.sync, process.env.GUICHET_SYNC_MINUTES, (m) => process.stderr.write(m + '\n'));

  protocol.handle('app', async (request) => {
    const file = rendererPath(rendererDir, request.url, join);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', CSP);
    return new Response(response.body, { status: response.status, headers });
  });
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
    callback(isAllowedPermission(permission, contents.getURL())),
  );

  serveIpc(ipcMain, guichet.dispatch, (event) =>
    Boolean(window && event.sender === window.webContents && event.senderFrame && isAppUrl(event.senderFrame.url)),
  );
  installMenu();
  startUpdates();
  window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Guichet',
    show: false,
    webPreferences: webPreferences(join(__dirname, 'preload.cjs')),
  });
  window.once('ready-to-show', () => window?.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);
});

/** A damaged database is never opened; the clerk is offered the newest backup instead. */
async function openOrRescue(dataDir: string): Promise<App | null> {
  const logger = createFileLogger(dataDir, false);
  try {
    return await createApp({
      dataDir,
      logger,
      scheduleBackups: true,
      excelWorker: join(__dirname, 'excel-worker.cjs'),
    });
  } catch (e) {
    const canRestore = e instanceof CorruptDatabaseError && e.latest !== null;
    const { response } = await dialog.showMessageBox({
      type: 'error',
      title: 'Guichet',
      message: startFailureMessage(e, 'Voulez-vous la restaurer ?'),
      buttons: canRestore ? ['Restaurer la dernière sauvegarde', 'Quitter'] : ['Quitter'],
      defaultId: 0,
      cancelId: canRestore ? 1 : 0,
    });
    if (!canRestore || response !== 0 || !(await stageLatestBackup(dataDir))) return null;
    return createApp({ dataDir, logger, scheduleBackups: true, excelWorker: join(__dirname, 'excel-worker.cjs') });
  }
}

closeBeforeQuit(app, async () => {
  await guichet?.close();
});
