import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { bacSubmission } from '../support/submissions';

const open: TestApp[] = [];
const app = async (...args: Parameters<typeof makeApp>) => {
  const t = await makeApp(...args);
  open.push(t);
  return t;
};
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

describe('input validation at the boundary', () => {
  it('answers invalid_input with per-field codes, and the service never runs', async () => {
    const t = await app();
    await t.login();
    const r = await t.call('users.create', {
      username: 'zaïna ali',
      displayName: '',
      role: 'boss',
      password: 'x',
    } as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(Object.keys(r.error.fields ?? {})).toEqual(expect.arrayContaining(['username', 'role', 'password']));
    expect(await t.app.store.em.query(`SELECT COUNT(*) AS n FROM user`)).toEqual([{ n: 1 }]);
  });
});

describe('audit chain', () => {
  it('verifies a clean log and names the first row that was altered', async () => {
    const t = await app();
    await t.login();
    await t.must('registrations.submit', bacSubmission(1));
    await t.must('registrations.submit', bacSubmission(2));
    const clean = await t.must('audit.verify', {});
    expect(clean).toMatchObject({ ok: true, brokenAt: null });
    expect(clean.checked).toBeGreaterThan(3);

    const [row] = (await t.app.store.em.query(
      `SELECT seq FROM audit_log WHERE action = 'registrations.submit' ORDER BY seq LIMIT 1`,
    )) as { seq: number }[];
    await t.app.store.em.query(`UPDATE audit_log SET after_json = replace(after_json, 'Abd', 'Xbd') WHERE seq = ?`, [
      row!.seq,
    ]);
    expect(await t.must('audit.verify', {})).toMatchObject({ ok: false, brokenAt: row!.seq });
  });

  it('detects a deleted row', async () => {
    const t = await app();
    await t.login();
    await t.must('registrations.submit', bacSubmission(1));
    const [row] = (await t.app.store.em.query(`SELECT MIN(seq) AS seq FROM audit_log WHERE seq > 1`)) as {
      seq: number;
    }[];
    await t.app.store.em.query(`DELETE FROM audit_log WHERE seq = ?`, [row!.seq]);
    expect((await t.must('audit.verify', {})).ok).toBe(false);
  });
});

describe('numbers across workstations', () => {
  it('two workstations of one office, offline all day, never hand out the same number', async () => {
    const g1 = await app({ setupOverride: { workstationCode: 'G1' } });
    const g2 = await app({ setupOverride: { workstationCode: 'G2' } });
    await g1.login();
    await g2.login();
    const numbers = new Set<string>();
    for (let i = 1; i <= 15; i++) {
      for (const t of [g1, g2]) {
        const saved = await t.must('registrations.submit', bacSubmission(i));
        numbers.add(saved.candidate.number).add(saved.registration.number);
      }
    }
    expect(numbers.size).toBe(60);
    expect([...numbers].filter((n) => n.startsWith('MORG1-')).length).toBe(30);
  });

  it('carries on the sequence after a restart', async () => {
    const t = await app();
    await t.login();
    const first = await t.must('registrations.submit', bacSubmission(1));
    await t.restart();
    await t.login();
    const second = await t.must('registrations.submit', bacSubmission(2));
    expect(first.candidate.number.slice(0, 15)).toBe('MORG1-26-000001');
    expect(second.candidate.number.slice(0, 15)).toBe('MORG1-26-000002');
  });
});
