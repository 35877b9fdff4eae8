import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

export type WebHostProcess = ChildProcessByStdio<null, Readable, Readable>;

/**
 * Guichet's web host started the way a user starts it (`node dist/main/web.cjs`, or the `entry`
 * given) on `dataDir` and a random port: its process, and the URL with the launch token it prints
 * once it serves. If it exits, or says nothing for 15 s (then it is stopped), the error holds what it printed.
 */
export async function launchWebHost(opts: {
  dataDir: string;
  entry?: string;
  cwd?: string;
}): Promise<{ url: string; proc: WebHostProcess }> {
  const proc = spawn(process.execPath, [opts.entry ?? 'dist/main/web.cjs'], {
    cwd: opts.cwd,
    // A test's host syncs when the test says, not on a timer that would run into its steps.
    env: { GUICHET_SYNC_MINUTES: '0', ...process.env, GUICHET_DATA_DIR: opts.dataDir, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`web host did not start: ${out}`));
    }, 15_000);
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/\S+#token=\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}: ${out}`));
    });
  });
  return { url, proc };
}
