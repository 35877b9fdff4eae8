import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bacSubmission } from '../support/submissions';
import { apiAs, backgroundRunEnded, completeSetup, expect, login, test } from './fixtures';
import { hqServer } from './hq';

test.describe.configure({ mode: 'serial' });

const hq = hqServer();
test.afterAll(() => hq.dispose());

test('an offline office exports a bundle to USB, HQ imports it, its acknowledgement marks the records sent; a bogus file is refused in French', async ({
  app,
  guichet,
}) => {
  await hq.start();
  hq.cli('add-office', '--code', 'MOR', '--name', 'Office régional de Moroni', '--region', 'Ngazidja');
  const code = /: (\S+)$/.exec(hq.cli('enrol-code', '--office', 'MOR'))![1]!;
  await completeSetup(app);
  await login(app);
  const admin = await apiAs(app, guichet, 'admin', 'Secret#2026');
  expect(((await admin('sync.enrol', { serverUrl: hq.url, code })) as { ok: boolean }).ok).toBe(true);
  await backgroundRunEnded(admin);
  // The connection is gone for days: the records leave on a USB key.
  await hq.stop();
  expect(((await admin('registrations.submit', bacSubmission(3))) as { ok: boolean }).ok).toBe(true);

  await app.getByRole('navigation').getByRole('link', { name: 'Synchronisation' }).click();
  await expect(app.getByRole('heading', { name: 'Transfert par clé USB' })).toBeVisible();
  const downloading = app.waitForEvent('download');
  await app.getByRole('button', { name: 'Exporter vers clé USB' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^guichet-MOR-G1-\d{14}\.bundle$/);
  await expect(app.getByText(/2 enregistrements et 0 fichiers exportés/)).toBeVisible();
  const dir = mkdtempSync(join(tmpdir(), 'guichet-e2e-usb-'));
  const bundle = join(dir, 'office.bundle');
  await download.saveAs(bundle);

  const imported = hq.cli('import-bundle', '--file', bundle);
  expect(imported).toMatch(/records 2 new/);
  const workstation = /workstation (\S+):/.exec(imported)![1]!;
  const ack = join(dir, 'ack.json');
  hq.cli('export-ack', '--workstation', workstation, '--file', ack);

  const bogus = join(dir, 'bogus.json');
  writeFileSync(bogus, JSON.stringify({ hello: 'world' }));
  await app.getByLabel('Accusé de réception du siège (fichier .json)').setInputFiles(bogus);
  await expect(
    app.getByText('Ce fichier n’est pas un accusé de réception du siège. Rien n’a été modifié.'),
  ).toBeVisible();

  await app.getByLabel('Accusé de réception du siège (fichier .json)').setInputFiles(ack);
  await expect(app.getByText(/Accusé de réception importé : 2 enregistrements marqués comme reçus/)).toBeVisible();
  await expect(
    app
      .locator('dt')
      .filter({ hasText: /^Envoyés$/ })
      .locator('+ dd'),
  ).toHaveText('2');
});
