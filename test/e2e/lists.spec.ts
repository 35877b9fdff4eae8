import { bacSubmission } from '../support/submissions';
import { CLERK, expect, expectNoSeriousA11yViolations, login, openOffice, test } from './fixtures';

test('a busy office pages through its registrations and narrows them to a day', async ({ app, guichet }) => {
  const admin = await openOffice(app, guichet);
  for (let n = 0; n < 105; n++) expect((await admin('registrations.submit', bacSubmission(n))).ok).toBe(true);
  await app.getByRole('button', { name: 'Se déconnecter' }).click();

  await login(app, CLERK.username, CLERK.password);
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await expect(app.getByText('105 inscriptions', { exact: true })).toBeVisible();
  const rows = app.locator('.el-table__body tr');
  await expect(rows).toHaveCount(100);
  await expectNoSeriousA11yViolations(app, 'registrations');
  await app.getByLabel('page 2', { exact: true }).click();
  await expect(rows).toHaveCount(5);
  // The oldest five, the first one registered last of all.
  await expect(rows.last().locator('td').nth(1)).toHaveText('Abdérémane Saïd Ali');
  // The exam with its series, and the centre by the name on the candidate's convocation.
  await expect(rows.last().locator('td').nth(2)).toHaveText('BAC A1');
  await expect(rows.last().locator('td').nth(3)).toHaveText('Lycée Saïd Mohamed Cheikh');

  // A day with nothing yet brings the list back to its first page, empty.
  const from = app.getByLabel('Du', { exact: true });
  await from.fill('01/01/2099');
  await from.press('Enter');
  await expect(app.getByText('0 inscription', { exact: true })).toBeVisible();
  await expect(rows).toHaveCount(0);
  // The export is the list on screen.
  const [empty] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Excel (.xlsx)' }).click(),
  ]);
  expect(empty.suggestedFilename()).toMatch(/^inscriptions-.*\.xlsx$/);
  await expect(app.getByText('0 ligne exportée.')).toBeVisible();
  await from.fill('31/02/2026');
  await from.press('Enter');
  await expect(app.getByRole('alert').filter({ hasText: 'Date invalide.' })).toBeVisible();
  // « Au » before « Du » is said at « Au », not shown as an office that registered no one.
  await from.fill('28/03/2026');
  await app.getByLabel('Au', { exact: true }).fill('01/03/2026');
  await app.getByLabel('Au', { exact: true }).press('Enter');
  await expect(app.getByRole('alert').filter({ hasText: 'Cette date est avant celle du champ « Du ».' })).toBeVisible();
  await app.getByLabel('Au', { exact: true }).fill('');
  await from.fill('');
  await expect(app.getByText('105 inscriptions', { exact: true })).toBeVisible();
  await expect(rows).toHaveCount(100);
  // By school and by centre: all of these came from the Lycée Saïd Mohamed Cheikh, none sits at Mitsamiouli.
  await app.getByLabel('Établissement').selectOption('LSMC');
  await expect(app.getByText('105 inscriptions', { exact: true })).toBeVisible();
  await app.getByLabel('Centre d’examen').selectOption('MOR-02');
  await expect(app.getByText('0 inscription', { exact: true })).toBeVisible();
  await app.getByLabel('Centre d’examen').selectOption('');
  await app.getByLabel('Établissement').selectOption('');

  // Two candidates paid at the next window: the list of fees still due, and its export.
  const listed = (await admin('registrations.list', { limit: 2 })) as { value: { items: { id: string }[] } };
  for (const r of listed.value.items)
    expect((await admin('payments.take', { registrationId: r.id, mode: 'cash' })).ok).toBe(true);
  // The home page counts the fees still due and opens the list narrowed to them.
  await app.getByRole('navigation').getByRole('link', { name: 'Accueil' }).click();
  await app.getByRole('link', { name: '103 inscriptions en attente de paiement' }).click();
  await expect(app.getByText('103 inscriptions', { exact: true })).toBeVisible();
  await expect(app.getByLabel('Paiement', { exact: true })).toHaveValue('unpaid');
  await app.getByLabel('Paiement', { exact: true }).selectOption('paid');
  await expect(app.getByText('2 inscriptions', { exact: true })).toBeVisible();
  await Promise.all([app.waitForEvent('download'), app.getByRole('button', { name: 'Excel (.xlsx)' }).click()]);
  await expect(app.getByText('2 lignes exportées.')).toBeVisible();

  // No piece was brought for any of them: the home page says so and opens that list too.
  await app.getByRole('navigation').getByRole('link', { name: 'Accueil' }).click();
  await app.getByRole('link', { name: '105 dossiers incomplets' }).click();
  await expect(app.getByLabel('État du dossier')).toHaveValue('incomplet');
  await expect(app.getByLabel('Paiement', { exact: true })).toHaveValue('');
  await expect(app.getByText('105 inscriptions', { exact: true })).toBeVisible();
});

test('a late answer for an earlier filter does not replace the list of a later one', async ({ app }) => {
  await login(app, CLERK.username, CLERK.password);
  await expect(app.getByText(/inscriptions? en attente de paiement/)).toBeVisible();
  // The list's first load (no filter) answers slowly, after the clerk has already narrowed it.
  let released: () => void = () => undefined;
  const late = new Promise<void>((resolve) => (released = resolve));
  let first = true;
  await app.route('**/api/registrations.list', async (route) => {
    if (!first) return route.continue();
    first = false;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
    released();
  });
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await app.getByLabel('Paiement', { exact: true }).selectOption('paid');
  await expect(app.getByText('2 inscriptions', { exact: true })).toBeVisible();
  await late;
  await app.waitForLoadState('networkidle');
  await expect(app.getByText('2 inscriptions', { exact: true })).toBeVisible();
  await expect(app.locator('.el-table__body tr')).toHaveCount(2);
});
