import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { BEPC, fillTemplate, pupil, toBase64 } from '../support/excel';
import { b64, makePdf } from '../support/files';
import { bacSubmission } from '../support/submissions';

/**
 * The screens name the people who did something by their display names, as receipts print them,
 * read when the screen asks: a renamed user shows under the new name. Logins stay in the audit
 * journal and on the Users page.
 */
let t: TestApp;
const CLERK = { username: 'clerk1', password: 'Clerk#2026' };
const SUPERVISOR = { username: 'chef', password: 'Visa#2026' };
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  await t.addUser({ ...CLERK, displayName: 'Zaïna Ali', role: 'clerk' });
  await t.addUser({ ...SUPERVISOR, displayName: 'Chef de centre', role: 'supervisor' });
});
afterEach(() => t.close());

async function rename(username: string, displayName: string) {
  await t.login();
  const user = (await t.must('users.list', {})).find((u) => u.username === username)!;
  await t.must('users.update', { userId: user.id, displayName, role: user.role });
}

it('the registration’s récapitulatif names who passed a rule and who made each version by display name', async () => {
  await t.login(CLERK.username, CLERK.password);
  const elsewhere = bacSubmission(0);
  elsewhere.application = { ...elsewhere.application, centreCode: 'MUT-01' };
  const { registration } = await t.must('registrations.submit', {
    ...elsewhere,
    overrides: [{ code: 'centre_other_office', reason: 'Candidat muté à Mutsamudu' }],
    supervisor: SUPERVISOR,
  });
  await t.must('printing.fiche', { registrationId: registration.id });

  const detail = await t.must('registrations.get', { id: registration.id });
  expect(detail.overrides).toEqual([
    {
      code: 'centre_other_office',
      reason: 'Candidat muté à Mutsamudu',
      approvedBy: 'chef',
      approvedByName: 'Chef de centre',
    },
  ]);
  expect(detail.versions.map((v) => [v.change, v.createdBy, v.createdByName])).toEqual([
    ['content', 'clerk1', 'Zaïna Ali'],
    ['printed', 'clerk1', 'Zaïna Ali'],
  ]);

  await rename('clerk1', 'Zaïna Ali Mohamed');
  await rename('chef', 'Mme Hadidja, cheffe de centre');
  const renamed = await t.must('registrations.get', { id: registration.id });
  expect(renamed.overrides.map((o) => o.approvedByName)).toEqual(['Mme Hadidja, cheffe de centre']);
  expect(renamed.versions.map((v) => v.createdByName)).toEqual(['Zaïna Ali Mohamed', 'Zaïna Ali Mohamed']);

  // A login this workstation has no account for (a version made elsewhere) shows as it is.
  await t.app.store.em.query(`UPDATE registration_version SET created_by = 'agent-hq' WHERE version = 2`);
  expect((await t.must('registrations.get', { id: registration.id })).versions[1]!.createdByName).toBe('agent-hq');
});

it('the import history and « déjà importé » name who imported the list by display name', async () => {
  await t.login(CLERK.username, CLERK.password);
  const template = (await t.must('excel.template', BEPC)).base64;
  const file = await toBase64(await fillTemplate(template, [pupil(0), pupil(1)]));
  await t.must('excel.commit', { ...BEPC, fileBase64: file, fileName: 'cmit.xlsx', mode: 'valid-only' });
  expect((await t.must('excel.imports', {})).map((i) => [i.clerk, i.clerkName])).toEqual([['clerk1', 'Zaïna Ali']]);

  await rename('clerk1', 'Zaïna Ali Mohamed');
  await t.login(SUPERVISOR.username, SUPERVISOR.password);
  expect((await t.must('excel.imports', {}))[0]!.clerkName).toBe('Zaïna Ali Mohamed');
  expect((await t.must('excel.preview', { ...BEPC, fileBase64: file })).alreadyImported).toMatchObject({
    clerk: 'clerk1',
    clerkName: 'Zaïna Ali Mohamed',
    imported: 2,
  });
  const again = await t.call('excel.commit', { ...BEPC, fileBase64: file, fileName: 'cmit.xlsx', mode: 'valid-only' });
  expect(again.ok ? null : again.error.fields?.file).toMatchObject({
    code: 'already_imported',
    params: { clerk: 'Zaïna Ali Mohamed', count: 2 },
  });
});

it('the dossier names who last checked each piece by display name', async () => {
  await t.login(CLERK.username, CLERK.password);
  const { registration } = await t.must('registrations.submit', bacSubmission(0));
  const registrationId = registration.id;
  await t.must('dossier.attach', {
    registrationId,
    pieceCode: 'NAISSANCE',
    fileName: 'acte.pdf',
    base64: b64(await makePdf(1)),
  });
  await t.login(SUPERVISOR.username, SUPERVISOR.password);
  await t.must('dossier.setStatus', { registrationId, pieceCode: 'NAISSANCE', status: 'conforme' });
  const checkedBy = async () =>
    (await t.must('dossier.get', { registrationId })).pieces
      .filter((p) => p.updatedBy)
      .map((p) => [p.code, p.updatedBy, p.updatedByName]);
  expect(await checkedBy()).toEqual([['NAISSANCE', 'chef', 'Chef de centre']]);

  await rename('chef', 'Mme Hadidja, cheffe de centre');
  await t.login(CLERK.username, CLERK.password);
  expect(await checkedBy()).toEqual([['NAISSANCE', 'chef', 'Mme Hadidja, cheffe de centre']]);
});

it('the unfinished registrations name who started each by display name', async () => {
  await t.login(CLERK.username, CLERK.password);
  const { id } = await t.must('drafts.save', { label: 'Djaé Saïd', step: 'application', data: {} });
  await rename('clerk1', 'Zaïna Ali Mohamed');
  await t.login(SUPERVISOR.username, SUPERVISOR.password);
  expect((await t.must('drafts.list', {})).map((d) => [d.createdBy, d.createdByName])).toEqual([
    ['clerk1', 'Zaïna Ali Mohamed'],
  ]);
  expect((await t.must('drafts.get', { id })).createdByName).toBe('Zaïna Ali Mohamed');
});
