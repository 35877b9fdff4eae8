import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SERVER = 'dist/server/server.cjs';

/**
 * The headquarters server as HQ staff run it (`node dist/server/server.cjs`), on 127.0.0.1 with
 * a SQLite file in a temp folder; stopped and started again on the same port and data.
 */
export function hqServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-e2e-hq-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GUICHET_HQ_DATA_DIR: dataDir,
    GUICHET_HQ_ADMIN_TOKEN: 'e2e-admin-token-0123456789',
  };
  delete env.DATABASE_URL;
  let proc: ChildProcess | null = null;
  let port = 0;

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    async start() {
      const child = spawn(process.execPath, [SERVER], {
        env: { ...env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      proc = child;
      port = await new Promise<number>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`HQ server did not start: ${out}`)), 15_000);
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /Guichet HQ listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
        child.stderr.on('data', (c: Buffer) => (out += c.toString()));
        child.on('exit', (code) => reject(new Error(`HQ server exited with ${code}: ${out}`)));
      });
    },
    async stop() {
      const child = proc;
      proc = null;
      if (!child || child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
    /** An HQ staff command (`enrol-code --office MOR`, `verdict ...`), on the same database. */
    cli(...args: string[]): string {
      return execFileSync(process.execPath, [SERVER, ...args], { env, encoding: 'utf8' }).trim();
    },
    async dispose() {
      await this.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
