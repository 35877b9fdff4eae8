import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src-server/cli';
import { makeApp, type TestApp } from '../support/app';
import { startHqWithMoroni } from '../support/hq';
import { conversionOf, preregFixture } from '../support/prereg';
import { enrolAndSync } from '../support/syncRun';

let hq: Awaited<ReturnType<typeof startHqWithMoroni>>;
const apps: TestApp[] = [];

async function workstation(code = 'G1') {
  const t = await makeApp({ setupOverride: { workstationCode: code } });
  apps.push(t);
  await t.login();
  const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
  await enrolAndSync(t, hq.url, json.code as string);
  return t;
}

function file(data: unknown) {
  const path = join(mkdtempSync(join(tmpdir(), 'guichet-prereg-')), 'prereg.json');
  writeFileSync(path, JSON.stringify(data));
  return path;
}
const importFile = (data: unknown) => runCli(hq.ds, 'import-prereg', ['--file', file(data)]);

beforeEach(async () => {
  hq = await startHqWithMoroni();
});
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  await hq.close();
});

describe('pre-registrations at headquarters', () => {
  it('refuses a file with malformed rows whole, naming each row, and imports a good file once', async () => {
    const bad = [
      preregFixture(1),
      { ...preregFixture(2), number: 'PRE-2026-2' },
      preregFixture(3, { identity: { ...preregFixture(3).identity, birthDate: '12/04/2007' } }),
      preregFixture(1),
    ];
    const err = await importFile(bad).catch((e: Error) => e.message);
    expect(err).toMatch(/^3 errors; nothing imported/);
    expect(err).toMatch(/row 2 \(PRE-2026-2\): number/);
    expect(err).toMatch(/row 3 \(PRE-26-000003\): identity\.birthDate/);
    expect(err).toMatch(/row 4 \(PRE-26-000001\): number: given twice/);
    expect(await hq.count('hq_prereg')).toBe(0);
    await expect(runCli(hq.ds, 'import-prereg', ['--file', join(tmpdir(), 'missing-prereg.json')])).rejects.toThrow(
      /not a readable JSON file/,
    );

    expect(await importFile([preregFixture(1), preregFixture(2)])).toBe('2 pre-registrations imported, 0 already held');
    expect(await importFile({ preregistrations: [preregFixture(2), preregFixture(3)] })).toBe(
      '1 pre-registration imported, 1 already held',
    );
    expect(await hq.count('hq_prereg')).toBe(3);
  });
});

describe('pre-registrations at the counter', () => {
  it('pulls those of the office’s region with the sync, and finds them by number, name or ID number', async () => {
    await hq.admin('/admin/offices', { code: 'MUT', name: 'Office de Mutsamudu', region: 'Ndzuani' });
    await importFile([
      preregFixture(1, { identity: { ...preregFixture(1).identity, surname: 'Abdérémane' } }),
      preregFixture(2),
      preregFixture(3, { region: 'Ndzuani' }),
      preregFixture(4, { officeCode: 'FOM' }),
    ]);
    const t = await workstation();
    const byNumber = await t.must('prereg.search', { query: 'pre-26-000001' });
    expect(byNumber.map((p) => p.identity.surname)).toEqual(['Abdérémane']);
    expect((await t.must('prereg.search', { query: 'abderemane fatima' })).map((p) => p.number)).toEqual([
      'PRE-26-000001',
    ]);
    expect((await t.must('prereg.search', { query: 'KM9000002' })).map((p) => p.number)).toEqual(['PRE-26-000002']);
    // Another region's, and one meant for another office of the region, never reach this counter.
    expect(await t.must('prereg.search', { query: 'PRE-26-000003' })).toEqual([]);
    expect(await t.must('prereg.search', { query: 'PRE-26-000004' })).toEqual([]);
    // Imported later: reaches the counter at the next run, once.
    await importFile([preregFixture(5)]);
    await t.must('sync.now', {});
    await t.must('sync.now', {});
    expect((await t.must('prereg.search', { query: 'fatima' })).length).toBe(3);
  });

  it('converts a pre-registration once, keeping its number on the registration', async () => {
    await importFile([preregFixture(1)]);
    const t = await workstation();
    const p = await t.must('prereg.get', { number: 'PRE-26-000001' });
    expect(p.converted).toBeNull();
    const r = await t.must('registrations.submit', conversionOf(p, 'Mohamed-Ali'));
    expect(r.registration.preregistrationNumber).toBe('PRE-26-000001');
    expect(r.candidate.surname).toBe('Mohamed-Ali');
    expect((await t.must('registrations.get', { id: r.registration.id })).preregistrationNumber).toBe('PRE-26-000001');
    expect((await t.must('prereg.get', { number: 'PRE-26-000001' })).converted?.registrationNumber).toBe(
      r.registration.number,
    );
    const again = await t.call('registrations.submit', { ...conversionOf(p), differentPerson: true });
    expect(again.ok ? null : again.error.fields?.preregistrationNumber?.code).toBe('prereg_already_converted');
    const audit = await t.must('audit.list', { entity: 'registration', entityId: r.registration.id });
    expect(audit.map((a) => a.action)).toContain('prereg.convert');
    // HQ learns who converted it.
    await t.must('sync.now', {});
    const [row] = (await hq.ds.query(`SELECT converted_registration_number AS n FROM hq_prereg`)) as { n: string }[];
    expect(row!.n).toBe(r.registration.number);
  });

  it('carries the birth country, department and socio-professional category typed online to the counter', async () => {
    const born = preregFixture(1);
    const identity = { ...born.identity, birthPlace: 'Caen', birthCountry: 'France', birthDepartment: '14' };
    await importFile([{ ...born, identity: { ...identity, socioCategory: 'Employés' } }, preregFixture(2)]);
    const t = await workstation();
    const p = await t.must('prereg.get', { number: 'PRE-26-000001' });
    // As typed, like the rest: the wizard takes « France », « 14 » and « Employés » as FR, 014 and 5.
    expect(p.identity).toMatchObject({ birthCountry: 'France', birthDepartment: '14', socioCategory: 'Employés' });
    // A form of before sends none of them.
    expect((await t.must('prereg.get', { number: 'PRE-26-000002' })).identity).toMatchObject({
      birthCountry: null,
      birthDepartment: null,
      socioCategory: null,
    });
    const conversion = conversionOf(p);
    conversion.identity = { ...conversion.identity!, birthCountry: 'FR', birthDepartment: '014', socioCategory: '5' };
    const { candidate } = await t.must('registrations.submit', conversion);
    expect(await t.must('candidates.get', { id: candidate.id })).toMatchObject({
      birthCountry: 'FR',
      birthDepartment: '014',
      socioCategory: '5',
    });
  });

  it('catches the same pre-registration converted on two workstations when the second one syncs', async () => {
    await importFile([preregFixture(1)]);
    const g1 = await workstation('G1');
    const g2 = await workstation('G2');
    const p = await g1.must('prereg.get', { number: 'PRE-26-000001' });
    const first = await g1.must('registrations.submit', conversionOf(p));
    const second = await g2.must('registrations.submit', conversionOf(p));
    expect((await g1.must('sync.now', {})).rejections).toEqual([]);
    const status = await g2.must('sync.now', {});
    expect(status.rejections).toEqual([
      expect.objectContaining({
        entity: 'registration',
        entityId: second.registration.id,
        reason: 'prereg_already_converted',
        label: second.registration.number,
      }),
    ]);
    // The candidate record itself went through; only the second conversion is refused.
    expect(status.counts).toEqual({ synced: 1, rejected: 1 });
    const [row] = (await hq.ds.query(`SELECT converted_registration_uuid AS uuid FROM hq_prereg`)) as {
      uuid: string;
    }[];
    expect(row!.uuid).toBe(first.registration.id);
  });
});

describe('the admin route for pre-registrations', () => {
  it('answers a bad file with every error and imports nothing', async () => {
    const bad = await hq.admin('/admin/preregistrations', [preregFixture(1), { ...preregFixture(2), region: '' }]);
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/row 2 \(PRE-26-000002\): region/);
    expect(await hq.count('hq_prereg')).toBe(0);
    const good = await hq.admin('/admin/preregistrations', [preregFixture(1)]);
    expect(good.json).toEqual({ imported: 1, skipped: 0 });
  });
});
