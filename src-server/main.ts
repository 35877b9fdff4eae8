import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildServer } from './app';
import { CLI_USAGE, runCli } from './cli';
import { openHqDataSource } from './db/dataSource';
import { s3FromEnv } from './modules/s3Blobs';

/**
 * `npm run server`: the headquarters server. Behind a TLS-terminating reverse proxy in production.
 *   GUICHET_HQ_DATA_DIR     data folder (SQLite file and stored scans), default ./.guichet-hq
 *   GUICHET_HQ_S3_ENDPOINT  scans in this S3-compatible storage instead, for several instances; with
 *                           GUICHET_HQ_S3_BUCKET, _ACCESS_KEY, _SECRET_KEY and optional _REGION, _PREFIX
 *   DATABASE_URL            PostgreSQL instead of SQLite
 *   GUICHET_HQ_REPLICA_URLS with DATABASE_URL: its streaming replicas, comma-separated, for the reads
 *                           workstations poll (catalogue, verdicts, pre-registrations)
 *   GUICHET_HQ_ADMIN_TOKEN  required: HQ staff token for /admin routes
 *   HOST, PORT              default 127.0.0.1:8787
 *   GUICHET_HQ_RATE_LIMIT   requests per minute per workstation, default 600
 *   GUICHET_HQ_LOG=off      no request logs (benchmarks)
 * With a command (`enrol-code --office MOR`, `verdict ...`, see CLI_USAGE) it does that one
 * administrative task on the same database and exits.
 */
async function main() {
  const [command = 'serve', ...args] = process.argv.slice(2);
  if (command === 'help' || command === '--help') return void process.stdout.write(`${CLI_USAGE}\n`);
  const dataDir = process.env.GUICHET_HQ_DATA_DIR ?? join(process.cwd(), '.guichet-hq');
  mkdirSync(dataDir, { recursive: true });
  const s3 = s3FromEnv(process.env);
  const ds = await openHqDataSource({ sqliteFile: join(dataDir, 'hq.sqlite'), postgresUrl: process.env.DATABASE_URL });
  if (command !== 'serve') {
    try {
      // Progress on a terminal only: scripts reading the output get the summary line alone.
      const progress = process.stderr.isTTY ? (line: string) => void process.stderr.write(`${line}\r`) : undefined;
      const ctx = { filesDir: join(dataDir, 'files'), s3, progress };
      process.stdout.write(`${await runCli(ds, command, args, new Date(), ctx)}\n`);
    } finally {
      await ds.destroy();
    }
    return;
  }
  const replicaUrls = (process.env.GUICHET_HQ_REPLICA_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (replicaUrls.length && !process.env.DATABASE_URL)
    throw new Error('GUICHET_HQ_REPLICA_URLS needs DATABASE_URL: replicas copy a PostgreSQL primary');
  const adminToken = process.env.GUICHET_HQ_ADMIN_TOKEN;
  if (!adminToken || adminToken.length < 16) throw new Error('Set GUICHET_HQ_ADMIN_TOKEN (16 characters or more)');
  const app = await buildServer({
    ds,
    filesDir: join(dataDir, 'files'),
    s3,
    replicaUrls,
    adminToken,
    logger: process.env.GUICHET_HQ_LOG !== 'off',
    rateLimitPerMinute: Number(process.env.GUICHET_HQ_RATE_LIMIT ?? 600) || 600,
  });
  const address = await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 8787) });
  // One plain line besides the JSON logs, so scripts (and the e2e) can read the port chosen for PORT=0.
  process.stdout.write(`Guichet HQ listening on ${address}\n`);
  const stop = async () => {
    await app.close();
    await ds.destroy();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
