import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { bacSubmission } from '../support/submissions';
import { fakeExe, makePdf, photoLike, png } from '../support/files';
import { apiAs, expect, login, openOffice, pdfText, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

test('attach a PDF, a scan and a photo, refuse a fake PDF, judge a piece non conforme then conforme: the dossier is complet', async ({
  app,
  guichet,
}) => {
  const admin = await openOffice(app, guichet);
  const saved = (await admin('registrations.submit', bacSubmission(4))) as {
    ok: boolean;
    value: { registration: { number: string } };
  };
  expect(saved.ok).toBe(true);
  await app.getByRole('button', { name: 'Se déconnecter' }).click();

  await login(app, 'zaina', 'Guichet#26');
  // The previews are blob: URLs in <img> and <iframe>: the CSP must let them through.
  await app.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await app.getByRole('navigation').getByRole('link', { name: 'Dossiers' }).click();
  await app.getByLabel('Rechercher le candidat').fill('KM1234571');
  await app.getByRole('button', { name: /Abdérémane Saïd Ali/ }).click();
  await app.getByRole('button', { name: new RegExp(`Ouvrir le dossier ${saved.value.registration.number}`) }).click();
  await expect(app.getByTestId('dossier-state')).toHaveText('Incomplet');
  await expect(app.getByTestId('photo-missing')).toHaveText(/la photo d’examen manque/);

  const piece = (code: string) => app.locator(`li[data-piece="${code}"]`);
  const file = (name: string, mimeType: string, buffer: Buffer) => ({ name, mimeType, buffer });

  await piece('NAISSANCE')
    .getByLabel('Joindre un fichier')
    .setInputFiles(file('acte.pdf', 'application/pdf', await makePdf(2, 'Acte')));
  await expect(piece('NAISSANCE').getByTestId('status')).toHaveText('Reçue');

  // An executable renamed .pdf: refused at the field, in French, and the piece stays missing.
  await piece('IDENTITE')
    .getByLabel('Joindre un fichier')
    .setInputFiles(file('cni.pdf', 'application/pdf', fakeExe()));
  await expect(piece('IDENTITE').getByRole('alert')).toContainText('ni un PDF, ni une image JPEG ou PNG');
  await expect(piece('IDENTITE').getByTestId('status')).toHaveText('Manquante');
  // The refused file is not shown as if it were the piece's.
  await expect(piece('IDENTITE')).toContainText('Aucun fichier choisi');
  await expect(piece('IDENTITE')).not.toContainText('cni.pdf');

  await piece('IDENTITE')
    .getByLabel('Joindre un fichier')
    .setInputFiles(file('cni.png', 'image/png', await png(900, 600)));
  await expect(piece('IDENTITE').getByTestId('status')).toHaveText('Reçue');
  await piece('SCOLARITE')
    .getByLabel('Joindre un fichier')
    .setInputFiles(file('certificat.pdf', 'application/pdf', await makePdf(1, 'Certificat')));
  await expect(piece('SCOLARITE').getByTestId('status')).toHaveText('Reçue');

  await app.getByLabel('N° de photo (studio)').fill('ST-0412');
  await app.getByLabel('Choisir la photo').setInputFiles(file('photo.jpg', 'image/jpeg', await photoLike(1200, 900)));
  await expect(app.getByText('Photo enregistrée.')).toBeVisible();
  await expect(app.getByTestId('photo')).toBeVisible();
  await expect(app.getByTestId('photo-missing')).toHaveCount(0);

  // Preview before judging: the scan is shown inside the app.
  await piece('IDENTITE').getByRole('button', { name: 'Aperçu' }).click();
  await expect(app.getByRole('dialog', { name: 'Aperçu' }).getByRole('img')).toBeVisible();
  await app.getByRole('button', { name: 'Fermer l’aperçu' }).click();
  await piece('NAISSANCE').getByRole('button', { name: 'Aperçu' }).click();
  await expect(app.getByRole('dialog', { name: 'Aperçu' }).locator('iframe')).toBeVisible();
  await app.getByRole('button', { name: 'Fermer l’aperçu' }).click();

  await piece('NAISSANCE').getByRole('button', { name: 'Non conforme' }).click();
  await piece('NAISSANCE').getByRole('button', { name: 'Enregistrer la non-conformité' }).click();
  await expect(piece('NAISSANCE').getByRole('alert')).toContainText('Indiquez pourquoi');
  await piece('NAISSANCE').getByLabel('Motif de non-conformité').fill('Tampon de la mairie illisible');
  await piece('NAISSANCE').getByRole('button', { name: 'Enregistrer la non-conformité' }).click();
  await expect(piece('NAISSANCE').getByTestId('status')).toHaveText('Non conforme');
  await expect(piece('NAISSANCE').getByText('Tampon de la mairie illisible')).toBeVisible();
  // Who judged it, by the name receipts print rather than the login.
  await expect(piece('NAISSANCE')).toContainText(/par Zaïna Ali le \d\d\/\d\d\/\d{4}/);

  for (const code of ['NAISSANCE', 'IDENTITE', 'SCOLARITE']) {
    await piece(code).getByRole('button', { name: 'Conforme', exact: true }).click();
    await expect(piece(code).getByTestId('status')).toHaveText('Conforme');
  }
  await expect(app.getByTestId('dossier-state')).toHaveText('Complet');

  const [download] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Télécharger le dossier PDF' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`dossier-${saved.value.registration.number.replace('/', '-')}.pdf`);
  const cover = pdfText(await download.path());
  expect(cover).toMatch(/État du dossier : Complet/);
  expect(cover).toMatch(/Acte de naissance\s+Obligatoire\s+Conforme/);

  // Back to the list: filtered on complete dossiers, this one is there.
  await app.getByRole('button', { name: 'Changer d’inscription' }).click();
  await app.getByLabel('État du dossier').selectOption('complet');
  await expect(app.getByRole('cell', { name: saved.value.registration.number })).toBeVisible();
  expect(await app.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);

  // Opened again later, each piece names the file it holds.
  await app.goBack();
  await app.reload();
  await expect(piece('NAISSANCE')).toContainText('acte.pdf');
  await expect(piece('NAISSANCE')).not.toContainText('Aucun fichier choisi');
});

test('a scan dropped in the scanner folder appears in the "À classer" tray and is filed in two clicks', async ({
  app,
  guichet,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'guichet-e2e-scans-'));
  await login(app);
  const admin = await apiAs(app, guichet, 'admin', 'Secret#2026');
  const saved = (await admin('registrations.submit', bacSubmission(5))) as {
    ok: boolean;
    value: { registration: { id: string } };
  };
  expect(saved.ok).toBe(true);
  expect((await admin('inbox.configure', { folder })).ok).toBe(true);
  writeFileSync(join(folder, 'scan-0042.pdf'), await makePdf(1, 'Scan'));

  // The post-login redirect to Accueil must be over, or it would override this address.
  await expect(app.getByRole('heading', { level: 1, name: /Bienvenue/ })).toBeVisible();
  await app.goto(`${guichet.url.split('#')[0]}#/dossiers?registration=${saved.value.registration.id}`);
  const item = app.locator('li[data-inbox="scan-0042.pdf"]');
  await expect(item).toBeVisible({ timeout: 15_000 });
  await item.getByLabel('Pièce pour « scan-0042.pdf »').selectOption('SCOLARITE');
  await item.getByRole('button', { name: 'Classer' }).click();
  await expect(app.locator('li[data-piece="SCOLARITE"]').getByTestId('status')).toHaveText('Reçue');
  await expect(item).toHaveCount(0);
  expect(existsSync(join(folder, 'scan-0042.pdf'))).toBe(false);
  rmSync(folder, { recursive: true, force: true });
});

test('a 9 MB phone photo is accepted, and the exam photo taken with the webcam keeps the 3:4 frame', async ({
  app,
  guichet,
}) => {
  await login(app);
  const admin = await apiAs(app, guichet, 'admin', 'Secret#2026');
  const saved = (await admin('registrations.submit', bacSubmission(6))) as {
    ok: boolean;
    value: { registration: { id: string } };
  };
  // A camera for a headless browser: a painted canvas streamed as the webcam would be.
  await app.evaluate(() => {
    navigator.mediaDevices.getUserMedia = async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 1280;
      canvas.height = 960;
      const g = canvas.getContext('2d')!;
      const paint = () => {
        g.fillStyle = '#3a6ea5';
        g.fillRect(0, 0, 1280, 960);
        g.fillStyle = '#f1c27d';
        g.beginPath();
        g.ellipse(640, 400, 180, 240, 0, 0, Math.PI * 2);
        g.fill();
      };
      paint();
      setInterval(paint, 100);
      return canvas.captureStream(10);
    };
  });
  // The post-login redirect to Accueil must be over, or it would override this address.
  await expect(app.getByRole('heading', { level: 1, name: /Bienvenue/ })).toBeVisible();
  await app.goto(`${guichet.url.split('#')[0]}#/dossiers?registration=${saved.value.registration.id}`);
  // Too big and not a picture the page can shrink: refused at the field, with the limit, and never sent.
  const sent: string[] = [];
  app.on('request', (r) => void (/\/api\/dossier\.(photo|attach)$/.test(r.url()) && sent.push(r.url())));
  const junk = (name: string, size: number) => ({ name, mimeType: 'image/jpeg', buffer: Buffer.alloc(size, 7) });
  await app.getByLabel('Choisir la photo').setInputFiles(junk('scan.jpg', 16_000_000));
  await expect(app.locator('#photo-file-error')).toHaveText('Fichier trop volumineux : 15 Mo au plus.');
  const identity = app.locator('li[data-piece="IDENTITE"]');
  await identity.getByLabel('Joindre un fichier').setInputFiles(junk('cni.jpg', 6_000_000));
  await expect(identity.getByRole('alert')).toHaveText('Fichier trop volumineux : 5 Mo au plus.');
  expect(sent).toEqual([]);
  // What gets past the page anyway (22 MB of base64) still reaches Chromium as a Result for the file field.
  const oversized = await app.evaluate(async () => {
    const res = await fetch('/api/dossier.photo', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${sessionStorage.getItem('guichet.launchToken')}`,
      },
      body: JSON.stringify({ input: { base64: 'A'.repeat(22_000_000) } }),
    });
    return res.json() as unknown;
  });
  expect(oversized).toMatchObject({ ok: false, error: { fields: { file: { code: 'file_too_big' } } } });

  // A 9 MB phone picture: more than the web host takes in one call, so the page shrinks it first.
  const raw = Buffer.alloc(1800 * 1800 * 3);
  let x = 1;
  for (let i = 0; i < raw.length; i++) raw[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
  const big = await sharp(raw, { raw: { width: 1800, height: 1800, channels: 3 } })
    .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
    .toBuffer();
  expect(big.length).toBeGreaterThan(8_000_000);
  await app.getByLabel('Choisir la photo').setInputFiles({ name: 'tel.jpg', mimeType: 'image/jpeg', buffer: big });
  await expect(app.getByText('Photo enregistrée.')).toBeVisible();
  await expect(app.getByText('Photo enregistrée.')).toBeHidden();

  await app.getByRole('button', { name: 'Prendre la photo avec la webcam' }).click();
  await expect(app.getByLabel('Image de la webcam')).toBeVisible();
  await app.getByRole('button', { name: 'Capturer' }).click();
  await expect(app.getByText('Photo enregistrée.')).toBeVisible();
  const size = await app
    .getByTestId('photo')
    .evaluate((img: HTMLImageElement) => img.decode().then(() => [img.naturalWidth, img.naturalHeight]));
  expect(size).toEqual([450, 600]);
});
