import { spawn } from 'node:child_process';

/**
 * Runs a fault-suite worker script in its own process and kills it with SIGKILL as soon as its
 * output reports progress `at` (the first group of `progress`), or lets it finish (`at` null).
 * Any other ending is a failure of the worker, with its stderr.
 */
export function runAndKill(
  script: string,
  args: string[],
  progress: RegExp,
  at: number | null,
): Promise<{ killed: boolean; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    const reached = [...out.matchAll(new RegExp(progress, 'g'))].map((m) => Number(m[1]));
    if (at !== null && reached.some((n) => n >= at) && !child.killed) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' || code === 0 ? resolve({ killed: signal === 'SIGKILL', out }) : reject(new Error(err)),
    ),
  );
}
