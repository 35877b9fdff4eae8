import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Electronegativity's checks, written as tests over our own sources so they run inside `npm test`
 * with no extra toolchain. Each check names the electronegativity rule it stands for; the
 * behaviour itself (CSP, webPreferences, navigation, permissions) is tested in electron.test.ts.
 */
const dir = 'src-main/electron';
const sources = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
);
const all = Object.values(sources).join('\n');
const main = sources['main.ts']!;
const preload = sources['preload.ts']!;

describe('Electron security audit (electronegativity rules)', () => {
  it.each([
    ['NODE_INTEGRATION_JS_CHECK', /nodeIntegration\w*:\s*true/],
    ['CONTEXT_ISOLATION_JS_CHECK', /contextIsolation:\s*false/],
    ['SANDBOX_JS_CHECK', /sandbox:\s*false/],
    ['WEB_SECURITY_JS_CHECK', /webSecurity:\s*false/],
    ['INSECURE_CONTENT_JS_CHECK', /allowRunningInsecureContent:\s*true/],
    ['EXPERIMENTAL_FEATURES_JS_CHECK', /experimentalFeatures:\s*true/],
    ['BLINK_FEATURES_JS_CHECK', /enableBlinkFeatures/],
    ['WEBVIEW_TAG', /webviewTag:\s*true|<webview/],
    ['CUSTOM_ARGUMENTS_JS_CHECK', /appendSwitch\(['"](disable-web-security|ignore-certificate-errors|no-sandbox)/],
    ['HTTP_RESOURCES_JS_CHECK', /loadURL\(\s*['"`]http:/],
    ['CERTIFICATE_ERROR_EVENT_JS_CHECK', /on\(\s*['"]certificate-error['"]/],
    ['DANGEROUS_FUNCTIONS_JS_CHECK', /\beval\(|new Function\(/],
    ['OPEN_EXTERNAL_JS_CHECK', /shell\.openExternal/],
    ['REMOTE_MODULE_JS_CHECK', /@electron\/remote|enableRemoteModule/],
  ])('%s: no match in src-main/electron', (_rule, pattern) => {
    expect(all).not.toMatch(pattern);
  });

  it('LIMIT_NAVIGATION_GLOBAL_CHECK: navigation, redirects, webviews and new windows are refused for every web contents', () => {
    expect(main).toMatch(/on\('web-contents-created'/);
    expect(main).toMatch(/'will-navigate'.*isAppUrl/);
    expect(main).toMatch(/'will-redirect'.*isAppUrl/);
    expect(main).toMatch(/'will-attach-webview'.*preventDefault/);
    expect(main).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
  });

  it('PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK: permissions go through our allow-list', () => {
    expect(main).toMatch(/setPermissionRequestHandler\([\s\S]{0,200}isAllowedPermission/);
  });

  it('date fields read day first: the window runs in French whatever the language of the system', () => {
    expect(main).toMatch(/appendSwitch\('lang', UI_LOCALE\)[\s\S]*app\.whenReady\(\)/);
  });

  it('CSP_GLOBAL_CHECK: every app:// response carries our CSP', () => {
    expect(main).toMatch(/headers\.set\('content-security-policy', CSP\)/);
  });

  it('PRELOAD_JS_CHECK: the preload exposes one function and never ipcRenderer itself', () => {
    expect(preload.match(/exposeInMainWorld/g)).toHaveLength(1);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/);
    expect(preload).not.toMatch(/ipcRenderer\.(on|send|sendSync)\(/);
  });

  it('IPC senders are validated before dispatch', () => {
    expect(main).toMatch(/serveIpc\(ipcMain, [^,]+, \(event\) =>[\s\S]*event\.sender === window\.webContents/);
  });

  it('one instance per data directory', () => {
    expect(main).toMatch(/requestSingleInstanceLock\(\)/);
  });
});
