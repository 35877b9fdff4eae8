import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { ADMIN, apiAs, completeSetup, expect, expectNoSeriousA11yViolations, login, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

test('first run: setup, then login and logout', async ({ app }, testInfo) => {
  await expectNoSeriousA11yViolations(app, 'setup');
  await completeSetup(app);
  await expect(app.getByRole('button', { name: 'Se connecter' })).toBeVisible();
  await expectNoSeriousA11yViolations(app, 'login');
  await login(app);
  const status = app.getByRole('contentinfo');
  await expect(status).toContainText('MOR');
  await expect(status).toContainText('G1');
  await expect(status).toContainText(ADMIN.displayName);
  await expectNoSeriousA11yViolations(app, 'shell');
  await app.screenshot({ path: testInfo.outputPath('shell.png') });
  await app.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(app.getByRole('button', { name: 'Se connecter' })).toBeVisible();
});

test('a wrong password shows a French message at the password field', async ({ app }) => {
  await login(app, ADMIN.username, 'Mauvais#2026');
  const field = app.getByLabel('Mot de passe', { exact: true });
  await expect(field).toBeVisible();
  await expect(app.getByText(/mot de passe incorrect/i)).toBeVisible();
});

test('an administrator creates a clerk, who cannot reach Administration', async ({ app, guichet }) => {
  await login(app);
  await app.getByRole('navigation').getByRole('link', { name: 'Administration' }).click();
  await app.getByRole('link', { name: 'Utilisateurs' }).click();
  await expectNoSeriousA11yViolations(app, 'users');
  await app.getByRole('button', { name: 'Créer un utilisateur' }).click();
  const dialog = app.getByRole('dialog');
  await dialog.getByLabel('Nom d’utilisateur').fill('fatima');
  await dialog.getByLabel('Nom affiché').fill('Fatima Saïd');
  await dialog.getByLabel('Rôle').selectOption({ label: 'Guichetier' });
  await dialog.getByLabel('Mot de passe', { exact: true }).fill('Guichet#26');
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(app.getByText('Son mot de passe est provisoire', { exact: false })).toBeVisible();
  await expect(app.getByRole('row').filter({ hasText: 'fatima' })).toContainText('Mot de passe provisoire');
  // Never signed in yet, unlike the administrator looking at the list.
  await expect(app.getByRole('row').filter({ hasText: 'fatima' })).toContainText('jamais');
  await expect(app.getByRole('row').filter({ hasText: 'admin' })).toContainText(/\d\d\/\d\d\/\d{4} \d\d:\d\d/);
  // Every button in view at 1280×800, beside the menu; one’s own password is changed with « Mon mot de
  // passe », which asks for the current one, not reset from the list.
  expect(await app.getByRole('main').evaluate((main) => main.scrollWidth <= main.clientWidth)).toBe(true);
  const mine = app.getByRole('row').filter({ hasText: ADMIN.displayName });
  await expect(mine.getByRole('button', { name: 'Modifier' })).toBeVisible();
  await expect(mine.getByRole('button', { name: 'Réinitialiser le mot de passe' })).toHaveCount(0);
  await app.getByRole('button', { name: 'Se déconnecter' }).click();

  // The administrator knows the password typed here: the clerk replaces it before anything else.
  await login(app, 'fatima', 'Guichet#26');
  await expect(app.getByRole('heading', { level: 1, name: 'Choisissez votre mot de passe' })).toBeVisible();
  await app.goto(app.url().replace(/#.*$/, '#/candidats'));
  await expect(app.getByRole('heading', { level: 1, name: 'Choisissez votre mot de passe' })).toBeVisible();
  const early = await apiAs(app, guichet, 'fatima', 'Guichet#26');
  expect(await early('candidates.search', { query: 'Ali' })).toMatchObject({
    ok: false,
    error: { code: 'password_change_required' },
  });
  await expectNoSeriousA11yViolations(app, 'first password');
  await choosePassword(app, 'Guichet#26', 'Comores#2026');
  await expect(app.getByRole('contentinfo')).toContainText('Fatima Saïd');
  await expect(app.getByRole('link', { name: 'Administration' })).toHaveCount(0);
  await app.goto(app.url().replace(/#.*$/, '#/administration/utilisateurs'));
  await expect(app.getByRole('heading', { level: 1, name: 'Utilisateurs' })).toHaveCount(0);

  // The UI hides it, and src-main refuses it too: the clerk's own session asks the API directly.
  const asClerk = await apiAs(app, guichet, 'fatima', 'Comores#2026');
  const refused = await asClerk('users.list', {});
  expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
});

test('five wrong passwords lock the account', async ({ app }) => {
  for (let i = 0; i < 4; i++) {
    await login(app, 'fatima', `Wrong#${i}abc`);
    await expect(app.getByText(/mot de passe incorrect/i)).toBeVisible();
  }
  await login(app, 'fatima', 'Wrong#5abc');
  await expect(app.getByText(/verrouillé/i)).toBeVisible();
  await login(app, 'fatima', 'Comores#2026');
  await expect(app.getByText(/verrouillé/i)).toBeVisible();
  await expect(app.getByRole('contentinfo')).toHaveCount(0);
});

test('an administrator gives a locked-out clerk a new password, which the clerk signs in with', async ({ app }) => {
  await login(app);
  await app.getByRole('navigation').getByRole('link', { name: 'Administration' }).click();
  await app.getByRole('link', { name: 'Utilisateurs' }).click();
  await app
    .getByRole('row')
    .filter({ hasText: 'fatima' })
    .getByRole('button', { name: 'Réinitialiser le mot de passe' })
    .click();
  const dialog = app.getByRole('dialog', { name: 'Nouveau mot de passe pour Fatima Saïd' });
  // The user's own name in the password is said at once, by the rule src-main applies, before anything is sent.
  let resets = 0;
  app.on('request', (r) => void (r.url().endsWith('/api/users.resetPassword') && resets++));
  await dialog.getByLabel('Nouveau mot de passe').fill('Fatima#2026');
  await dialog.getByLabel('Confirmer le mot de passe').fill('Fatima#2026');
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(dialog.getByText('Le mot de passe ne doit pas contenir le nom d’utilisateur.')).toBeVisible();
  expect(resets).toBe(0);
  await dialog.getByLabel('Nouveau mot de passe').fill('Reprise#2026');
  await dialog.getByLabel('Confirmer le mot de passe').fill('Reprise#2027');
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(dialog.getByText('Les deux mots de passe ne sont pas identiques.')).toBeVisible();
  await dialog.getByLabel('Confirmer le mot de passe').fill('Reprise#2026');
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(app.getByText('Le mot de passe de fatima est changé.', { exact: false })).toBeVisible();
  await app.getByRole('button', { name: 'Se déconnecter' }).click();
  await login(app, 'fatima', 'Reprise#2026');
  await choosePassword(app, 'Reprise#2026', 'Comores#2027');
  await expect(app.getByRole('contentinfo')).toContainText('Fatima Saïd');
  await app.getByRole('button', { name: 'Se déconnecter' }).click();
});

test('an administrator finds the failed sign-ins of an account in the audit journal', async ({ app }) => {
  await login(app);
  await app.getByRole('navigation').getByRole('link', { name: 'Administration' }).click();
  await app.getByRole('link', { name: 'Journal d’audit', exact: true }).click();
  await expect(app.getByRole('row').filter({ hasText: 'Création d’un utilisateur' }).first()).toBeVisible();
  await app.getByLabel('Utilisateur (identifiant)').fill('fatima');
  await app.getByLabel('Opération').selectOption({ label: 'Échec de connexion' });
  await app.getByRole('button', { name: 'Rechercher' }).click();
  const failed = app.getByRole('row').filter({ hasText: 'Échec de connexion' });
  await expect(failed).toHaveCount(5);
  await expect(app.getByRole('row').filter({ hasText: 'Création d’un utilisateur' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(app, 'audit');
  // The newest first, and its detail says which attempt it was.
  await failed.first().getByText('Échec de connexion').click();
  await expect(failed.first().getByRole('row', { name: 'Tentative 5' })).toBeVisible();

  // The same five, exported for an inquiry, with the filter of the list on screen.
  const [download] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Exporter (Excel)' }).click(),
  ]);
  await expect(app.getByText('5 entrées exportées.')).toBeVisible();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const sheet = workbook.getWorksheet('Journal')!;
  expect(sheet.rowCount).toBe(6);
  for (let r = 2; r <= 6; r++)
    expect([sheet.getRow(r).getCell(3).value, sheet.getRow(r).getCell(4).value]).toEqual([
      'fatima',
      'Échec de connexion',
    ]);
});

test('an administrator makes a clerk a supervisor, who signs in again with the new rights', async ({
  app,
  guichet,
}) => {
  await login(app, 'fatima', 'Comores#2027');
  await expect(app.getByRole('contentinfo')).toContainText('Fatima Saïd (Guichetier)');
  const clerk = app;
  const admin = await app.context().newPage();
  await admin.goto(guichet.url);
  await login(admin);
  await admin.getByRole('navigation').getByRole('link', { name: 'Administration' }).click();
  await admin.getByRole('link', { name: 'Utilisateurs' }).click();
  await admin.getByRole('row').filter({ hasText: 'fatima' }).getByRole('button', { name: 'Modifier' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Modifier le compte de Fatima Saïd' });
  await expect(dialog.getByLabel('Nom affiché')).toHaveValue('Fatima Saïd');
  await expectNoSeriousA11yViolations(admin, 'edit user');
  await dialog.getByLabel('Rôle').selectOption({ label: 'Superviseur' });
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(admin.getByText('Le compte fatima est modifié.')).toBeVisible();
  await expect(admin.getByRole('row').filter({ hasText: 'fatima' })).toContainText('Superviseur');
  // The clerk's open session ends at its next call, and the next sign-in has the new role.
  await clerk.getByRole('navigation').getByRole('link', { name: 'Candidats' }).click();
  await expect(clerk.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
  await login(clerk, 'fatima', 'Comores#2027');
  await expect(clerk.getByRole('contentinfo')).toContainText('Fatima Saïd (Superviseur)');
  await admin.close();

  // A supervisor reads the journal and backs up; the accounts and the settings stay the administrator’s.
  await clerk.getByRole('navigation').getByRole('link', { name: 'Administration' }).click();
  await expect(clerk.getByRole('button', { name: 'Sauvegarder maintenant' })).toBeVisible();
  await expect(clerk.getByRole('link', { name: 'Utilisateurs' })).toHaveCount(0);
  await expect(clerk.getByRole('heading', { name: 'Paramètres du poste' })).toHaveCount(0);
  await clerk.getByRole('link', { name: 'Journal d’audit', exact: true }).click();
  // The change reads in the screens’ words, not as stored codes.
  const change = clerk.getByRole('row').filter({ hasText: 'Modification d’un compte (nom, rôle)' }).first();
  await change.getByText('Modification d’un compte (nom, rôle)').click();
  await expect(change.getByRole('row', { name: 'Rôle Guichetier Superviseur', exact: true })).toBeVisible();
});

test('a user changes their own password from the status bar', async ({ app }) => {
  await login(app);
  await app.getByRole('button', { name: 'Mon mot de passe' }).click();
  const dialog = app.getByRole('dialog', { name: 'Changer mon mot de passe' });
  await dialog.getByLabel('Mot de passe actuel').fill('Mauvais#2026');
  await dialog.getByLabel('Nouveau mot de passe').fill('Nouveau#2026');
  await dialog.getByLabel('Confirmer le mot de passe').fill('Nouveau#2026');
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(dialog.getByText('Mot de passe incorrect ou nom d’utilisateur inconnu.')).toBeVisible();
  await dialog.getByLabel('Mot de passe actuel').fill(ADMIN.password);
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(app.getByText('Mot de passe changé. Vos autres sessions sont fermées.')).toBeVisible();
  await expect(dialog).toBeHidden();
  await app.getByRole('button', { name: 'Se déconnecter' }).click();
  await login(app, ADMIN.username, ADMIN.password);
  await expect(app.getByText(/mot de passe incorrect/i)).toBeVisible();
  await login(app, ADMIN.username, 'Nouveau#2026');
  await expect(app.getByRole('contentinfo')).toContainText(ADMIN.displayName);
});

/** The first-sign-in page, as a user with a provisional password fills it in. */
async function choosePassword(app: Page, provisional: string, chosen: string) {
  await expect(app.getByRole('heading', { level: 1, name: 'Choisissez votre mot de passe' })).toBeVisible();
  await app.getByLabel('Mot de passe provisoire').fill(provisional);
  await app.getByLabel('Nouveau mot de passe').fill(chosen);
  await app.getByLabel('Confirmer le mot de passe').fill(chosen);
  await app.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(app.getByText('Mot de passe enregistré. Bienvenue !')).toBeVisible();
}
