import { readFileSync } from 'node:fs';
import type { Page, Request } from '@playwright/test';
import QRCode from 'qrcode';
import { localDay } from '../../shared/domain/localTime';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';
import { camerasOff, fakeCamera } from './camera';
import { apiAs, completeSetup, expect, login, pdfText, test } from './fixtures';
import { downloadFromPreview } from './preview';

test.describe.configure({ mode: 'serial' });

const calendarOf = (ymd: string) => ymd.split('-').reverse().join('/');

/** The fiche printed by the first test: its QR text, its QR image as embedded in the PDF, its candidate number. */
let printed: { payload: string; image: Buffer; number: string };

/** What a forger would print: version 2 of the same fiche, with the original signature. */
function altered(payload: string) {
  const [prefix, body, sig] = payload.split('.');
  const forged = Buffer.from(Buffer.from(body!, 'base64url').toString().replace('"v":1', '"v":2')).toString(
    'base64url',
  );
  return `${prefix}.${forged}.${sig}`;
}

async function openVerify(app: Page, camera: Parameters<typeof fakeCamera>[1]) {
  await login(app);
  await expect(app.getByRole('heading', { level: 1, name: /Bienvenue/ })).toBeVisible();
  await fakeCamera(app, camera);
  await app.getByRole('navigation').getByRole('link', { name: 'Impressions' }).click();
}

test('the QR of a printed fiche verifies on the Impressions page; an altered one does not', async ({
  app,
  guichet,
}) => {
  await completeSetup(app);
  await login(app);
  // Signing in ends on the home page: going elsewhere before it is there would be undone.
  await expect(app.getByRole('heading', { level: 1, name: /Bienvenue/ })).toBeVisible();
  const admin = await apiAs(app, guichet, 'admin', 'Secret#2026');
  const saved = (await admin('registrations.submit', bacSubmission(5))) as {
    value: { candidate: { id: string; number: string } };
  };
  await app.goto(`${guichet.url.split('#')[0]}#/candidats/${saved.value.candidate.id}`);
  // The administrator sees the candidate's history in words, not as stored codes.
  await expect(app.getByText(/ — admin — Création d’un candidat$/)).toBeVisible();
  const fiche = await downloadFromPreview(
    app,
    () => app.getByRole('button', { name: 'Imprimer la fiche' }).click(),
    'Aperçu de la fiche',
  );
  const pdf = readPdf(readFileSync(await fiche.path()).toString('base64'));
  const payload = pdf.qr();
  expect(payload).toMatch(/^G1\./);
  printed = { payload, image: pdf.qrImage(), number: saved.value.candidate.number };

  await app.getByRole('navigation').getByRole('link', { name: 'Impressions' }).click();
  await app.getByLabel('Contenu du code QR').fill(payload);
  await app.getByRole('button', { name: 'Vérifier' }).click();
  await expect(app.getByTestId('verify-verdict')).toContainText(
    `Fiche authentique : Abdérémane Saïd Ali F, N° ${saved.value.candidate.number}`,
  );
  await expect(app.getByTestId('verify-verdict')).toContainText('version 1');

  await app.getByLabel('Contenu du code QR').fill(altered(payload));
  await app.getByRole('button', { name: 'Vérifier' }).click();
  await expect(app.getByTestId('verify-verdict')).toHaveText('Fiche non authentique (signature invalide).');
});

test('a fiche held up to the webcam is read, found authentic with its version, and the camera is released', async ({
  app,
}) => {
  await openVerify(app, printed.image);
  await app.getByRole('button', { name: 'Lire avec la webcam' }).click();
  await expect(app.getByTestId('verify-verdict')).toContainText(
    `Fiche authentique : Abdérémane Saïd Ali F, N° ${printed.number}`,
  );
  await expect(app.getByTestId('verify-verdict')).toContainText('version 1');
  await expect(app.getByLabel('Contenu du code QR')).toHaveValue(printed.payload);
  await expect(app.getByRole('dialog', { name: 'Lecture du code QR' })).toBeHidden();
  expect(await camerasOff(app)).toBe(true);
});

test('the webcam reading an altered fiche says it is not authentic', async ({ app }) => {
  const forged = await QRCode.toBuffer(altered(printed.payload), { errorCorrectionLevel: 'M', margin: 4, scale: 4 });
  await openVerify(app, forged);
  await app.getByRole('button', { name: 'Lire avec la webcam' }).click();
  await expect(app.getByTestId('verify-verdict')).toHaveText('Fiche non authentique (signature invalide).');
  await expect(app.getByLabel('Contenu du code QR')).toHaveValue(altered(printed.payload));
  expect(await camerasOff(app)).toBe(true);
});

test('a refused webcam says so at the field', async ({ app }) => {
  await openVerify(app, 'refused');
  await app.getByRole('button', { name: 'Lire avec la webcam' }).click();
  await expect(app.locator('#vf-payload-error')).toHaveText(
    'L’accès à la webcam a été refusé : autorisez-le pour Guichet, puis réessayez.',
  );
  await expect(app.getByRole('dialog', { name: 'Lecture du code QR' })).toBeHidden();
  await expect(app.getByTestId('verify-verdict')).toHaveCount(0);
});

test('closing the dialog turns the camera off; a camera that sees no code gives up with a message', async ({ app }) => {
  await app.clock.install();
  await openVerify(app, 'blank');
  const dialog = app.getByRole('dialog', { name: 'Lecture du code QR' });
  await app.getByRole('button', { name: 'Lire avec la webcam' }).click();
  await expect(dialog.getByLabel('Image de la webcam')).toBeVisible();
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(dialog).toBeHidden();
  expect(await camerasOff(app)).toBe(true);
  await expect(app.locator('#vf-payload-error')).toHaveCount(0);

  await app.getByRole('button', { name: 'Lire avec la webcam' }).click();
  await expect(dialog.getByLabel('Image de la webcam')).toBeVisible();
  await app.clock.fastForward(21_000);
  await expect(app.locator('#vf-payload-error')).toHaveText(
    'Aucun code QR lu en 20 secondes : rapprochez la fiche de la webcam, avec un bon éclairage, puis réessayez.',
  );
  await expect(dialog).toBeHidden();
  expect(await camerasOff(app)).toBe(true);
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
  await expect(app.getByText('Lot de 1 fiche téléchargé.')).toBeVisible();

  // A day after today is refused at its field, in French, with nothing asked of src-main: the hidden
  // calendar input used to hold it and Chromium blocked the form with « Value must be … or earlier. ».
  const recapForm = app.getByRole('region', { name: 'Récapitulatif journalier' });
  const day = recapForm.getByLabel('Journée', { exact: true });
  const today = localDay(new Date());
  const tomorrow = localDay(new Date(Date.now() + 86_400_000));
  const recaps: string[] = [];
  const count = (r: Request) => void (r.url().endsWith('/api/printing.recap') && recaps.push(r.url()));
  app.on('request', count);
  await day.fill(calendarOf(tomorrow));
  const error = recapForm
    .locator('.gf-field')
    .filter({ has: app.getByLabel('Journée', { exact: true }) })
    .getByRole('alert');
  await expect(error).toHaveText(`La date doit être au plus tard le ${calendarOf(today)}.`);
  await day.press('Enter');
  await recapForm.getByRole('button', { name: 'Imprimer le récapitulatif' }).click();
  // Nothing in the form is invalid to the browser, so it has no bubble of its own to show.
  expect(await recapForm.locator('form').evaluate((f: HTMLFormElement) => f.checkValidity())).toBe(true);
  await expect(app.getByRole('dialog')).toHaveCount(0);
  expect(recaps).toEqual([]);
  app.off('request', count);
  await day.fill(calendarOf(today));
  await expect(error).toHaveCount(0);

  const recap = await downloadFromPreview(
    app,
    () => app.getByRole('button', { name: 'Imprimer le récapitulatif' }).click(),
    /Récapitulatif journalier du/,
  );
  expect(pdfText(await recap.path())).toContain('Récapitulatif journalier');

  // Whom to call: every dossier here still lacks its pieces and photo.
  const reminders = await downloadFromPreview(
    app,
    () => app.getByRole('button', { name: 'Imprimer les relances (pièces manquantes)' }).click(),
    'Pièces manquantes — relances',
  );
  const remindersText = pdfText(await reminders.path());
  expect(remindersText).toContain('Pièces manquantes — relances');
  expect(remindersText).toMatch(/\d+ dossiers? incomplets?/);
});
