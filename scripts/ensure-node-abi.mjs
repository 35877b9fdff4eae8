// Before tests: if `npm start` rebuilt better-sqlite3 for Electron, rebuild it for this Node.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const marker = `${root}node_modules/.guichet-abi`;
if (existsSync(marker) && readFileSync(marker, 'utf8').startsWith('electron-')) {
  const ok = spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit' }).status === 0;
  if (!ok) process.exit(1);
  writeFileSync(marker, `node-${process.versions.modules}`);
}
