import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { OFFICE_TIME_ZONE } from '../../playwright.config';
import { addStaff, apiAs, completeSetup, expect, fieldAlert, login, pdfText, test } from './fixtures';
import { downloadFromPreview } from './preview';
import { bacSubmission } from '../support/submissions';

test.describe.configure({ mode: 'serial' });

const CLERK = { username: 'zaina', password: 'Guichet#26' };

async function identity(
  page: Page,
  p: { surname: string; givenNames: string; birthDate: string; idNumber: string; confirmBirthDate?: string },
) {
  await page.getByLabel('Nom', { exact: true }).fill(p.surname);
  await page.getByLabel('Prénoms', { exact: true }).fill(p.givenNames);
  await page.getByLabel('Sexe').selectOption('M');
  await page.getByLabel('Date de naissance', { exact: true }).fill(p.birthDate);
  await page.getByLabel('Lieu de naissance').fill('Moroni');
  await page.getByLabel('Type de pièce d’identité').selectOption('NIN_KM');
  await page.getByLabel('N° de pièce d’identité').fill(p.idNumber);
  await page.getByLabel('Téléphone', { exact: true }).fill('333 12 34');
  await page.getByLabel('Nom (confirmation)').fill(p.surname);
  await page.getByLabel('Prénoms (confirmation)').fill(p.givenNames);
  await page.getByLabel('Date de naissance (confirmation)').fill(p.confirmBirthDate ?? p.birthDate);
  await page.getByLabel('N° de pièce (confirmation)').fill(p.idNumber);
}

test('first run, and a clerk account for the counter', async ({ app, guichet }) => {
  await completeSetup(app);
  await login(app);
  const admin = await apiAs(app, guichet, 'admin', 'Secret#2026');
  await addStaff(app, guichet, admin, { ...CLERK, displayName: 'Zaïna Ali', role: 'clerk' });
});

test('a clerk registers a walk-in Bac candidate through the whole wizard with the keyboard', async ({ app }) => {
  await login(app, CLERK.username, CLERK.password);
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await app.getByRole('link', { name: 'Nouvelle inscription' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Nouvelle inscription' })).toBeVisible();

  // A mismatching second entry of the birth date blocks the step, at that field.
  await identity(app, {
    surname: 'Abdérémane',
    givenNames: 'Saïd Ali',
    birthDate: '14/05/2007',
    idNumber: 'KM7700001',
    confirmBirthDate: '15/05/2007',
  });
  await app.getByLabel('N° de pièce (confirmation)').press('Enter');
  await expect(app.getByText('La seconde saisie ne correspond pas à la première.')).toBeVisible();
  await expect(app.locator('[aria-current="step"]')).toContainText('Identité');

  // The office's country is offered first and already chosen; any other is picked by its name.
  const nationality = app.getByLabel('Nationalité');
  await expect(nationality.locator('option:checked')).toHaveText('Comores');
  await expect(nationality.locator('optgroup').first()).toHaveAttribute('label', 'Pays de l’office');
  await nationality.selectOption({ label: 'Madagascar' });
  await expect(app.getByLabel('Pays de naissance').locator('option:checked')).toHaveText('Comores');
  // The department is asked only of a candidate born in France.
  const department = app.getByLabel('Département, DOM ou COM de naissance');
  await expect(department).toHaveCount(0);
  await app.getByLabel('Pays de naissance').selectOption({ label: 'France' });
  await expect(department.locator('option').filter({ hasText: '014 - Calvados' })).toHaveCount(1);
  // La Réunion picked as the country of its own: its department is asked, and already chosen.
  await app.getByLabel('Pays de naissance').selectOption('RE');
  await expect(department.locator('option:checked')).toHaveText('974 - La Réunion');
  await app.getByLabel('Pays de naissance').selectOption('KM');
  await expect(department).toHaveCount(0);
  // The name he goes by, beside his birth name: optional, never typed twice.
  await app.getByLabel('Nom d’usage').fill('Mohamed');
  // The ID typed in lower case is the one confirmed in capitals: it is stored, and read back, in capitals.
  await app.getByLabel('N° de pièce d’identité').fill('km7700001');
  await app.getByLabel('Date de naissance (confirmation)').fill('14/05/2007');
  await app.getByLabel('Date de naissance (confirmation)').press('Enter');
  await expect(app.locator('[aria-current="step"]')).toContainText('Candidature');

  await app.getByLabel('Examen', { exact: true }).selectOption('BAC');
  await app.getByLabel('Série / spécialité').selectOption('C');
  await app.getByLabel('Catégorie').selectOption('scolaire');
  await app.getByLabel('Établissement').selectOption('LSMC');
  // Moroni's office offers the centres of its region first; Mutsamudu's and Fomboni's stand apart.
  await expect(app.getByLabel('Centre d’examen').locator('> option')).toHaveText([
    '— choisir —',
    'Lycée Saïd Mohamed Cheikh — Moroni',
    'Collège de Mitsamiouli — Mitsamiouli',
  ]);
  await expect(app.getByLabel('Centre d’examen').locator('optgroup')).toHaveAttribute(
    'label',
    'Autres régions (dérogation d’un superviseur)',
  );
  await app.getByLabel('Centre d’examen').selectOption('MOR-01');
  await expect(app.getByText(/Droits d’inscription : 7\s500\sKMF/)).toBeVisible();
  await app.getByLabel('Centre d’examen').press('Enter');
  await expect(app.locator('[aria-current="step"]')).toContainText('Épreuves');
  await expect(app.getByText('Mathématiques')).toBeVisible();
  // An acquis out of range is refused here, at its fields, with the save's messages.
  await app.getByRole('button', { name: 'Ajouter un acquis ou une dispense' }).click();
  await app.getByLabel('Épreuves', { exact: true }).selectOption('MATH');
  await app.getByLabel('Année', { exact: true }).fill('1850');
  await app.getByLabel('Note', { exact: true }).fill('25');
  await app.getByLabel('Note', { exact: true }).press('Enter');
  await expect(app.getByText('Valeur trop courte ou trop petite (minimum 1980).')).toBeVisible();
  await expect(app.getByText('Valeur trop longue ou trop grande (maximum 20).')).toBeVisible();
  await expect(app.locator('[aria-current="step"]')).toContainText('Épreuves');
  await app.getByLabel('Année', { exact: true }).fill('2025');
  await app.getByLabel('Note', { exact: true }).fill('12.5');
  await app.getByLabel('Note', { exact: true }).press('Enter');
  await expect(app.locator('[aria-current="step"]')).toContainText('Pièces');
  await expect(app.getByText('Certificat de scolarité')).toBeVisible();
  await app.keyboard.press('Enter');
  await expect(app.locator('[aria-current="step"]')).toContainText('Récapitulatif');
  await expect(app.getByText('Série C — Mathématiques et sciences physiques')).toBeVisible();
  // Read back to the candidate as people write it, not as it is stored.
  await expect(app.getByText('14/05/2007', { exact: true })).toBeVisible();
  await expect(app.getByText('Mohamed', { exact: true })).toBeVisible();
  await expect(app.getByText('Madagascar', { exact: true })).toBeVisible();
  await expect(app.getByText('KM7700001', { exact: true })).toBeVisible();
  await expect(app.getByText('Mathématiques (acquis 2025, note 12,5)', { exact: true })).toBeVisible();
  await app.keyboard.press('Enter');

  const done = app.getByRole('status').filter({ hasText: 'Inscription enregistrée' });
  await expect(done).toBeVisible();
  await expect(done).toContainText(
    /N° candidat : MORG1-\d{2}-\d{6}[0-9A-Z] — N° inscription : MORG1-\d{2}-\d{6}[0-9A-Z]\/001/,
  );

  // The fee and the fiche come next, on the same screen.
  await expect(app.getByText(/Montant dû : 7\s500\sKMF/)).toBeVisible();
  await app.getByRole('button', { name: 'Encaisser' }).click();
  await app.getByLabel('Mode de paiement').selectOption('cash');
  await app.getByRole('button', { name: 'Valider le paiement' }).click();
  await expect(app.getByText(/^Payé — reçu MORG1-R26-\d{6}$/).first()).toBeVisible();
  const fiche = await downloadFromPreview(
    app,
    () => app.getByRole('button', { name: 'Imprimer la fiche' }).click(),
    'Aperçu de la fiche',
  );
  expect(pdfText(await fiche.path())).toContain('Abdérémane');
  expect(pdfText(await fiche.path())).toMatch(/Nom d’usage\s+Mohamed/);
  expect(pdfText(await fiche.path())).toMatch(/Nationalité\s+Madagascar/);
  expect(pdfText(await fiche.path())).toMatch(/à Moroni \(Comores\)/);
  await expect(app.getByRole('heading', { name: /\(Fiche imprimée\)/ })).toBeVisible();

  // The next candidate: F2 clears the wizard, the cursor in its search for a known candidate.
  await app.keyboard.press('F2');
  await expect(app.locator('[aria-current="step"]')).toContainText('Identité');
  await expect(app.getByLabel('Rechercher un candidat existant')).toBeFocused();
  await expect(app.getByLabel('Nom', { exact: true })).toHaveValue('');

  // The home page sums up the office's day so far, and each area opens from it.
  await app.getByRole('navigation').getByRole('link', { name: 'Accueil' }).click();
  await expect(app.getByText('1 inscription enregistrée à l’office')).toBeVisible();
  await expect(app.getByText(/^1 reçu encaissé par vous : 7\s500\sKMF$/)).toBeVisible();
  await app
    .getByRole('main')
    .getByRole('link', { name: /^Caisse/ })
    .click();
  await expect(app.getByRole('heading', { level: 1, name: 'Caisse' })).toBeVisible();
});

test('the identity step names every field in error at once, the double entry with the rest', async ({ app }) => {
  await login(app, CLERK.username, CLERK.password);
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await app.getByRole('link', { name: 'Nouvelle inscription' }).click();
  // The draft a reload must bring back: the one that holds the impossible day.
  const savedWithDay = app.waitForResponse(
    (r) => r.url().includes('/api/drafts.save') && (r.request().postData() ?? '').includes('"birthDate":"2007-02-31"'),
  );
  await identity(app, { surname: 'Hassani', givenNames: 'Ali', birthDate: '31/02/2007', idNumber: 'KM7700005' });
  await app.getByLabel('Prénoms', { exact: true }).fill('');
  await app.getByLabel('Téléphone', { exact: true }).fill('12');
  await app.getByLabel('Nom (confirmation)').fill('Hasani');
  await app.getByLabel('N° de pièce (confirmation)').press('Enter');
  await expect(fieldAlert(app, 'Date de naissance')).toHaveText('Date invalide.');
  await expect(fieldAlert(app, 'Prénoms')).toHaveText('Ce champ est obligatoire.');
  await expect(fieldAlert(app, 'Téléphone')).toHaveText('Numéro de téléphone invalide.');
  await expect(fieldAlert(app, 'Nom (confirmation)')).toHaveText('La seconde saisie ne correspond pas à la première.');
  await expect(app.locator('[aria-current="step"]')).toContainText('Identité');
  // Taken up again from its draft, an impossible day reads as it was typed.
  await savedWithDay;
  await expect(app.getByText(/^Brouillon enregistré à/)).toBeVisible();
  await app.reload();
  await expect(app.getByLabel('Date de naissance', { exact: true })).toHaveValue('31/02/2007');
});

test('registering the same national ID again shows the existing candidate', async ({ app }) => {
  await login(app, CLERK.username, CLERK.password);
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  // The catalogue answers only once the clerk has typed (or after 2 s if the form waits for it),
  // as on a busy machine: nothing typed meanwhile may be wiped.
  let answer = () => {};
  const typed = new Promise<void>((resolve) => {
    answer = resolve;
    setTimeout(resolve, 2000);
  });
  await app.route('**/api/reference.catalogue', async (route) => {
    await typed;
    await route.continue();
  });
  const answered = app.waitForResponse('**/api/reference.catalogue');
  await app.getByRole('link', { name: 'Nouvelle inscription' }).click();
  await identity(app, { surname: 'Abderemane', givenNames: 'Said', birthDate: '14/05/2007', idNumber: 'KM7700001' });
  answer();
  await answered;
  await app.getByLabel('N° de pièce (confirmation)').press('Enter');
  await expect(app.getByText('Un candidat avec cette pièce d’identité existe déjà.')).toBeVisible();
  await expect(app.getByRole('heading', { name: 'Candidats ressemblants déjà enregistrés' })).toBeVisible();
  await expect(app.getByText('Abdérémane Saïd Ali')).toBeVisible();
});

test('Enter pressed twice on a step moves on by one step only', async ({ app }) => {
  await login(app, CLERK.username, CLERK.password);
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await app.getByRole('link', { name: 'Nouvelle inscription' }).click();
  await identity(app, { surname: 'Youssouf', givenNames: 'Nadia', birthDate: '03/09/2006', idNumber: 'KM7700003' });
  await app.getByLabel('N° de pièce (confirmation)').press('Enter');
  await app.getByLabel('Examen', { exact: true }).selectOption('BAC');
  await app.getByLabel('Série / spécialité').selectOption('D');
  await app.getByLabel('Catégorie').selectOption('scolaire');
  await app.getByLabel('Établissement').selectOption('LSMC');
  await app.getByLabel('Centre d’examen').selectOption('MOR-01');
  // The rule check answers only once both Enters are in, as on a busy machine.
  let checks = 0;
  let release = () => {};
  const pressed = new Promise<void>((resolve) => (release = resolve));
  await app.route('**/api/registrations.check', async (route) => {
    checks += 1;
    await pressed;
    await route.continue();
  });
  await app.getByLabel('Centre d’examen').focus();
  await app.keyboard.press('Enter');
  await app.keyboard.press('Enter');
  release();
  await expect(app.locator('[aria-current="step"]')).toContainText('Épreuves');
  await expect(app.getByText('Sciences de la vie et de la Terre')).toBeVisible();
  expect(checks).toBe(1);
  await app.keyboard.press('Enter');
  await expect(app.locator('[aria-current="step"]')).toContainText('Pièces');
});

test('a draft survives a reload and a closed window, and is gone once its registration is saved', async ({
  app: first,
  context,
  guichet,
}) => {
  let app = first;
  await login(app, CLERK.username, CLERK.password);
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await app.getByRole('link', { name: 'Nouvelle inscription' }).click();
  // Typed day first, whatever the browser's language (this Chromium's is English, whose date
  // fields read mm/dd/yyyy): 05/04/2006 is 5 April.
  await expect(app.getByLabel('Date de naissance', { exact: true })).toHaveAttribute('placeholder', 'jj/mm/aaaa');
  await identity(app, { surname: 'Djaé', givenNames: 'Saïd', birthDate: '05/04/2006', idNumber: 'KM7700004' });
  const typed = Date.now();
  // The draft's first save names it in the address; the clerk keeps typing where they were.
  await expect(app).toHaveURL(/[?&]draft=/);
  await expect(app.getByLabel('N° de pièce (confirmation)')).toBeFocused();
  await app.getByLabel('N° de pièce (confirmation)').press('Enter');
  await app.getByLabel('Examen', { exact: true }).selectOption('BAC');
  await app.getByLabel('Série / spécialité').selectOption('A1');
  await app.getByLabel('Catégorie').selectOption('scolaire');
  await app.getByLabel('Établissement').selectOption('LSMC');
  // The draft as it stands once the centre is chosen: the one a reload must bring back.
  const savedWithCentre = app.waitForResponse(
    (r) => r.url().includes('/api/drafts.save') && (r.request().postData() ?? '').includes('"centreCode":"MOR-01"'),
  );
  await app.getByLabel('Centre d’examen').selectOption('MOR-01');
  await savedWithCentre;
  // Saved at the office's time (Moroni), whichever minute it fell in.
  const moroni = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short', timeZone: OFFICE_TIME_ZONE });
  const saved = app.getByText(/^Brouillon enregistré à \d\d:\d\d\.$/);
  await expect(saved).toBeVisible();
  const minutes = [typed, Date.now()].map((ms) => `Brouillon enregistré à ${moroni.format(ms)}.`);
  expect(minutes).toContain(await saved.textContent());

  // The page is reloaded: the wizard comes back where it was.
  await app.reload();
  await expect(app.locator('[aria-current="step"]')).toContainText('Candidature');
  await expect(app.getByLabel('Série / spécialité')).toHaveValue('A1');
  // A change made just before a reload, inside the draft's debounce, is written as the page goes.
  await app.getByLabel('Série / spécialité').selectOption('A2');
  await app.reload();
  await expect(app.getByLabel('Série / spécialité')).toHaveValue('A2');

  // The window is closed and another one opened: the clerk signs in and takes the draft up from the list.
  await app.close();
  app = await context.newPage();
  await app.goto(guichet.url);
  await login(app, CLERK.username, CLERK.password);
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  const draft = app.getByRole('listitem').filter({ hasText: 'Djaé Saïd' });
  await expect(draft).toContainText('Candidature');
  await expect(draft).toContainText('par Zaïna Ali');
  await draft.getByRole('link', { name: 'Reprendre' }).click();
  await expect(app.locator('[aria-current="step"]')).toContainText('Candidature');
  await expect(app.getByLabel('Série / spécialité')).toHaveValue('A2');

  // A quick clerk saves while the draft of the last step is still being written: the answer is
  // held back, and the save must not leave that draft behind.
  await app.route('**/api/drafts.save', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await app.getByLabel('Centre d’examen').press('Enter');
  await expect(app.locator('[aria-current="step"]')).toContainText('Épreuves');
  await app.keyboard.press('Enter');
  await expect(app.locator('[aria-current="step"]')).toContainText('Pièces');
  // Listened for before the step changes: on a slow runner that draft is sent before the summary shows.
  const lastDraft = app.waitForRequest(
    (r) => r.url().includes('/api/drafts.save') && (r.postData() ?? '').includes('"step":"recapitulatif"'),
  );
  await app.keyboard.press('Enter');
  await expect(app.locator('[aria-current="step"]')).toContainText('Récapitulatif');
  await expect(app.getByText('05/04/2006', { exact: true })).toBeVisible();
  const saving = await lastDraft;
  await app.keyboard.press('Enter');
  await expect(app.getByRole('status').filter({ hasText: 'Inscription enregistrée' })).toBeVisible();
  await expect(app.getByText(/Brouillon enregistré/)).toHaveCount(0);
  await saving.response();

  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await expect(app.getByRole('row').filter({ hasText: 'Djaé Saïd' })).toBeVisible();
  await expect(app.getByRole('listitem').filter({ hasText: 'Djaé Saïd' })).toHaveCount(0);
});

test('an exam whose registration window is closed is refused', async ({ app }) => {
  await login(app, CLERK.username, CLERK.password);
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await app.getByRole('link', { name: 'Nouvelle inscription' }).click();
  await identity(app, { surname: 'Mohamed', givenNames: 'Fatima', birthDate: '01/02/1990', idNumber: 'KM7700002' });
  await app.getByLabel('N° de pièce (confirmation)').press('Enter');
  await app.getByLabel('Examen', { exact: true }).selectOption('CAE');
  await app.getByLabel('Catégorie').selectOption('individuel');
  await app.getByLabel('Centre d’examen').selectOption('MOR-01');
  await app.getByRole('button', { name: 'Suivant' }).click();
  await expect(app.getByText('Les inscriptions à cet examen sont closes.')).toBeVisible();
  await expect(app.locator('[aria-current="step"]')).toContainText('Candidature');
});

test('a centre of another region takes a supervisor’s dérogation, with its reason', async ({ app }) => {
  await login(app);
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await app.getByRole('link', { name: 'Nouvelle inscription' }).click();
  // A birth year typed wrong: the age refusal goes once the date is corrected, not at the next Suivant.
  await identity(app, { surname: 'Soilihi', givenNames: 'Nourdine', birthDate: '03/03/2021', idNumber: 'KM7700003' });
  await app.getByLabel('Nom du tuteur légal').fill('Soilihi Ahmed');
  // A type of ID without its number, a minor's guardian without a phone: each is said at its field.
  await app.getByLabel('N° de pièce d’identité').fill('');
  await app.getByLabel('N° de pièce (confirmation)').fill('');
  await app.getByLabel('N° de pièce (confirmation)').press('Enter');
  await expect(fieldAlert(app, 'N° de pièce d’identité')).toHaveText('Saisissez le numéro de la pièce choisie.');
  await expect(fieldAlert(app, 'Téléphone du tuteur')).toHaveText(
    'Candidat mineur : le téléphone du tuteur légal est obligatoire.',
  );
  await expect(app.locator('[aria-current="step"]')).toContainText('Identité');
  await app.getByLabel('N° de pièce d’identité').fill('KM7700003');
  await app.getByLabel('N° de pièce (confirmation)').fill('KM7700003');
  await app.getByLabel('Téléphone du tuteur').fill('333 12 35');
  await app.getByLabel('N° de pièce (confirmation)').press('Enter');
  await app.getByLabel('Examen', { exact: true }).selectOption('BAC');
  await app.getByLabel('Série / spécialité').selectOption('D');
  await app.getByLabel('Catégorie').selectOption('scolaire');
  await app.getByLabel('Établissement').selectOption('LSMC');
  await app.getByLabel('Centre d’examen').selectOption('MUT-01');
  await app.getByRole('button', { name: 'Suivant' }).click();
  const age = app.getByText(/^Le candidat a \d+ ans/);
  await expect(age).toBeVisible();
  await app.getByRole('button', { name: 'Précédent' }).click();
  await app.getByLabel('Date de naissance', { exact: true }).fill('03/03/2007');
  await app.getByLabel('Date de naissance (confirmation)').fill('03/03/2007');
  await app.getByRole('button', { name: 'Suivant' }).click();
  await expect(app.locator('[aria-current="step"]')).toContainText('Candidature');
  await expect(age).toHaveCount(0);
  await expect(app.getByLabel('Motif de la dérogation')).toHaveCount(0);
  await app.getByRole('button', { name: 'Suivant' }).click();
  await expect(
    app.getByText(
      'Le centre « Lycée de Mutsamudu » relève d’un autre office : un candidat s’inscrit auprès de l’office de sa région (MOR ici).',
    ),
  ).toBeVisible();
  await expect(app.locator('[aria-current="step"]')).toContainText('Candidature');
  await app.getByLabel('Motif de la dérogation').fill('Famille installée à Mutsamudu depuis octobre');
  await app.getByRole('button', { name: 'Suivant' }).click();
  await expect(app.locator('[aria-current="step"]')).toContainText('Épreuves');
});

test('searching "abderemane" finds "Abdérémane"', async ({ app }) => {
  await login(app, CLERK.username, CLERK.password);
  await app.getByRole('navigation').getByRole('link', { name: 'Candidats' }).click();
  await app.getByLabel('Nom, N° candidat, pièce d’identité ou téléphone').fill('abderemane');
  await expect(app.getByRole('button', { name: /Abdérémane Saïd Ali/ })).toBeVisible();
  await app.getByRole('button', { name: /Abdérémane Saïd Ali/ }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Abdérémane Saïd Ali' })).toBeVisible();
  await expect(app.getByRole('cell', { name: /\/001$/ })).toBeVisible();

  // Under the name he goes by, registered in the wizard test: the result says which name matched.
  await app.getByRole('navigation').getByRole('link', { name: 'Candidats' }).click();
  await app.getByLabel('Nom, N° candidat, pièce d’identité ou téléphone').fill('mohamed');
  await expect(app.getByRole('button', { name: /Abdérémane Saïd Ali \(nom d’usage : Mohamed\)/ })).toBeVisible();
});

test('F3 finds a candidate and F2 starts a registration from any page, but not behind a dialog', async ({ app }) => {
  await login(app, CLERK.username, CLERK.password);
  await expect(app.getByText('F2 pour une nouvelle inscription, F3 pour rechercher un candidat')).toBeVisible();
  await app.getByRole('navigation').getByRole('link', { name: 'Caisse' }).click();
  await app.keyboard.press('F3');
  await expect(app.getByRole('heading', { level: 1, name: 'Candidats' })).toBeVisible();
  const search = app.getByLabel('Nom, N° candidat, pièce d’identité ou téléphone');
  await expect(search).toBeFocused();
  // Enter pressed before the results are back opens the first one when they come (answers held back here).
  await app.route('**/api/candidates.search', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await route.continue();
  });
  await app.keyboard.type('abderemane');
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1, name: 'Abdérémane Saïd Ali' })).toBeVisible();
  await app.unroute('**/api/candidates.search');

  await app.keyboard.press('F2');
  await expect(app.getByRole('heading', { level: 1, name: 'Nouvelle inscription' })).toBeVisible();
  await expect(app.getByLabel('Rechercher un candidat existant')).toBeFocused();
  const surname = app.getByLabel('Nom', { exact: true });
  await surname.fill('Mze');
  // In the middle of a candidate F2 does nothing: what is typed stays.
  await app.keyboard.press('F2');
  await expect(surname).toHaveValue('Mze');

  // A dialog keeps the keyboard: the keys do not move the page behind it.
  await app.getByRole('button', { name: 'Mon mot de passe' }).click();
  const dialog = app.getByRole('dialog', { name: 'Changer mon mot de passe' });
  await expect(dialog).toBeVisible();
  await app.keyboard.press('F3');
  await expect(dialog).toBeVisible();
  await expect(app.getByRole('heading', { level: 1, name: 'Nouvelle inscription' })).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await app.keyboard.press('F3');
  await expect(search).toBeFocused();
});

test('an administrator imports a catalogue: a bad file lists its errors and changes nothing', async ({ app }) => {
  await login(app);
  await app.getByRole('navigation').getByRole('link', { name: 'Administration' }).click();
  await expect(app.getByText(/Catalogue en vigueur : version 1 — Session 2026/)).toBeVisible();
  const file = app.getByLabel('Importer un catalogue (fichier JSON)');

  await file.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 2}') });
  await expect(app.getByText('Catalogue invalide.')).toBeVisible();
  await expect(app.getByRole('list', { name: 'Erreurs du fichier' }).getByRole('listitem').first()).toBeVisible();
  await expect(app.getByText(/Catalogue en vigueur : version 1/)).toBeVisible();

  const demo = JSON.parse(readFileSync('src-main/modules/reference/catalogues/comores-2026.json', 'utf8')) as object;
  const next = Buffer.from(JSON.stringify({ ...demo, version: 2 }));
  await file.setInputFiles({ name: 'comores-v2.json', mimeType: 'application/json', buffer: next });
  await expect(app.getByText('Catalogue version 2 installé.')).toBeVisible();
  await expect(app.getByText(/Catalogue en vigueur : version 2/)).toBeVisible();
});

test('the home page left open counts what another counter registers meanwhile', async ({ app, guichet }) => {
  await login(app, CLERK.username, CLERK.password);
  const today = app.getByRole('region', { name: /^Aujourd’hui/ });
  const counted = /(\d+) inscriptions? enregistrées? à l’office/;
  await expect(today).toContainText(counted);
  const before = Number(counted.exec(await today.innerText())![1]);
  const admin = await apiAs(app, guichet, 'admin', 'Secret#2026');
  expect((await admin('registrations.submit', bacSubmission(40))).ok).toBe(true);
  // The clerk comes back to the window from another program: the day's figures are read again.
  await app.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(today).toContainText(`${before + 1} inscriptions enregistrées à l’office`);
});
