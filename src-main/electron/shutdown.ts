/** The part of Electron's `app` that ending the process needs: a fake stands in for it in tests. */
export interface QuittingApp {
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * However Guichet ends (its last window closed, or *Fichier → Quitter*, which closes the windows
 * without 'window-all-closed'), the app is closed first: the calls still running finish, the last
 * draft a closing window sent among them, then the database closes, then the process quits.
 */
export function closeBeforeQuit(app: QuittingApp, close: () => Promise<void>): void {
  let closing: Promise<void> | undefined;
  let closed = false;
  const closeThenQuit = () => {
    closing ??= close()
      .catch(() => undefined)
      .then(() => {
        closed = true;
        app.quit();
      });
  };
  app.on('window-all-closed', closeThenQuit);
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closeThenQuit();
  });
}
