import { readFileSync } from 'node:fs';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';
import { apiAs, completeSetup, expect, login, pdfText, test } from './fixtures';
import { downloadFromPreview } from './preview';

test.describe.configure({ mode: 'serial' });

test('the QR of a printed fiche verifies on the Impressions page; an altered one does not', async ({
  app,
  guichet,
}) => {
  await completeSetup(app);
  await login(app);
  const admin = await apiAs(app, guichet, 'admin', 'Secret#2026');
  const saved = (await admin('registrations.submit', bacSubmission(5))) as {
    value: { candidate: { id: string; number: string } };
  };
  await app.goto(`${guichet.url.split('#')[0]}#/candidats/${saved.value.candidate.id}`);
  const fiche = await downloadFromPreview(
    app,
    () => app.getByRole('button', { name: 'Imprimer la fiche' }).click(),
    'Aperçu de la fiche',
  );
  const payload = readPdf(readFileSync(await fiche.path()).toString('base64')).qr();
  expect(payload).toMatch(/^G1\./);

  await app.getByRole('navigation').getByRole('link', { name: 'Impressions' }).click();
  await app.getByLabel('Contenu du code QR').fill(payload);
  await app.getByRole('button', { name: 'Vérifier' }).click();
  await expect(app.getByTestId('verify-verdict')).toContainText(
    `Fiche authentique : Abdérémane Saïd Ali F, N° ${saved.value.candidate.number}`,
  );
  await expect(app.getByTestId('verify-verdict')).toContainText('version 1');

  const [prefix, body, sig] = payload.split('.');
  // The forger claims version 2 of the same fiche with the original signature.
  const altered = Buffer.from(Buffer.from(body!, 'base64url').toString().replace('"v":1', '"v":2')).toString(
    'base64url',
  );
  await app.getByLabel('Contenu du code QR').fill(`${prefix}.${altered}.${sig}`);
  await app.getByRole('button', { name: 'Vérifier' }).click();
  await expect(app.getByTestId('verify-verdict')).toHaveText('Fiche non authentique (signature invalide).');
});

test('fiches print by batch for a filter, an empty filter says so, and the day recap downloads', async ({ app }) => {
  await login(app);
  await app.getByRole('navigation').getByRole('link', { name: 'Impressions' }).click();
  await app.getByLabel('Centre d’examen').first().selectOption('MUT-01');
  await expect(app.getByText('Fiches concernées : 0')).toBeVisible();
  await app.getByRole('button', { name: 'Imprimer les fiches' }).click();
  await expect(app.getByText('Aucune inscription ne correspond à ces critères : rien à imprimer.')).toBeVisible();

  await app.getByLabel('Centre d’examen').first().selectOption('MOR-01');
  await expect(app.getByText('Fiches concernées : 1')).toBeVisible();
  const [batch] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Imprimer les fiches' }).click(),
  ]);
  expect(pdfText(await batch.path())).toContain('Abdérémane');
  await expect(app.getByText('Lot de 1 fiche(s) téléchargé.')).toBeVisible();

  const recap = await downloadFromPreview(
    app,
    () => app.getByRole('button', { name: 'Imprimer le récapitulatif' }).click(),
    /Récapitulatif journalier du/,
  );
  expect(pdfText(await recap.path())).toContain('Récapitulatif journalier');
});
