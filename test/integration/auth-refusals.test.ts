import type * as Crypto from 'node:crypto';
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
