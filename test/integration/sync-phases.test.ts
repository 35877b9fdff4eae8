import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import catalogue from '../../src-main/modules/reference/catalogues/comores-2026.json';
import { makeApp, type TestApp } from '../support/app';
import { startHq } from '../support/hq';
import { faultyProxy } from '../support/proxy';
import { bacSubmission } from '../support/submissions';

let hq: Awaited<ReturnType<typeof startHq>>;
let t: TestApp;

beforeEach(async () => {
  hq = await startHq();
  await hq.admin('/admin/offices', { code: 'MOR', name: 'Office de Moroni', region: 'Ngazidja' });
});
afterEach(async () => {
  await t.close();
  await hq.close();
});

describe('sync phases do not block each other', () => {
  it('pushes every record while the catalogue cannot be fetched, and says which phase failed', async () => {
    await hq.admin('/admin/catalogues', { ...catalogue, version: 2 });
    const proxy = await faultyProxy(hq.url, (_n, req) => (req.url?.startsWith('/catalogue') ? 'error500' : 'none'));
    t = await makeApp();
    await t.login();
    const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
    await t.must('sync.enrol', { serverUrl: proxy.url, code: json.code as string });
    for (let i = 1; i <= 3; i++) await t.must('registrations.submit', bacSubmission(i));
    const status = await t.must('sync.now', {});
    expect(status.counts).toEqual({ synced: 6 });
    expect(await hq.count('hq_record')).toBe(6);
    expect(status.lastError).toMatch(/^catalogue: /);
    expect(status.catalogueVersion).toBe(1);
    await proxy.close();
  });
});
