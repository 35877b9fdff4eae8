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

  it('is an administrator’s only', async () => {
    const { id } = await t.addUser(CLERK);
    await t.addUser({ username: 'chef', displayName: 'Chef', role: 'supervisor', password: 'Chef#2026' });
    await t.login('chef', 'Chef#2026');
    const r = await t.call('users.update', { userId: id, displayName: 'X', role: 'administrator' });
    expect(r.ok || r.error.code).toBe('forbidden');
  });
});
