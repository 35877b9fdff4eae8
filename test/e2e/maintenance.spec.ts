import { readFileSync } from 'node:fs';
import { ADMIN, completeSetup, expect, login, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

test('an administrator backs up now, restores at the next start, and exports logs without secrets', async ({ app }) => {
  await completeSetup(app);
  await login(app);
  await app.getByRole('navigation').getByRole('link', { name: 'Administration' }).click();
  await app.getByRole('button', { name: 'Sauvegarder maintenant' }).click();
  await expect(app.getByRole('status').filter({ hasText: /Sauvegarde faite \(0 inscription\)/ })).toBeVisible();
  const restoreButtons = app.getByRole('button', { name: /Restaurer la sauvegarde du/ });
  await expect(restoreButtons.first()).toBeVisible();

  await restoreButtons.first().click();
  await app.getByRole('dialog').getByRole('button', { name: 'Restaurer' }).click();
  await expect(app.getByText('Restauration prête : redémarrez Guichet pour l’appliquer.').first()).toBeVisible();

  const [logs] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Exporter les journaux' }).click(),
  ]);
  const text = readFileSync(await logs.path(), 'utf8');
  expect(text).toContain('backup written');
  expect(text).not.toContain(ADMIN.password);
});

test('the About page shows the version and the data folder', async ({ app, guichet }) => {
  await login(app);
  await app.getByRole('link', { name: 'À propos' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'À propos' })).toBeVisible();
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
  await expect(app.getByRole('definition').filter({ hasText: version })).toBeVisible();
  await expect(app.getByText(guichet.dataDir)).toBeVisible();
});

test('the office’s country, set in Administration, is the nationality a new registration starts with', async ({
  app,
}) => {
  await login(app);
  await app.getByRole('navigation').getByRole('link', { name: 'Administration' }).click();
  // Guichet’s French checks speak, never the browser’s English bubbles, and each attempt shows only its own.
  const idle = app.getByLabel('Verrouillage après inactivité (minutes)');
  const save = app.getByRole('button', { name: 'Enregistrer' });
  await idle.fill('');
  await save.click();
  await expect(app.getByText('Ce champ est obligatoire.')).toBeVisible();
  await idle.fill('0');
  await save.click();
  await expect(app.getByText('Valeur trop courte ou trop petite (minimum 1).')).toBeVisible();
  await expect(app.getByText('Ce champ est obligatoire.')).toHaveCount(0);
  await idle.fill('10');
  const country = app.getByLabel('Pays de l’office');
  await expect(country.locator('option:checked')).toHaveText('Comores');
  await country.selectOption({ label: 'Maroc' });
  await save.click();
  await expect(app.getByText('Paramètres enregistrés.')).toBeVisible();
  await expect(app.getByText('Valeur trop courte ou trop petite (minimum 1).')).toHaveCount(0);

  // No new sign-in needed: the screens follow the setting at once.
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await app.getByRole('link', { name: 'Nouvelle inscription' }).click();
  await expect(app.getByLabel('Nationalité').locator('option:checked')).toHaveText('Maroc');
  await expect(app.getByLabel('Nationalité').locator('optgroup').first().locator('option')).toHaveText('Maroc');
});
