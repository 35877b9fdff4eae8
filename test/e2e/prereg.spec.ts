import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preregFixture } from '../support/prereg';
import { addStaff, apiAs, backgroundRunEnded, completeSetup, expect, login, test } from './fixtures';
import { downloadFromPreview } from './preview';
import { hqServer } from './hq';

test.describe.configure({ mode: 'serial' });

const hq = hqServer();
test.afterAll(() => hq.dispose());
const pdfText = (path: string) => execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });

test('find an online pre-registration by number, correct the name with double entry, take the fee, print the fiche', async ({
  app,
  guichet,
}) => {
  // Headquarters imports what candidates typed online, as HQ staff do it.
  await hq.start();
  hq.cli('add-office', '--code', 'MOR', '--name', 'Office régional de Moroni', '--region', 'Ngazidja');
  const file = join(mkdtempSync(join(tmpdir(), 'guichet-e2e-prereg-')), 'prereg.json');
  // Online, the candidate typed the country's name: the wizard turns it into the list's choice.
  const first = preregFixture(1);
  // Born in France, with the department and the category as a form may send them.
  const typed = {
    ...first,
    identity: {
      ...first.identity,
      nationality: 'comores',
      birthPlace: 'Caen',
      birthCountry: 'France',
      birthDepartment: '14',
      socioCategory: 'employés',
    },
  };
  // Born at La Réunion, picked as a country of its own, but with a department of Paris.
  const second = preregFixture(2);
  const mismatched = {
    ...second,
    identity: {
      ...second.identity,
      surname: 'Soilihi',
      birthPlace: 'Saint-Denis',
      birthCountry: 'La Réunion',
      birthDepartment: '75',
    },
  };
  writeFileSync(file, JSON.stringify([typed, mismatched]));
  expect(hq.cli('import-prereg', '--file', file)).toBe('2 pre-registrations imported, 0 already held');
  const code = /: (\S+)$/.exec(hq.cli('enrol-code', '--office', 'MOR'))![1]!;

  await completeSetup(app);
  await login(app);
  const admin = await apiAs(app, guichet, 'admin', 'Secret#2026');
  await addStaff(app, guichet, admin, {
    username: 'zaina',
    displayName: 'Zaïna Ali',
    role: 'clerk',
    password: 'Guichet#26',
  });
  // Enrolment starts a first sync in the background, which brings the region's pre-registrations.
  expect((await admin('sync.enrol', { serverUrl: hq.url, code })).ok).toBe(true);
  await backgroundRunEnded(admin);
  await app.getByRole('button', { name: 'Se déconnecter' }).click();

  await login(app, 'zaina', 'Guichet#26');
  await app.getByRole('navigation').getByRole('link', { name: 'Demandes en ligne' }).click();
  await app.getByLabel('N° de préinscription, nom ou pièce d’identité').fill('PRE-26-000001');
  await app.getByRole('button', { name: 'Chercher' }).click();
  const card = app.getByRole('article', { name: 'PRE-26-000001' });
  await expect(card).toContainText('Mohamed Fatima Zahra');
  await expect(card).toContainText('KM9000001');
  await expect(card.getByRole('definition').filter({ hasText: /^Comores$/ })).toBeVisible();
  // The birth country, department and category typed online are read back with the candidate before converting.
  await expect(card.getByRole('definition').filter({ hasText: /, France \(014 - Calvados\)$/ })).toBeVisible();
  await expect(card.getByRole('definition').filter({ hasText: /^Employés$/ })).toBeVisible();
  await card.getByRole('button', { name: 'Convertir en inscription' }).click();

  // The wizard opens on what the candidate typed; the clerk corrects the name with them.
  await expect(app.getByText(/Conversion de la préinscription PRE-26-000001/)).toBeVisible();
  await expect(app.getByLabel('Nom', { exact: true })).toHaveValue('Mohamed');
  await expect(app.getByLabel('Nationalité').locator('option:checked')).toHaveText('Comores');
  await expect(app.getByLabel('Pays de naissance').locator('option:checked')).toHaveText('France');
  await expect(app.getByLabel('Département, DOM ou COM de naissance').locator('option:checked')).toHaveText(
    '014 - Calvados',
  );
  await expect(app.getByLabel('Catégorie socio-professionnelle').locator('option:checked')).toHaveText('Employés');
  await app.getByLabel('Nom', { exact: true }).fill('Mohammed');
  // The second typing of the diploma fields is not pre-filled: a wrong one blocks the step.
  await app.getByLabel('Nom (confirmation)').fill('Mohamed');
  await app.getByLabel('Prénoms (confirmation)').fill('Fatima Zahra');
  await app.getByLabel('Date de naissance (confirmation)').fill('12/04/2007');
  await app.getByLabel('N° de pièce (confirmation)').fill('KM9000001');
  await app.getByRole('button', { name: 'Suivant' }).click();
  await expect(app.getByText('La seconde saisie ne correspond pas à la première.')).toBeVisible();
  await app.getByLabel('Nom (confirmation)').fill('Mohammed');
  await app.getByRole('button', { name: 'Suivant' }).click();
  await expect(app.locator('[aria-current="step"]')).toContainText('Candidature');
  await expect(app.getByLabel('Examen', { exact: true })).toHaveValue('BAC');
  await expect(app.getByLabel('Série / spécialité')).toHaveValue('A1');
  for (const step of ['Épreuves', 'Pièces', 'Récapitulatif']) {
    await app.getByRole('button', { name: 'Suivant' }).click();
    await expect(app.locator('[aria-current="step"]')).toContainText(step);
  }
  await app.getByRole('button', { name: 'Enregistrer l’inscription' }).click();
  const done = app.getByRole('status').filter({ hasText: 'Inscription enregistrée' });
  await expect(done).toBeVisible();
  await app.getByRole('link', { name: 'Voir le candidat' }).click();

  // The candidate's page: the registration keeps the pre-registration number; fee, then fiche.
  await expect(app.getByRole('heading', { level: 1 })).toContainText('Mohammed');
  await expect(app.getByRole('cell', { name: 'PRE-26-000001' })).toBeVisible();
  await app.getByRole('button', { name: 'Encaisser' }).click();
  await app.getByLabel('Mode de paiement').selectOption('cash');
  await app.getByRole('button', { name: 'Valider le paiement' }).click();
  await expect(app.getByText(/Payé — reçu MORG1-R26-000001/).first()).toBeVisible();
  const fiche = await downloadFromPreview(
    app,
    () => app.getByRole('button', { name: 'Imprimer la fiche' }).click(),
    'Aperçu de la fiche',
  );
  const text = pdfText(await fiche.path());
  expect(text).toContain('Mohammed');
  expect(text).toMatch(/Préinscription en ligne\s+PRE-26-000001/);
  expect(text).toMatch(/Département de naissance\s+014 - Calvados/);

  // Converted once: the pre-registration now says where it went, and offers no second conversion.
  await app.getByRole('navigation').getByRole('link', { name: 'Demandes en ligne' }).click();
  await app.getByLabel('N° de préinscription, nom ou pièce d’identité').fill('PRE-26-000001');
  await app.getByRole('button', { name: 'Chercher' }).click();
  await expect(app.getByRole('article', { name: 'PRE-26-000001' })).toContainText(/Convertie : inscription MORG1-/);
  await expect(app.getByRole('button', { name: 'Convertir en inscription' })).toHaveCount(0);
});

test('a pre-registration typed « La Réunion » with a department of Paris is read as Réunion, keeps its department, and the identity step names it', async ({
  app,
}) => {
  await login(app, 'zaina', 'Guichet#26');
  await app.getByRole('navigation').getByRole('link', { name: 'Demandes en ligne' }).click();
  await app.getByLabel('N° de préinscription, nom ou pièce d’identité').fill('PRE-26-000002');
  await app.getByRole('button', { name: 'Chercher' }).click();
  const card = app.getByRole('article', { name: 'PRE-26-000002' });
  // Read as the wizard will take it: « La Réunion » typed online is the list’s « Réunion ».
  await expect(card.getByRole('definition').filter({ hasText: /, Réunion \(075 - Paris\)$/ })).toBeVisible();
  await card.getByRole('button', { name: 'Convertir en inscription' }).click();

  // Not silently replaced by 974: the clerk sees what the candidate typed, and why it cannot stay.
  await expect(app.getByLabel('Pays de naissance').locator('option:checked')).toHaveText('Réunion');
  const department = app.getByLabel('Département, DOM ou COM de naissance');
  await expect(department.locator('option:checked')).toHaveText('075 - Paris');
  await app.getByLabel('Nom (confirmation)').fill('Soilihi');
  await app.getByLabel('Prénoms (confirmation)').fill('Fatima Zahra');
  await app.getByLabel('Date de naissance (confirmation)').fill('12/04/2007');
  await app.getByLabel('N° de pièce (confirmation)').fill('KM9000002');
  await app.getByRole('button', { name: 'Suivant' }).click();
  await expect(
    app.getByText('Ce département n’est pas celui du pays de naissance choisi : 974 - La Réunion.'),
  ).toBeVisible();
  await department.selectOption('974');
  await app.getByRole('button', { name: 'Suivant' }).click();
  await expect(app.locator('[aria-current="step"]')).toContainText('Candidature');
});
