import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { makePdf } from '../support/files';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
});
afterEach(() => t.close());

it('the registrations list filters by dossier state, with the same rule as the dossier list', async () => {
  const done = (await t.must('registrations.submit', bacSubmission(1))).registration;
  const half = (await t.must('registrations.submit', bacSubmission(2))).registration;
  const bare = (await t.must('registrations.submit', bacSubmission(3))).registration;
  const conforme = async (registrationId: string, codes: string[]) => {
    for (const pieceCode of codes) {
      const base64 = (await makePdf(1, pieceCode)).toString('base64');
      await t.must('dossier.attach', { registrationId, pieceCode, fileName: `${pieceCode}.pdf`, base64 });
      await t.must('dossier.setStatus', { registrationId, pieceCode, status: 'conforme' });
    }
  };
  await conforme(done.id, ['NAISSANCE', 'IDENTITE', 'SCOLARITE']);
  await conforme(half.id, ['NAISSANCE', 'IDENTITE']);

  const ids = async (dossierState?: 'complet' | 'incomplet') =>
    (await t.must('registrations.list', { dossierState })).items.map((r) => r.id).sort();
  expect(await ids('complet')).toEqual([done.id]);
  expect(await ids('incomplet')).toEqual([half.id, bare.id].sort());
  expect(await ids()).toHaveLength(3);
  const complet = await t.must('registrations.list', { dossierState: 'complet', status: 'registered' });
  expect(complet.total).toBe(1);
  expect(complet.countsByStatus).toEqual({ registered: 1 });
  expect((await t.must('dossier.list', { state: 'complet' })).map((d) => d.registrationId)).toEqual([done.id]);
});
