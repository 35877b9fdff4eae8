// Runs npm scripts side by side and reports each one's output whole, in the order given.
// The checks before the tests (types, lint, format, build) are each one process, mostly on one
// core: one after the other they took a minute and a half of CI on a two-core runner.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (!names.length) {
  console.error('usage: node scripts/together.mjs <npm script>...');
  process.exit(2);
}

const run = (name) =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('error', (e) => out.push(Buffer.from(`${e.message}\n`)));
    child.on('close', (code) => resolve({ name, code, seconds: (Date.now() - started) / 1000, out }));
  });

const results = await Promise.all(names.map(run));
for (const r of results) {
  console.log(`── ${r.name}: ${r.code === 0 ? 'ok' : `failed (${r.code})`} in ${r.seconds.toFixed(1)} s`);
  const text = Buffer.concat(r.out).toString().trimEnd();
  if (text) console.log(text);
}
const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
if (failed.length) {
  console.error(`Failed: ${failed.join(', ')}`);
  process.exit(1);
}
