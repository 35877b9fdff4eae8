import { extractAll, extractFile, listPackage } from '@electron/asar';
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

export interface Installer {
  /** resources/ of the unpacked Linux app, holding app.asar and app.asar.unpacked. */
  resources: string;
  /** Every path inside app.asar, relative, with forward slashes. */
  files: Set<string>;
  read(path: string): string;
}

/**
 * The Linux app exactly as electron-builder lays it out from electron-builder.yml and the built
 * dist/, with two changes that only this machine needs: Electron's binary is a stand-in (the real
 * one downloads from outside the npm registry) and native addons are not rebuilt for Electron (it
 * downloads Electron's headers). Everything the app is made of comes from the real configuration.
 */
export async function pack(): Promise<Installer> {
  const work = mkdtempSync(join(tmpdir(), 'guichet-installer-'));
  const electronDist = join(work, 'electron');
  mkdirSync(electronDist);
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(electronDist, 'electron'), 0o755);
  await run(
    process.execPath,
    [
      createRequire(join(root, 'package.json')).resolve('electron-builder/cli.js'),
      '--linux',
      'dir',
      `--config.electronDist=${electronDist}`,
      '--config.npmRebuild=false',
      `--config.directories.output=${join(work, 'out')}`,
    ],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
  );
  const resources = join(work, 'out', 'linux-unpacked', 'resources');
  const archive = join(resources, 'app.asar');
  const files = new Set(listPackage(archive, { isPack: false }).map((f) => f.split(sep).join('/').replace(/^\//, '')));
  return { resources, files, read: (path) => extractFile(archive, path).toString('utf8') };
}

/** The archive and its unpacked files in one plain folder, as Electron shows them to the app. */
export function extract(installer: Installer): string {
  const app = mkdtempSync(join(tmpdir(), 'guichet-installed-'));
  extractAll(join(installer.resources, 'app.asar'), app);
  cpSync(join(installer.resources, 'app.asar.unpacked'), app, { recursive: true });
  return app;
}

const packageName = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Packages a bundle loads by name, with `require("…")` or `import("…")`: Node's own modules and Electron left out. */
export function requiredPackages(bundle: string): string[] {
  const names = [...bundle.matchAll(/(?:require|import)\("([^".][^"]*)"\)/g)].map((m) => packageName(m[1]!));
  const builtin = new Set([...builtinModules, 'electron']);
  return [...new Set(names)].filter((n) => !builtin.has(n) && !n.startsWith('node:'));
}

/**
 * Each package, and each dependency of theirs, looked up the way Node looks it up (node_modules
 * folders from the requiring file upwards, inside the app only): what could not be found.
 */
export function missingPackages(app: string, from: string, names: string[]): string[] {
  const missing = new Set<string>();
  const seen = new Set<string>();
  const find = (dir: string, name: string): string | null => {
    for (let d = dir; d.startsWith(app); d = dirname(d)) {
      const candidate = join(d, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
    }
    return null;
  };
  const visit = (dir: string, name: string) => {
    const found = find(dir, name);
    if (!found) return void missing.add(name);
    if (seen.has(found)) return;
    seen.add(found);
    const manifest = JSON.parse(readFileSync(join(found, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(found, dep);
  };
  for (const name of names) visit(from, name);
  return [...missing];
}
