import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupInput } from '../support/app';
import { BEPC, fillTemplate, pupil, toBase64 } from '../support/excel';
import { launchWebHost, type WebHostProcess } from '../support/webHost';
import { extract, missingPackages, pack, requiredPackages, type Installer } from './pack';

const ENTRIES = ['dist/main/electron.cjs', 'dist/main/preload.cjs', 'dist/main/excel-worker.cjs'];

let installer: Installer;
let app: string;

beforeAll(async () => {
  installer = await pack();
  app = extract(installer);
}, 240_000);

describe('the desktop installer', () => {
  it('starts Electron on the built main process, with its preload, workbook thread and pages', () => {
    const manifest = JSON.parse(installer.read('package.json')) as { main: string };
    expect(manifest.main).toBe('dist/main/electron.cjs');
    for (const file of [...ENTRIES, 'dist/renderer/index.html']) expect(installer.files).toContain(file);
  });

  it('holds every package the desktop process loads, and every package those load', () => {
    const names = ENTRIES.flatMap((e) => requiredPackages(installer.read(e)));
    // Loaded through createRequire to find its fonts, which no bundle names in a require call.
    names.push('pdfmake');
    expect(names).toEqual(expect.arrayContaining(['typeorm', 'better-sqlite3', 'exceljs', 'sharp', 'zod']));
    expect(missingPackages(app, join(app, 'dist', 'main'), names)).toEqual([]);
  });

  it("leaves out headquarters' server, its database and bucket clients, the renderer's libraries and unused locales", () => {
    const packages = ['pg', 'minio', 'vue', 'element-plus', 'chart.js', 'vue-i18n'];
    for (const name of packages) expect(installer.files).not.toContain(`node_modules/${name}/package.json`);
    expect([...installer.files].filter((f) => f.startsWith('dist/server/') || f.endsWith('.map'))).toEqual([]);
    expect(installer.files).not.toContain('node_modules/better-sqlite3/deps/sqlite3/sqlite3.c');
    // Dates are formatted with date-fns's default locale, which stays (loading date-fns below needs it).
    expect(installer.files).not.toContain('node_modules/date-fns/locale/fr.cjs');
    expect(installer.files).not.toContain('node_modules/date-fns/fp/format.cjs');
    expect(installer.files).toContain('node_modules/date-fns/locale/en-US.cjs');
  });

  it('keeps the native addons and sharp’s libvips outside the archive, where they can be loaded', () => {
    const unpacked = join(installer.resources, 'app.asar.unpacked', 'node_modules');
    expect(existsSync(join(unpacked, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    const img = readdirSync(join(unpacked, '@img'));
    expect(img.some((p) => p.startsWith('sharp-libvips-'))).toBe(true);
    const libvips = join(
      unpacked,
      '@img',
      img.find((p) => p.startsWith('sharp-libvips-'))!,
      'lib',
    );
    expect(readdirSync(libvips).some((f) => f.startsWith('libvips-cpp.'))).toBe(true);
  });
});

/** A script run by Node in the installed folder: its exit code and what it printed. */
async function nodeRun(script: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['-e', script], { cwd: app, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, out };
}

/** The web host of the installed files, on its own data folder: the same app the window shows, over HTTP. */
async function startInstalled(): Promise<{
  host: WebHostProcess;
  call: (channel: string, input: unknown) => Promise<unknown>;
  log: string;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-installed-data-'));
  const launched = await launchWebHost({
    entry: join(app, 'dist', 'main', 'web.cjs'),
    dataDir,
    cwd: mkdtempSync(join(tmpdir(), 'guichet-installed-cwd-')),
  });
  const host = launched.proc;
  const url = new URL(launched.url);
  const token = url.hash.replace('#token=', '');
  let session: string | null = null;
  const call = async (channel: string, input: unknown) => {
    const res = await fetch(new URL(`/api/${channel}`, url), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(session ? { 'x-guichet-session': session } : {}),
      },
      body: JSON.stringify({ input }),
    });
    const result = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
    if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
    if (channel === 'auth.login') session = (result.value as { token: string }).token;
    return result.value;
  };
  return { host, call, log: join(dataDir, 'logs', 'guichet.log') };
}

describe('Guichet started from the installed files alone', () => {
  let installed: Awaited<ReturnType<typeof startInstalled>>;
  beforeAll(async () => {
    installed = await startInstalled();
  }, 60_000);
  afterAll(() => {
    installed?.host.kill();
  });

  it('opens its database, builds a school template, checks it in the workbook thread and prints a recap', async () => {
    const { call } = installed;
    await call('setup.initialize', setupInput);
    await call('auth.login', { username: setupInput.adminUsername, password: setupInput.adminPassword });
    const template = (await call('excel.template', BEPC)) as { base64: string };
    const filled = await toBase64(await fillTemplate(template.base64, [pupil(0)]));
    const preview = (await call('excel.preview', { ...BEPC, fileBase64: filled })) as { valid: number };
    expect(preview.valid).toBe(1);
    const recap = (await call('printing.recap', { day: '2026-11-27' })) as { pdfBase64: string };
    expect(Buffer.from(recap.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('copies its write-ahead log back into the database file on a thread of its own', async () => {
    // The saves of the test above are followed by a checkpoint within a second; the thread says so once.
    const logged = () => (existsSync(installed.log) ? readFileSync(installed.log, 'utf8') : '');
    const end = Date.now() + 10_000;
    while (!logged().includes('checkpoints run on their own thread') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 100));
    expect(logged()).toContain('checkpoints run on their own thread');
    expect(logged()).not.toContain('background checkpoint failed');
  });

  it('loads every package its processes name, from the installed files alone', async () => {
    const names = ENTRIES.flatMap((e) => requiredPackages(installer.read(e)))
      // electron-updater loads Electron's own module as it starts, which only Electron has.
      .filter((n) => n !== 'electron-updater');
    const from = join(app, 'dist', 'main', 'electron.cjs');
    const script = `const { createRequire } = require('node:module');
      const { pathToFileURL } = require('node:url');
      const resolve = createRequire(${JSON.stringify(from)}).resolve;
      Promise.all(${JSON.stringify([...new Set(names)])}.map((n) => import(pathToFileURL(resolve(n)).href)))
        .then(() => process.stdout.write('loaded'));`;
    expect(await nodeRun(script)).toEqual({ code: 0, out: 'loaded' });
  });

  it('reads a photo with the sharp it carries', async () => {
    const script = `require(${JSON.stringify(join(app, 'node_modules', 'sharp'))})({ create: { width: 2, height: 2, channels: 3, background: '#fff' } }).png().toBuffer().then((b) => process.stdout.write(String(b.length)))`;
    const { code, out } = await nodeRun(script);
    expect(code).toBe(0);
    expect(Number(out)).toBeGreaterThan(0);
  });
});
