import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../../src-main/app/createApp';
import { setupInput } from '../support/app';
import { appendAuditRows } from '../support/auditSeed';
import { launchChromium, timeToFirstPage } from './webHost';

/** A season at one office: candidates and registrations, and the audit rows their saves wrote. */
const CANDIDATES = 200_000;
const AUDIT_ROWS = 1_000_000;
/** One busy day of saves (two audit rows each) between two starts. */
const DAY_ROWS = 4_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function seedRecords(db: Database.Database) {
  const cand = db.prepare(
    `INSERT INTO candidate (id, number, surname, given_names, sex, birth_date, birth_place, nationality, phone, search_name,
       search_text, phonetic_key, version, created_at, updated_at)
     VALUES (?,?,?,?,?,?,'Moroni','KM','+2693331234',?,?,'k',1,'2026-03-02T08:00:00Z','2026-03-02T08:00:00Z')`,
  );
  const reg = db.prepare(
    `INSERT INTO registration (id, candidate_id, number, session_id, exam_code, series_code, category, etablissement_code,
       centre_code, details_json, consent_publish, status, version, created_at, updated_at)
     VALUES (?,?,?,'KM-2026','BEPC',NULL,'scolaire','CMIT','MOR-01','{}',1,'registered',1,'2026-03-02T08:00:00Z','2026-03-02T08:00:00Z')`,
  );
  db.transaction(() => {
    for (let i = 0; i < CANDIDATES; i++) {
      const number = `MORG1-26-${String(i).padStart(7, '0')}`;
      cand.run(`c${i}`, number, 'Ahamada', `Fatima ${i}`, i % 2 ? 'M' : 'F', '2011-05-01', 'ahamada', number);
      reg.run(`r${i}`, `c${i}`, `${number}/001`);
    }
    // The search index a season's saves would have written.
    db.exec(`INSERT INTO candidate_fts (candidate_fts) VALUES ('rebuild')`);
  })();
}

/** A set-up office, then the season written through SQL on the real file (the audit rows chained). */
async function seedSeason(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-'));
  const app = await createApp({ dataDir: dir });
  await app.dispatch('setup.initialize', setupInput, null);
  await app.close();
  const db = new Database(join(dir, 'guichet.sqlite'));
  db.pragma('journal_mode = WAL');
  seedRecords(db);
  for (let done = 0; done < AUDIT_ROWS; done += 100_000) appendAuditRows(db, 100_000, done);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return dir;
}

/** A day's saves since the last start, appended like the others. */
function aDayOfWork(dir: string, day: number) {
  const db = new Database(join(dir, 'guichet.sqlite'));
  appendAuditRows(db, DAY_ROWS, AUDIT_ROWS + day * DAY_ROWS);
  db.close();
}

const timed = async <T>(work: () => Promise<T> | T): Promise<[number, T]> => {
  const t0 = performance.now();
  const out = await work();
  return [performance.now() - t0, out];
};

/** Median of three web starts, each after one more day of work. */
async function webStarts(dir: string): Promise<number> {
  const browser = await launchChromium();
  const runs: number[] = [];
  for (let day = 3; day < 6; day++) {
    aDayOfWork(dir, day);
    // From spawning the web host on the season's data to the sign-in page answering a click.
    runs.push(await timeToFirstPage(browser, dir, 'Nom d’utilisateur'));
  }
  await browser.close();
  return median(runs);
}

export async function benchStartup(): Promise<Record<string, number>> {
  const dir = await seedSeason();
  try {
    const file = join(dir, 'guichet.sqlite');
    const sizeMb = statSync(file).size / 1e6;
    const [quickCheck] = await timed(() => {
      const db = new Database(file, { readonly: true });
      db.pragma('quick_check');
      db.close();
    });
    // The first start after the season was written: nothing of it verified yet.
    const [first, app] = await timed(() => createApp({ dataDir: dir }));
    // The background checks (full walk, then quick_check), run now rather than 10 s later.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const [background] = await timed(() => app.services.maintenance.runBackgroundChecks());
    loop.disable();
    const [fullVerify, full] = await timed(() => app.services.audit.verify());
    if (!full.ok || full.checked < AUDIT_ROWS) throw new Error(`chain: ${JSON.stringify(full)}`);
    await app.close();
    const starts: number[] = [];
    const hashed: number[] = [];
    for (let day = 0; day < 3; day++) {
      aDayOfWork(dir, day);
      const [ms, next] = await timed(() => createApp({ dataDir: dir }));
      starts.push(ms);
      hashed.push(next.services.maintenance.atStart?.checked ?? NaN);
      await next.close();
    }
    const web = await webStarts(dir);
    return {
      startup_season_ms: median(starts),
      startup_season_audit_rows: median(hashed),
      startup_season_first_ms: first,
      startup_quick_check_ms: quickCheck,
      startup_audit_verify_full_ms: fullVerify,
      startup_audit_rows: full.checked,
      startup_db_mb: sizeMb,
      background_checks_ms: background,
      background_loop_delay_p99_ms: loop.percentile(99) / 1e6,
      background_loop_delay_max_ms: loop.max / 1e6,
      web_season_start_ms: web,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
