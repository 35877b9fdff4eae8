import type { IpcMainInvokeEvent } from 'electron';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP, isAllowedPermission, isAppUrl, rendererPath, webPreferences } from '../../src-main/electron/security';
import { closeBeforeQuit } from '../../src-main/electron/shutdown';
import { CALL_CHANNEL, serveIpc } from '../../src-main/transports/ipc';

describe('Electron window security', () => {
  it('isolates the page: context isolation, sandbox, no Node', () => {
    expect(webPreferences('/p.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has a CSP without inline or eval scripts and without remote sources', () => {
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).toContain("object-src 'none'");
    expect(CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it('navigates only inside the app origin', () => {
    expect(isAppUrl('app://guichet/index.html#/candidats')).toBe(true);
    expect(isAppUrl('https://example.org/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
  });

  it('grants the webcam to the app only, and nothing else', () => {
    expect(isAllowedPermission('media', 'app://guichet/index.html')).toBe(true);
    expect(isAllowedPermission('media', 'https://evil.example/')).toBe(false);
    expect(isAllowedPermission('geolocation', 'app://guichet/index.html')).toBe(false);
  });

  it('serves files from the renderer folder only', () => {
    expect(rendererPath('/r', 'app://guichet/assets/a.js', join)).toBe('/r/assets/a.js');
    expect(rendererPath('/r', 'app://guichet/', join)).toBe('/r/index.html');
    expect(rendererPath('/r', 'app://guichet/%2e%2e/%2e%2e/etc/passwd', join)).toBe('/r/etc/passwd');
    expect(rendererPath('/r', 'app://guichet/a%2F..%2F..%2Fetc%2Fpasswd', join)).toBeNull();
  });
});

describe('IPC transport', () => {
  function fakeIpc() {
    let handler: ((e: IpcMainInvokeEvent, env: unknown) => Promise<unknown>) | undefined;
    return {
      ipc: { handle: (name: string, fn: typeof handler) => name === CALL_CHANNEL && (handler = fn) },
      invoke: (trusted: boolean, env: unknown) => handler!({ trusted } as unknown as IpcMainInvokeEvent, env),
    };
  }

  it('refuses an untrusted sender before any handler runs, and forwards a trusted call', async () => {
    const calls: unknown[] = [];
    const { ipc, invoke } = fakeIpc();
    serveIpc(
      ipc as never,
      async (channel, input, session) => (calls.push([channel, input, session]), { ok: true, value: 1 }),
      (e) => (e as unknown as { trusted: boolean }).trusted,
    );
    expect(await invoke(false, { channel: 'users.list', input: {}, session: 's' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(calls).toEqual([]);
    expect(await invoke(true, { channel: 'users.list', input: {}, session: 's' })).toEqual({ ok: true, value: 1 });
    expect(calls).toEqual([['users.list', {}, 's']]);
    expect(await invoke(true, { channel: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('ending the app', () => {
  /** Electron's app as far as quitting goes: 'will-quit' can be prevented, quit() emits it again. */
  function fakeApp() {
    const app = Object.assign(new EventEmitter(), {
      quits: 0,
      exited: false,
      quit() {
        app.quits++;
        let prevented = false;
        app.emit('will-quit', { preventDefault: () => (prevented = true) });
        if (!prevented) app.exited = true;
      },
    });
    return app;
  }
  const closing = () => {
    const steps: string[] = [];
    let finish = () => {};
    const close = () => {
      steps.push('close');
      return new Promise<void>((resolve) => (finish = resolve));
    };
    return { steps, close, finish: () => finish() };
  };
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('closes the app before quitting when the menu quits, which closes no window first', async () => {
    const app = fakeApp();
    const c = closing();
    closeBeforeQuit(app, c.close);
    app.quit();
    expect(app.exited).toBe(false);
    expect(c.steps).toEqual(['close']);
    c.finish();
    await turn();
    expect(app.exited).toBe(true);
    expect(c.steps).toEqual(['close']);
  });

  it('closes once when the last window closes, then quits', async () => {
    const app = fakeApp();
    const c = closing();
    closeBeforeQuit(app, c.close);
    app.emit('window-all-closed');
    app.quit();
    expect(app.exited).toBe(false);
    c.finish();
    await turn();
    expect(app.exited).toBe(true);
    expect(c.steps).toEqual(['close']);
  });
});
