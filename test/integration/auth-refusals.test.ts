import type * as Crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, makeApp, type TestApp } from '../support/app';

// Each scrypt derivation is counted: its cost, not the clock, is what a guesser times.
const derivations = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof Crypto>();
  const scrypt = (...args: Parameters<typeof real.scrypt>) => {
    derivations.count++;
    return (real.scrypt as (...a: unknown[]) => void)(...args);
  };
  return { ...real, default: { ...real, scrypt }, scrypt };
});

let t: TestApp;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

const CLERK = { username: 'zaina', displayName: 'Zaïna Ali', role: 'clerk' as const, password: 'Guichet#26' };
const WRONG = 'Wrong#2026';

/** The scrypt derivations one refused sign-in costs, and the code it was refused with. */
async function refusal(username: string, password = WRONG) {
  const before = derivations.count;
  const r = await t.call('auth.login', { username, password });
  return { code: r.ok ? 'signed_in' : r.error.code, derivations: derivations.count - before };
}

describe('a refused sign-in', () => {
  it('costs one password hash whether the name is unknown, the password wrong, the account locked or disabled', async () => {
    await t.login();
    const { id } = await t.addUser(CLERK);
    await t.addUser({ ...CLERK, username: 'parti', displayName: 'Parti' });
    const gone = (await t.must('users.list', {})).find((u) => u.username === 'parti')!;
    await t.must('users.setDisabled', { userId: gone.id, disabled: true });
    for (let i = 0; i < 5; i++) await t.call('auth.login', { username: CLERK.username, password: WRONG });
    expect((await t.must('users.list', {})).find((u) => u.id === id)?.lockedUntil).toBeTruthy();

    const answers = [
      await refusal('personne'),
      await refusal(ADMIN.username),
      await refusal(CLERK.username),
      // The right password during the lockout is refused like a wrong one, after the same work.
      await refusal(CLERK.username, CLERK.password),
      await refusal('parti'),
      await refusal('parti', CLERK.password),
    ];
    expect(answers).toEqual([
      { code: 'invalid_credentials', derivations: 1 },
      { code: 'invalid_credentials', derivations: 1 },
      { code: 'account_locked', derivations: 1 },
      { code: 'account_locked', derivations: 1 },
      { code: 'account_disabled', derivations: 1 },
      { code: 'account_disabled', derivations: 1 },
    ]);
  });

  it('costs a supervisor’s approval at the counter the same hash when that supervisor is locked out', async () => {
    await t.login();
    await t.addUser({ username: 'chef', displayName: 'Chef', role: 'supervisor', password: 'Visa#2026' });
    for (let i = 0; i < 5; i++) await t.call('auth.login', { username: 'chef', password: WRONG });
    await t.addUser(CLERK);
    await t.login(CLERK.username, CLERK.password);
    const before = derivations.count;
    const r = await t.call('cash.close', {
      day: '2026-03-02',
      countedCash: 0,
      supervisor: { username: 'chef', password: 'Visa#2026' },
    });
    expect(r.ok || r.error.code).toBe('account_locked');
    expect(derivations.count - before).toBe(1);
  });
});

/** SQLite's page limit gives the SQLITE_FULL a full disk gives; the filler takes every free page. */
function fillDisk(): Database.Database {
  const db = (t.app.store.ds.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
  db.exec(`CREATE TABLE filler (x BLOB)`);
  db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
  for (const size of [4096, 512, 64, 8, 1])
    for (;;) {
      try {
        db.prepare(`INSERT INTO filler VALUES (randomblob(?))`).run(size);
      } catch {
        break;
      }
    }
  return db;
}

describe('signing in on a full disk', () => {
  it('is refused as a full disk, right password or wrong, with nothing in the journal, and works once there is room', async () => {
    const db = fillDisk();
    // The journal's last page still had room for a few sign-ins; then one needs a page more.
    let signedIn = 0;
    let refused: Awaited<ReturnType<typeof t.call<'auth.login'>>> | null = null;
    for (let i = 0; i < 50 && !refused; i++) {
      const r = await t.call('auth.login', ADMIN);
      if (r.ok) signedIn++;
      else refused = r;
    }
    expect(refused?.ok || refused?.error.code).toBe('storage_full');
    // A wrong password gets the same answer: the disk, not whether the password was right.
    const wrong = await t.call('auth.login', { username: ADMIN.username, password: WRONG });
    expect(wrong.ok || wrong.error.code).toBe('storage_full');
    db.pragma('max_page_count = 1073741823');
    await t.login();
    // The journal holds the sign-ins that opened a session, and none of the refused ones.
    const entries = await t.must('audit.list', { action: 'auth.login', limit: 100 });
    expect(entries).toHaveLength(signedIn + 1);
    expect((await t.must('audit.verify', {})).ok).toBe(true);
  });

  it('leaves a locked session locked when its unlock cannot be written in the journal', async () => {
    await t.login();
    const db = fillDisk();
    let refused = null;
    for (let i = 0; i < 50 && !refused; i++) {
      t.app.services.sessions.lock(t.token!);
      const r = await t.call('auth.unlock', { password: ADMIN.password });
      if (!r.ok) refused = r.error;
    }
    expect(refused?.code).toBe('storage_full');
    // The screen said the disk was full: the session behind it must not be open either.
    expect((await t.must('auth.session', {}))?.locked).toBe(true);
    expect((await t.call('registrations.list', { limit: 1 })).ok).toBe(false);
    db.pragma('max_page_count = 1073741823');
    expect((await t.must('auth.unlock', { password: ADMIN.password })).locked).toBe(false);
  });
});
