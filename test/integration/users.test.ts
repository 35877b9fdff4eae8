import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, makeApp, type TestApp } from '../support/app';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp();
  await t.login();
});
afterEach(() => t.close());

const CLERK = { username: 'zaina', displayName: 'Zaïna Ali', role: 'clerk' as const, password: 'Guichet#26' };

describe('an administrator edits an account', () => {
  it('makes a clerk a supervisor: the clerk’s sessions close and the next one has the new rights', async () => {
    const { id } = await t.addUser(CLERK);
    const admin = t.token;
    await t.login(CLERK.username, CLERK.password);
    const clerkToken = t.token;
    const before = await t.call('maintenance.backupNow', {});
    expect(before.ok || before.error.code).toBe('forbidden');
    t.token = admin;
    const updated = await t.must('users.update', { userId: id, displayName: 'Zaïna Ali', role: 'supervisor' });
    expect(updated.role).toBe('supervisor');
    expect(t.app.services.sessions.find(clerkToken)).toBeNull();
    await t.login(CLERK.username, CLERK.password);
    expect((await t.call('maintenance.backupNow', {})).ok).toBe(true);
    t.token = admin;
    const [entry] = await t.must('audit.list', { action: 'users.update' });
    expect(entry).toMatchObject({ actorName: ADMIN.username, entityId: id });
    expect(entry?.before).toMatchObject({ role: 'clerk' });
    expect(entry?.after).toMatchObject({ role: 'supervisor' });
  });

  it('renames a user without closing their session, which shows the new name', async () => {
    const { id } = await t.addUser(CLERK);
    const admin = t.token;
    await t.login(CLERK.username, CLERK.password);
    const clerkToken = t.token;
    t.token = admin;
    await t.must('users.update', { userId: id, displayName: 'Zaïna Ali Said', role: 'clerk' });
    t.token = clerkToken;
    expect((await t.must('auth.session', {}))?.user.displayName).toBe('Zaïna Ali Said');
  });

  it('refuses an administrator’s own role change at the field, and an empty name', async () => {
    const me = (await t.must('auth.session', {}))!.user;
    const own = await t.call('users.update', { userId: me.id, displayName: me.displayName, role: 'clerk' });
    expect(own.ok || own.error.fields).toEqual({ role: { code: 'own_role' } });
    expect((await t.must('auth.session', {}))?.user.role).toBe('administrator');
    const renamed = await t.must('users.update', { userId: me.id, displayName: 'Awa M.', role: 'administrator' });
    expect(renamed.displayName).toBe('Awa M.');
    const blank = await t.call('users.update', { userId: me.id, displayName: ' ', role: 'administrator' });
    expect(blank.ok || Object.keys(blank.error.fields ?? {})).toEqual(['displayName']);
  });

  it('refuses an administrator’s reset of their own password, which stays as it was', async () => {
    const me = (await t.must('auth.session', {}))!.user;
    const own = await t.call('users.resetPassword', { userId: me.id, password: 'Reprise#2026' });
    expect(own.ok || own.error.fields).toEqual({ password: { code: 'own_password_reset' } });
    await t.login(ADMIN.username, ADMIN.password);
    expect((await t.must('auth.session', {}))?.mustChangePassword).toBe(false);
  });

  it('is an administrator’s only', async () => {
    const { id } = await t.addUser(CLERK);
    await t.addUser({ username: 'chef', displayName: 'Chef', role: 'supervisor', password: 'Visa#2026' });
    await t.login('chef', 'Visa#2026');
    const r = await t.call('users.update', { userId: id, displayName: 'X', role: 'administrator' });
    expect(r.ok || r.error.code).toBe('forbidden');
  });
});

describe('a password containing its user name', () => {
  const refusedAt = (field: string) => ({ [field]: { code: 'password_has_username' } });

  it('is refused at its field when an account is created, whatever the case', async () => {
    for (const [username, password] of [
      ['abcdefgh1', 'Abcdefgh1'],
      ['zaina', 'Zaina#2026'],
      ['ali', '2026#ALIx'],
    ] as const) {
      const r = await t.call('users.create', { username, displayName: 'Zaïna Ali', role: 'clerk', password });
      expect(r.ok || r.error.fields).toEqual(refusedAt('password'));
    }
    expect((await t.must('users.list', {})).map((u) => u.username)).toEqual([ADMIN.username]);
    expect((await t.must('users.create', { ...CLERK, password: 'Guichet#26' })).username).toBe('zaina');
  });

  it('is refused when an administrator resets it and when the user changes it', async () => {
    const { id } = await t.addUser(CLERK);
    const reset = await t.call('users.resetPassword', { userId: id, password: 'Zaina#2027' });
    expect(reset.ok || reset.error.fields).toEqual(refusedAt('password'));
    await t.login(CLERK.username, CLERK.password);
    const change = await t.call('auth.changePassword', { currentPassword: CLERK.password, newPassword: 'MaZAINA#26' });
    expect(change.ok || change.error.fields).toEqual(refusedAt('newPassword'));
    // Neither took effect: the password the user chose still signs in.
    await t.login(CLERK.username, CLERK.password);
    expect((await t.must('auth.session', {}))?.user.username).toBe('zaina');
  });
});
