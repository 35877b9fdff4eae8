import { readFileSync } from 'node:fs';
import { BEPC, fillTemplate, pupil, readBack, toBase64 } from '../support/excel';
import { completeSetup, expect, expectNoSeriousA11yViolations, login, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

test('a school list: template, filled in, one row in error, valid rows committed, error report, export', async ({
  app,
}) => {
  await completeSetup(app);
  await login(app);
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await app.getByRole('link', { name: 'Importer une liste Excel' }).click();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Import d’une liste d’établissement');
  await app.getByLabel('Examen collectif').selectOption(BEPC.examCode);
  await app.getByLabel('Établissement').selectOption(BEPC.etablissementCode);

  const [templateDownload] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Télécharger le modèle Excel' }).click(),
  ]);
  expect(templateDownload.suggestedFilename()).toBe('inscriptions-BEPC-CMIT.xlsx');
  const template = readFileSync(await templateDownload.path()).toString('base64');
  const filled = await fillTemplate(template, [pupil(0), pupil(1, { Sexe: 'X' }), pupil(2)]);
  // The picker speaks French whatever the browser's language (this Chromium's is English).
  await expect(app.getByText('Aucun fichier choisi')).toBeVisible();
  const [chooser] = await Promise.all([
    app.waitForEvent('filechooser'),
    app.getByRole('button', { name: 'Choisir un fichier…' }).click(),
  ]);
  await chooser.setFiles({
    name: 'liste-cmit.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(await toBase64(filled), 'base64'),
  });
  await expect(app.getByTestId('ex-summary')).toContainText('Lignes lues : 3 — valides : 2, en erreur : 1.');
  await expect(app.getByText('liste-cmit.xlsx', { exact: true })).toBeVisible();
  const rows = app.getByTestId('ex-rows');
  await expect(rows.getByText('Sexe : valeur « X » absente de la liste (M, F).')).toBeVisible();
  await expect(rows.getByText('En erreur')).toHaveCount(1);

  // Nothing is imported until the clerk says how.
  const commit = app.getByRole('button', { name: 'Importer', exact: true });
  await expect(commit).toBeDisabled();
  await app.getByLabel('Seulement les lignes valides (2)').check();
  const before = Date.now();
  await commit.click();
  await expect(app.getByText('2 inscriptions créées.')).toBeVisible();
  const after = Date.now();
  // The office keeps the record of the lists it took in: this one heads it, 2 rows in, 1 in error.
  const history = app.getByRole('region', { name: 'Listes déjà importées' }).getByRole('row', { name: /liste-cmit/ });
  await expectNoSeriousA11yViolations(app, 'school list import');
  await expect(history.getByRole('cell')).toHaveText([
    /\d\d\/\d\d\/\d{4}/,
    'liste-cmit.xlsx',
    'BEPC',
    'CMIT',
    '2',
    '1',
    'Awa Mohamed',
  ]);

  const [reportDownload] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Télécharger le rapport d’erreurs' }).click(),
  ]);
  const report = (await readBack(readFileSync(await reportDownload.path()).toString('base64'))).getWorksheet(
    'Candidats',
  )!;
  const errorsCol = (report.getRow(1).values as unknown[]).indexOf('Erreurs');
  expect(report.getRow(3).getCell(errorsCol).value).toBe('Sexe : valeur « X » absente de la liste (M, F).');

  // The school's representative pays for the list there and then: the cash desk opens on it.
  await app.getByRole('link', { name: 'Encaisser les droits de la liste' }).click();
  const school = app.getByRole('region', { name: 'Paiement d’un établissement' });
  await expect(school.getByText(/2 inscriptions à payer — total 10\s000\sKMF/)).toBeVisible();

  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  // The list reads the office's clock (Moroni, UTC+3), whichever minute the commit fell in.
  const moroni = new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Indian/Comoro',
  });
  const minutes = new Set([before, after].map((ms) => moroni.format(new Date(ms))));
  const shown = await app.getByRole('row').filter({ hasText: 'BEPC' }).first().textContent();
  expect([...minutes].some((m) => shown?.includes(m))).toBe(true);
  const [exportDownload] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Excel (.xlsx)' }).click(),
  ]);
  const exported = (await readBack(readFileSync(await exportDownload.path()).toString('base64'))).getWorksheet(
    'Inscriptions',
  )!;
  expect(exported.actualRowCount).toBe(3);
  const exportedHeaders = exported.getRow(1).values as unknown[];
  expect(exported.getRow(2).getCell(exportedHeaders.indexOf('Examen')).value).toBe('BEPC');
  const [dossiersDownload] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'États des dossiers (.xlsx)' }).click(),
  ]);
  const dossiers = (await readBack(readFileSync(await dossiersDownload.path()).toString('base64'))).getWorksheet(
    'Dossiers',
  )!;
  expect(dossiers.actualRowCount).toBe(3);
  expect(dossiers.getRow(1).getCell(dossiers.columnCount).value).toBe('Dossier complet');
  expect(dossiers.getRow(2).getCell(dossiers.columnCount).value).toBe('Non');

  // Until the figures arrive the page says it is loading, not « 0 inscription active. ».
  let answer: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (answer = resolve));
  await app.route('**/api/reports.counts', async (route) => {
    await held;
    await route.continue();
  });
  await app.getByRole('link', { name: 'Statistiques' }).click();
  await expect(app.getByTestId('rp-total')).toHaveText('Chargement…');
  answer();
  await expect(app.getByTestId('rp-total')).toHaveText('2 inscriptions actives.');
  await app.unroute('**/api/reports.counts');
  await app.getByLabel('Répartition par').selectOption('etablissement');
  await expect(app.getByRole('cell', { name: 'Collège de Mitsamiouli' })).toBeVisible();
  await app.getByLabel('Répartition par').selectOption({ label: 'Nationalité' });
  await expect(app.getByRole('cell', { name: 'Comores' })).toBeVisible();
  // Days are typed day first; one that does not exist is said at its field, and the figures stay.
  const from = app.getByLabel('Du', { exact: true });
  await from.fill('31/02/2026');
  await from.press('Tab');
  await expect(app.getByRole('alert').filter({ hasText: 'Date invalide.' })).toBeVisible();
  await expect(app.getByTestId('rp-total')).toHaveText('2 inscriptions actives.');
  await from.fill('01/01/2099');
  await expect(app.getByTestId('rp-total')).toHaveText('0 inscription active.');
  await expect(app.getByText('Date invalide.')).toHaveCount(0);
  await from.fill('');
  await expect(app.getByTestId('rp-total')).toHaveText('2 inscriptions actives.');
  // A range ending before it starts is said at « Au », rather than counted as nothing.
  const to = app.getByLabel('Au', { exact: true });
  await to.fill('01/11/2099');
  await from.fill('28/11/2099');
  await expect(app.getByRole('alert').filter({ hasText: 'Cette date est avant celle du champ « Du ».' })).toBeVisible();
  await expect(app.getByTestId('rp-total')).toHaveText('2 inscriptions actives.');
  await from.fill('');
  await to.fill('');
  await expect(app.getByText('Cette date est avant celle du champ « Du ».')).toHaveCount(0);
  const [pdf] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Imprimer (PDF)' }).click(),
  ]);
  expect(
    readFileSync(await pdf.path())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
});

test('a cancelled import says so beside « Importer », as a status, where its progress was', async ({ app }) => {
  await login(app);
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await app.getByRole('link', { name: 'Importer une liste Excel' }).click();
  await app.getByLabel('Examen collectif').selectOption(BEPC.examCode);
  await app.getByLabel('Établissement').selectOption(BEPC.etablissementCode);
  const [templateDownload] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Télécharger le modèle Excel' }).click(),
  ]);
  const template = readFileSync(await templateDownload.path()).toString('base64');
  const filled = await fillTemplate(template, [pupil(40), pupil(41), pupil(42, { 'Date de naissance': '31/02/2011' })]);
  const [chooser] = await Promise.all([
    app.waitForEvent('filechooser'),
    app.getByRole('button', { name: 'Choisir un fichier…' }).click(),
  ]);
  await chooser.setFiles({
    name: 'liste-annulee.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(await toBase64(filled), 'base64'),
  });
  await expect(app.getByTestId('ex-summary')).toContainText('valides : 2, en erreur : 1.');
  // A day that does not exist reads as the school typed it, beside the others' dd/mm/yyyy.
  const rows = app.getByTestId('ex-rows');
  await expect(rows.getByRole('row', { name: /Date invalide/ })).toContainText('31/02/2011');
  await app.getByText('Afficher seulement les lignes en erreur').click();
  await expect(rows.getByRole('row', { name: /Fatima/ }).nth(0)).toContainText(/\d\d\/\d\d\/2011/);
  await expect(rows).not.toContainText('2011-');
  await app.getByLabel('Seulement les lignes valides (2)').check();

  // The commit is held while the clerk presses Annuler, then answers as src-main does for a cancelled one.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await app.route('**/api/excel.commit', async (route) => {
    await held;
    await route.fulfill({
      json: {
        ok: false,
        error: { code: 'conflict', message: 'Import cancelled', fields: { file: { code: 'import_cancelled' } } },
      },
    });
  });
  await app.getByRole('button', { name: 'Importer', exact: true }).click();
  const byCommit = app.getByTestId('ex-commit-progress');
  await expect(byCommit.getByRole('status')).toHaveText('Import en cours…');
  await byCommit.getByRole('button', { name: 'Annuler' }).click();
  release();
  await expect(byCommit.getByRole('status')).toHaveText('Import annulé : aucune inscription n’a été enregistrée.');
  // Not an error under the file picker, far from the button the clerk used.
  const fileField = app.locator('.gf-field').filter({ has: app.getByLabel('Fichier rempli (.xlsx)') });
  await expect(fileField.getByRole('alert')).toHaveCount(0);
  await expect(app.getByRole('alert').filter({ hasText: 'Import annulé' })).toHaveCount(0);
  await app.unroute('**/api/excel.commit');
  // Nothing was saved: the clerk may import the same list again, and it goes through.
  await app.getByRole('button', { name: 'Importer', exact: true }).click();
  await expect(app.getByText('2 inscriptions créées.')).toBeVisible();
  await expect(byCommit).toHaveCount(0);
});

test('a file too large for a list is refused at the file field before it is read or sent', async ({ app }) => {
  await login(app);
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await app.getByRole('link', { name: 'Importer une liste Excel' }).click();
  await app.getByLabel('Examen collectif').selectOption(BEPC.examCode);
  await app.getByLabel('Établissement').selectOption(BEPC.etablissementCode);
  const sent: string[] = [];
  app.on('request', (r) => void (/\/api\/excel\./.test(r.url()) && sent.push(r.url())));
  const [chooser] = await Promise.all([
    app.waitForEvent('filechooser'),
    app.getByRole('button', { name: 'Choisir un fichier…' }).click(),
  ]);
  await chooser.setFiles({
    name: 'photos-de-classe.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.alloc(16_000_000, 7),
  });
  await expect(app.locator('#ex-file-error')).toHaveText('Fichier trop volumineux : une liste fait 15 Mo au plus.');
  expect(sent).toEqual([]);
});
