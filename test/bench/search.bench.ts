import type { Database } from 'better-sqlite3';
import { fakerAR, fakerFR } from '@faker-js/faker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normaliseName, phoneticKey } from '../../shared/domain/names';
import { createApp } from '../../src-main/app/createApp';
import { searchText } from '../../src-main/modules/candidates/search';
import { bacSubmission } from '../support/submissions';
import { setupInput } from '../support/app';

const N = 200_000;
const SEARCHES = 1_000;
const COMORIAN = [
  'Abdérémane',
  'Saïd',
  'Mohamed',
  'Ahamada',
  'Soilihi',
  'Mzé',
  'Toybou',
  'Msaidié',
  'Halidi',
  'Djoumoi',
  'Madi',
  'Youssouf',
];

/** Birth dates spread over ten years, as in a real session's candidates. */
const birthDate = (i: number) =>
  new Date(Date.UTC(1998, 0, 1) + ((i * 7919) % 3650) * 86_400_000).toISOString().slice(0, 10);

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

function name(i: number): [string, string] {
  const pick = i % 3;
  if (pick === 0) return [fakerFR.person.lastName(), fakerFR.person.firstName()];
  if (pick === 1) return [fakerAR.person.lastName(), fakerAR.person.firstName()];
  return [COMORIAN[i % COMORIAN.length]!, COMORIAN[(i * 7) % COMORIAN.length]!];
}

/** Inserts through SQL in one transaction: the bench measures search, not 200,000 wizard saves. */
async function seed(app: Awaited<ReturnType<typeof createApp>>) {
  fakerFR.seed(42);
  fakerAR.seed(42);
  const db = app.store.ds.driver as unknown as { databaseConnection: Database };
  const sqlite = db.databaseConnection;
  const insert = sqlite.prepare(
    `INSERT INTO candidate (id, number, surname, given_names, sex, birth_date, birth_place, nationality, search_name,
       search_text, phonetic_key, version, created_at, updated_at)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,1,'2026-01-01','2026-01-01')`,
  );
  // As a save does: the row, then its search entry (no trigger indexes a new candidate).
  const index = sqlite.prepare(`INSERT INTO candidate_fts (rowid, search_text) VALUES (?, ?)`);
  sqlite.transaction(() => {
    for (let i = 0; i < N; i++) {
      const [surname, given] = name(i);
      const number = `BENCH-26-${String(i).padStart(7, '0')}`;
      const text = searchText({ surname, givenNames: given, number, idNumber: null, phone: null, phoneNational: null });
      const { lastInsertRowid } = insert.run(
        `b-${i}`,
        number,
        surname,
        given,
        i % 2 ? 'M' : 'F',
        birthDate(i),
        'Moroni',
        'KM',
        normaliseName(`${surname} ${given}`),
        text,
        phoneticKey(`${surname} ${given}`),
      );
      index.run(lastInsertRowid, text);
    }
  })();
  return sqlite;
}

export async function benchSearch(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-'));
  const app = await createApp({ dataDir: dir });
  try {
    await app.dispatch('setup.initialize', setupInput, null);
    const sqlite = await seed(app);
    const queries = Array.from({ length: SEARCHES }, (_, i) => {
      const [s, g] = name(i * 13);
      return i % 2 ? normaliseName(s).slice(0, 5) : `${normaliseName(s)} ${normaliseName(g).slice(0, 3)}`;
    });
    const bare = sqlite.prepare(
      `SELECT c.id, c.number, c.surname, c.given_names FROM candidate_fts f JOIN candidate c ON c.rowid = f.rowid
        WHERE candidate_fts MATCH ? ORDER BY f.rowid DESC LIMIT 20`,
    );
    const matchOf = (q: string) =>
      q
        .split(' ')
        .map((w) => `"${w}"*`)
        .join(' ');
    // Ours and the bare query one after the other for each search, so that a busy moment of the
    // machine (the benches before this one leave Chromium and GC behind) weighs on both alike.
    const ours: number[] = [];
    const raw: number[] = [];
    for (const q of queries) {
      let t0 = performance.now();
      await app.services.candidates.search(q, 20);
      ours.push(performance.now() - t0);
      const match = matchOf(q);
      t0 = performance.now();
      bare.all(match);
      raw.push(performance.now() - t0);
    }

    const login = await app.dispatch(
      'auth.login',
      { username: setupInput.adminUsername, password: setupInput.adminPassword },
      null,
    );
    const token = login.ok ? (login.value as { token: string }).token : null;
    const saves: number[] = [];
    for (let i = 0; i < 200; i++) {
      const input = bacSubmission(i);
      const t0 = performance.now();
      const r = await app.dispatch('registrations.submit', input, token);
      saves.push(performance.now() - t0);
      if (!r.ok) throw new Error(`save failed: ${JSON.stringify(r.error)}`);
    }
    return {
      search_p95_ms_200k: p95(ours),
      search_fts5_bare_p95_ms: p95(raw),
      search_ratio_vs_fts5: p95(ours) / p95(raw),
      save_registration_p95_ms: p95(saves),
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
