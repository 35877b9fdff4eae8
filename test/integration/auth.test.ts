import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, makeApp, type TestApp } from '../support/app';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

describe('login', () => {
  it('signs in with the right password and names the office', async () => {
    await t.login();
    const s = await t.must('auth.session', {});
    expect(s?.user.role).toBe('administrator');
    expect(s?.office.code).toBe('MOR');
    expect(s?.workstation.code).toBe('G1');
  });

  it('puts the wrong-password message on the password field', async () => {
    const r = await t.call('auth.login', { username: ADMIN.username, password: 'Wrong#2026' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials', fields: { password: { code: 'invalid_credentials' } } },
    });
  });

  it('gives the same answer for an unknown user name', async () => {
    const r = await t.call('auth.login', { username: 'nobody', password: 'Wrong#2026' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
  });

  it('locks the account for 5 minutes after 5 failures, even with the right password', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await t.call('auth.login', { username: ADMIN.username, password: 'Wrong#2026' });
      expect(r.ok || r.error.code).toBe('invalid_credentials');
    }
    const fifth = await t.call('auth.login', { username: ADMIN.username, password: 'Wrong#2026' });
    expect(fifth.ok || fifth.error.code).toBe('account_locked');
    const right = await t.call('auth.login', ADMIN);
    expect(right.ok || right.error.code).toBe('account_locked');
    t.clock.advance(5 * 60_000 + 1000);
    expect((await t.call('auth.login', ADMIN)).ok).toBe(true);
  });

  it('audits failures and the lockout', async () => {
    for (let i = 0; i < 5; i++) await t.call('auth.login', { username: ADMIN.username, password: 'Wrong#2026' });
    t.clock.advance(6 * 60_000);
    await t.login();
    const actions = (await t.must('audit.list', { entity: 'user', limit: 50 })).map((e) => e.action);
    expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(5);
    expect(actions).toContain('auth.account_locked');
  });

  it('shows the administrator each account’s last sign-in, and none for an account never used', async () => {
    const CLERK = { username: 'clerk1', displayName: 'Zaïna Ali', role: 'clerk' as const, password: 'Donne#2026' };
    await t.login();
    const { id } = await t.addUser(CLERK);
    const fresh = await t.must('users.create', {
      username: 'dormant',
      displayName: 'Jamais venu',
      role: 'clerk',
      password: 'Sommeil#2026',
    });
    t.clock.set(new Date('2026-03-03T07:15:00Z'));
    await t.login(CLERK.username, CLERK.password);
    // A wrong password is no sign-in.
    t.clock.set(new Date('2026-03-04T09:00:00Z'));
    await t.call('auth.login', { username: CLERK.username, password: 'Wrong#2026' });
    await t.login();
    const users = await t.must('users.list', {});
    expect(users.find((u) => u.id === id)?.lastLoginAt).toBe('2026-03-03T07:15:00.000Z');
    expect(users.find((u) => u.id === fresh.id)?.lastLoginAt).toBeNull();
    expect(users.find((u) => u.username === ADMIN.username)?.lastLoginAt).toBe('2026-03-04T09:00:00.000Z');
  });
});

describe('changing one’s own password', () => {
  const CLERK = { username: 'clerk1', password: 'Clerk#2026' };

  it('takes the new password for the next login, keeps this session and closes the others', async () => {
    await t.login();
    await t.addUser({ ...CLERK, displayName: 'Zaïna Ali', role: 'clerk' });
    await t.login(CLERK.username, CLERK.password);
    const other = t.token;
    await t.login(CLERK.username, CLERK.password);
    await t.must('auth.changePassword', { currentPassword: CLERK.password, newPassword: 'Nouveau#2026' });
    expect(await t.must('auth.session', {})).not.toBeNull();
    expect(t.app.services.sessions.find(other)).toBeNull();
    const old = await t.call('auth.login', CLERK);
    expect(old.ok || old.error.code).toBe('invalid_credentials');
    await t.login(CLERK.username, 'Nouveau#2026');
    await t.login();
    const [entry] = await t.must('audit.list', { action: 'auth.password_changed' });
    expect(entry).toMatchObject({ actorName: CLERK.username, before: null, after: null });
  });

  it('refuses a wrong current password at its field, counting it towards the lockout, and a weak or unchanged one', async () => {
    await t.login();
    const weak = await t.call('auth.changePassword', { currentPassword: ADMIN.password, newPassword: 'faible' });
    expect(weak.ok || Object.keys(weak.error.fields ?? {})).toEqual(['newPassword']);
    const same = await t.call('auth.changePassword', { currentPassword: ADMIN.password, newPassword: ADMIN.password });
    expect(same.ok || same.error.fields).toEqual({ newPassword: { code: 'password_unchanged' } });
    for (let i = 0; i < 5; i++) {
      const wrong = await t.call('auth.changePassword', { currentPassword: 'Wrong#2026', newPassword: 'Nouveau#2026' });
      if (i < 4) expect(wrong.ok || wrong.error.fields).toEqual({ currentPassword: { code: 'invalid_credentials' } });
    }
    expect(await t.call('auth.session', {})).toEqual({ ok: true, value: null });
    const locked = await t.call('auth.login', ADMIN);
    expect(locked.ok || locked.error.code).toBe('account_locked');
  });
});

describe('a password an administrator set', () => {
  const CLERK = { username: 'clerk1', displayName: 'Zaïna Ali', role: 'clerk' as const, password: 'Donne#2026' };

  it('lets its user do nothing but replace it, then everything their role allows', async () => {
    await t.login();
    const created = await t.must('users.create', CLERK);
    expect(created.mustChangePassword).toBe(true);
    await t.login(CLERK.username, CLERK.password);
    expect((await t.must('auth.session', {}))?.mustChangePassword).toBe(true);
    // Refused in src-main, whatever the screens show.
    const search = await t.call('candidates.search', { query: 'Ali' });
    expect(search.ok || search.error.code).toBe('password_change_required');
    expect((await t.call('auth.lock', {})).ok).toBe(true);
    await t.must('auth.unlock', { password: CLERK.password });
    await t.must('auth.changePassword', { currentPassword: CLERK.password, newPassword: 'Mien#2026' });
    expect((await t.must('auth.session', {}))?.mustChangePassword).toBe(false);
    expect((await t.call('candidates.search', { query: 'Ali' })).ok).toBe(true);
    await t.login(CLERK.username, 'Mien#2026');
    expect((await t.must('auth.session', {}))?.mustChangePassword).toBe(false);
  });

  it('is one again after a reset, and the administrator sees which accounts hold one', async () => {
    await t.login();
    const { id } = await t.addUser(CLERK);
    expect((await t.must('users.list', {})).find((u) => u.id === id)?.mustChangePassword).toBe(false);
    await t.must('users.resetPassword', { userId: id, password: 'Reprise#2026' });
    expect((await t.must('users.list', {})).find((u) => u.id === id)?.mustChangePassword).toBe(true);
    await t.login(CLERK.username, 'Reprise#2026');
    const list = await t.call('registrations.list', {});
    expect(list.ok || list.error.code).toBe('password_change_required');
    // The administrator's own account, typed at set-up, needs no change.
    await t.login();
    expect((await t.must('auth.session', {}))?.mustChangePassword).toBe(false);
  });

  it('cannot approve at the counter under a supervisor’s name', async () => {
    await t.login();
    await t.must('users.create', { username: 'chef', displayName: 'Chef', role: 'supervisor', password: 'Visa#2026' });
    await t.addUser(CLERK);
    await t.login(CLERK.username, CLERK.password);
    const { registration } = await t.must('registrations.submit', bacSubmission(0));
    const exempt = {
      registrationId: registration.id,
      mode: 'exempt' as const,
      exemptionReason: 'Pupille de la nation',
      supervisor: { username: 'chef', password: 'Visa#2026' },
    };
    const refused = await t.call('payments.take', exempt);
    expect(refused.ok || refused.error.fields).toEqual({ 'supervisor.password': { code: 'provisional_password' } });
    await t.login('chef', 'Visa#2026');
    await t.must('auth.changePassword', { currentPassword: 'Visa#2026', newPassword: 'Visa#2027' });
    await t.login(CLERK.username, CLERK.password);
    const taken = await t.must('payments.take', { ...exempt, supervisor: { username: 'chef', password: 'Visa#2027' } });
    expect(taken.mode).toBe('exempt');
  });
});

describe('idle lock', () => {
  it('locks the session after the idle time and unlocks it with the same password, keeping the token', async () => {
    await t.login();
    const token = t.token;
    t.clock.advance(11 * 60_000);
    const r = await t.call('users.list', {});
    expect(r.ok || r.error.code).toBe('session_locked');
    const wrong = await t.call('auth.unlock', { password: 'Nope#1234' });
    expect(wrong.ok || wrong.error.code).toBe('invalid_credentials');
    const unlocked = await t.must('auth.unlock', { password: ADMIN.password });
    expect(unlocked.token).toBe(token);
    expect((await t.call('users.list', {})).ok).toBe(true);
  });

  it('follows the idle setting', async () => {
    await t.login();
    await t.must('settings.update', { idleLockMinutes: 2 });
    t.clock.advance(3 * 60_000);
    const r = await t.call('settings.get', {});
    expect(r.ok || r.error.code).toBe('session_locked');
  });
});

describe('office settings', () => {
  it('tells the screens the office’s country, which must be a country', async () => {
    await t.login();
    expect((await t.must('auth.session', {}))?.country).toBe('KM');
    const wrong = await t.call('settings.update', { officeCountry: 'ZZ' });
    expect(wrong.ok || wrong.error.fields).toEqual({
      officeCountry: expect.objectContaining({ code: 'country_unknown' }),
    });
    await t.must('settings.update', { officeCountry: 'MA' });
    expect((await t.must('auth.session', {}))?.country).toBe('MA');
  });

  it('starts with the default for a setting this version refuses, keeping the others', async () => {
    await t.login();
    await t.must('settings.update', { officeCountry: 'MA', idleLockMinutes: 30 });
    // Any two letters passed before countries were checked.
    await t.app.store.em.query(`UPDATE setting SET value_json = '"ZZ"' WHERE key = 'officeCountry'`);
    t = await t.restart();
    await t.login();
    expect(await t.must('settings.get', {})).toMatchObject({ officeCountry: 'KM', idleLockMinutes: 30 });
  });
});

describe('roles', () => {
  it('refuses administration to a clerk in src-main', async () => {
    await t.login();
    await t.addUser({
      username: 'clerk1',
      displayName: 'Guichetier',
      role: 'clerk',
      password: 'Clerk#2026',
    });
    await t.login('clerk1', 'Clerk#2026');
    const r = await t.call('users.list', {});
    expect(r.ok || r.error.code).toBe('forbidden');
  });

  it('refuses everything but public channels without a session', async () => {
    const r = await t.call('users.list', {});
    expect(r.ok || r.error.code).toBe('unauthenticated');
  });
});
