import { autoUpdater } from 'electron-updater';

/**
 * Auto-update is wired but off: an office changes version when headquarters says so, not when a
 * feed happens to publish. Setting GUICHET_UPDATE_URL (a generic electron-builder feed) turns it on;
 * the update is then downloaded in the background and installed when the clerk quits.
 */
export function startUpdates(feed = process.env.GUICHET_UPDATE_URL): boolean {
  if (!feed) return false;
  autoUpdater.setFeedURL({ provider: 'generic', url: feed });
  autoUpdater.autoInstallOnAppQuit = true;
  void autoUpdater.checkForUpdatesAndNotify().catch(() => undefined);
  return true;
}
