import type { WebPreferences } from 'electron';

/** The app's own origin: pages come from the `app://` protocol, never from file:// or the network. */
export const APP_ORIGIN = 'app://guichet';

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  // The dossier's PDF preview: an iframe on a blob: URL the page made from bytes src-main sent.
  'frame-src blob:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

export const isAppUrl = (url: string) => {
  try {
    return new URL(url).origin === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
};

/** Everything is refused but the webcam (exam photo) and writing to the clipboard. */
export const ALLOWED_PERMISSIONS = new Set(['media', 'clipboard-sanitized-write']);
export const isAllowedPermission = (permission: string, requestingUrl: string) =>
  ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);

/** Maps an app:// URL to a file inside the renderer folder; anything that escapes it is refused. */
export function rendererPath(rendererDir: string, url: string, join: (...p: string[]) => string): string | null {
  const { pathname } = new URL(url);
  const clean = decodeURIComponent(pathname).replace(/^\/+/, '') || 'index.html';
  if (clean.split('/').some((part) => part === '..' || part.includes('\\'))) return null;
  return join(rendererDir, clean);
}

/** Chromium's own locale for the window: the format of date and number fields, the spell-checker. */
export const UI_LOCALE = 'fr-FR';
