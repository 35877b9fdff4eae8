// Builds every process: the renderer with Vite, the Node-side entries with esbuild.
// `--if-missing` skips the build when dist/ is already there (npm run web / server).
import { build as esbuild } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const entries = {
  'main/web': 'src-main/web.ts',
  'main/electron': 'src-main/electron/main.ts',
  'main/preload': 'src-main/electron/preload.ts',
  'main/excel-worker': 'src-main/modules/excel/checkWorker.ts',
  'server/server': 'src-server/main.ts',
};

if (
  process.argv.includes('--if-missing') &&
  Object.keys(entries).every((e) => existsSync(`${root}dist/${e}.cjs`)) &&
  existsSync(`${root}dist/renderer/index.html`)
) {
  process.exit(0);
}

const present = Object.fromEntries(Object.entries(entries).filter(([, src]) => existsSync(root + src)));

await Promise.all([
  // No `root` here: an inline root would override vite.config.ts (root = src-renderer).
  viteBuild({ configFile: `${root}vite.config.ts`, logLevel: 'warn' }),
  esbuild({
    absWorkingDir: root,
    entryPoints: present,
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    // Dependencies stay in node_modules: native addons and TypeORM's dynamic requires must not be bundled.
    packages: 'external',
    logLevel: 'warning',
    // rowChecker.ts finds its TypeScript worker through import.meta only when run from source;
    // bundles always name their own worker file, so the empty import.meta is never read.
    logOverride: { 'empty-import-meta': 'silent' },
  }),
]);
