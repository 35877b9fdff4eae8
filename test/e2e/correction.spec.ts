import Sqlite from 'better-sqlite3';
import { join } from 'node:path';
import { bacSubmission } from '../support/submissions';
import {
  ADMIN,
  apiAs,
  CLERK,
  expect,
  expectNoSeriousA11yViolations,
  fieldAlert,
  login,
  openOffice,
  pdfText,
  test,
} from './fixtures';
import { downloadFromPreview } from './preview';

test.describe.configure({ mode: 'serial' });

test('a clerk corrects a candidate’s phone, then the surname with a second typing, until the fiche freezes it', async ({
  app,
  guichet,
}) => {
  const admin = await openOffice(app, guichet);
  const saved = (await admin('registrations.submit', bacSubmission(5))) as {
    value: { candidate: { id: string }; registration: { id: string } };
  };
  // Changed once before any correction: the registration is at version 2, the candidate record at 1.
  const changed = (await admin('registrations.update', {
    id: saved.value.registration.id,
    application: { ...bacSubmission(5).application, centreCode: 'MOR-02' },
    epreuves: { optional: [], exemptions: [] },
    heldDiplomas: [],
  })) as { value: { contentVersion: number } };
  expect(changed.value.contentVersion).toBe(2);
  await app.getByRole('button', { name: 'Se déconnecter' }).click();
  await login(app, CLERK.username, CLERK.password);
  await expect(app.getByRole('heading', { level: 1, name: /Bienvenue/ })).toBeVisible();
  await app.goto(app.url().replace(/#.*$/, `#/candidats/${saved.value.candidate.id}`));
  await expect(app.getByRole('heading', { level: 1, name: 'Abdérémane Saïd Ali F' })).toBeVisible();

  await app.getByRole('button', { name: 'Corriger l’identité' }).click();
  await expectNoSeriousA11yViolations(app, 'correction');
  await app.getByLabel('Téléphone', { exact: true }).fill('344 55 66');
  await expect(app.getByLabel('Nom (confirmation)')).toHaveCount(0);
  await app.getByRole('button', { name: 'Enregistrer la correction' }).click();
  // The number of the confirmation to print again, not the candidate record's own.
  await expect(app.getByRole('status').filter({ hasText: 'Identité corrigée (version 3)' })).toBeVisible();
  await expect(app.getByText('+2693445566')).toBeVisible();

  // A diploma field asks for its second typing, and is refused at it until it matches.
  await app.getByRole('button', { name: 'Corriger l’identité' }).click();
  await app.getByLabel('Nom', { exact: true }).fill('Abdourahamane');
  const again = app.getByLabel('Nom (confirmation)');
  await app.getByRole('button', { name: 'Enregistrer la correction' }).click();
  await expect(app.locator('.gf-field').filter({ has: again }).getByRole('alert')).toHaveText(
    'La seconde saisie ne correspond pas à la première.',
  );
  await again.fill('Abdourahamane');
  await app.getByRole('button', { name: 'Enregistrer la correction' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Abdourahamane Saïd Ali F' })).toBeVisible();

  // The fiche prints the corrected name; from then on the identity is frozen.
  const fiche = await downloadFromPreview(
    app,
    () => app.getByRole('button', { name: 'Imprimer la fiche' }).click(),
    'Aperçu de la fiche',
  );
  const ficheText = pdfText(await fiche.path());
  expect(ficheText).toContain('Abdourahamane');
  expect(ficheText).toMatch(/Version 4 du/);
  await expect(app.getByRole('region', { name: 'Récapitulatif' })).toContainText('imprimée (version 4)');
  await app.getByRole('button', { name: 'Corriger l’identité' }).click();
  await app.getByLabel('Adresse').fill('Moroni, Coulée');
  await app.getByRole('button', { name: 'Enregistrer la correction' }).click();
  await expect(
    app.getByRole('alert').filter({ hasText: 'Une fiche imprimée fige l’identité du candidat' }),
  ).toBeVisible();
});

test('a nationality typed as a word before the list is shown to be corrected, and refused until a country is chosen', async ({
  app,
  guichet,
}) => {
  const admin = await apiAs(app, guichet, ADMIN.username, ADMIN.password);
  const saved = (await admin('registrations.submit', bacSubmission(6))) as { value: { candidate: { id: string } } };
  // As an earlier version of Guichet kept it: the web host's database, written beside it.
  const db = new Sqlite(join(guichet.dataDir, 'guichet.sqlite'));
  db.pragma('busy_timeout = 5000');
  db.prepare(`UPDATE candidate SET nationality = 'Comorienne' WHERE id = ?`).run(saved.value.candidate.id);
  db.close();

  await login(app, CLERK.username, CLERK.password);
  await expect(app.getByRole('heading', { level: 1, name: /Bienvenue/ })).toBeVisible();
  await app.goto(app.url().replace(/#.*$/, `#/candidats/${saved.value.candidate.id}`));
  await expect(app.getByRole('definition').filter({ hasText: 'Comorienne' })).toBeVisible();

  await app.getByRole('button', { name: 'Corriger l’identité' }).click();
  const nationality = app.getByLabel('Nationalité');
  await expect(nationality.locator('option:checked')).toHaveText('Comorienne (à corriger : choisissez le pays)');
  await app.getByRole('button', { name: 'Enregistrer la correction' }).click();
  await expect(app.locator('.gf-field').filter({ has: nationality }).getByRole('alert')).toHaveText(
    'Pays inconnu : choisissez-le dans la liste.',
  );
  // The word reads as a country: it is offered right under the word, for the clerk to confirm.
  const reading = nationality.locator('optgroup[label="Pays lu dans « Comorienne »"] option');
  await expect(reading).toHaveText(['Comores']);
  await nationality.selectOption({ index: 2 });
  await expect(nationality.locator('option:checked')).toHaveText('Comores');
  // Saved before the birth country was asked: none is guessed, the clerk may add it.
  await expect(app.getByLabel('Pays de naissance').locator('option:checked')).toHaveText('— choisir —');
  await app.getByLabel('Pays de naissance').selectOption({ label: 'France' });
  // Born in France, CYCLADES asks the department: refused at its field until it is chosen.
  await app.getByRole('button', { name: 'Enregistrer la correction' }).click();
  await expect(fieldAlert(app, 'Département, DOM ou COM de naissance')).toHaveText('Ce champ est obligatoire.');
  await app.getByLabel('Département, DOM ou COM de naissance').selectOption({ label: '013 - Bouches-du-Rhône' });
  await app.getByRole('button', { name: 'Enregistrer la correction' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Identité corrigée (version 2)' })).toBeVisible();
  await expect(app.getByRole('definition').filter({ hasText: /^Comores$/ })).toBeVisible();
  await expect(app.getByRole('definition').filter({ hasText: /\(France\)$/ })).toBeVisible();
  await expect(app.getByRole('definition').filter({ hasText: /^013 - Bouches-du-Rhône$/ })).toBeVisible();
});
