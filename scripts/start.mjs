// `npm start`: Guichet in Electron when it can be had, otherwise in the browser.
// Electron's install script is disabled (it downloads from outside the npm registry), so the binary
// is fetched here on first run, and better-sqlite3 is rebuilt for Electron's ABI when needed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status === 0;
const marker = `${root}node_modules/.guichet-abi`;

function electronBinary() {
  if (!existsSync(`${root}node_modules/electron/path.txt`)) {
    if (!run(process.execPath, ['node_modules/electron/install.js'])) return null;
  }
  try {
    return require('electron'); // the path to the binary
  } catch {
    return null;
  }
}

function nativeModulesForElectron() {
  const version = JSON.parse(readFileSync(`${root}node_modules/electron/package.json`, 'utf8')).version;
  const wanted = `electron-${version}`;
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return true;
  if (!run('npx', ['--no-install', 'electron-builder', 'install-app-deps'])) return false;
  writeFileSync(marker, wanted);
  return true;
}

function startWebHost() {
  if (!run(process.execPath, ['scripts/build.mjs', '--if-missing'])) process.exit(1);
  spawn(process.execPath, ['dist/main/web.cjs'], { cwd: root, stdio: 'inherit' }).on('exit', (c) =>
    process.exit(c ?? 0),
  );
}

const electron = electronBinary();
if (!electron || !nativeModulesForElectron()) {
  console.log(
    'Electron n’a pas pu être installé sur cette machine (pas d’accès à son serveur de téléchargement) : Guichet démarre dans le navigateur. ' +
      '(Electron could not be installed here, so Guichet starts in the browser.)',
  );
  startWebHost();
} else {
  if (!run(process.execPath, ['scripts/build.mjs', '--if-missing'])) process.exit(1);
  spawn(electron, ['.'], { cwd: root, stdio: 'inherit' }).on('exit', (c) => process.exit(c ?? 0));
}
