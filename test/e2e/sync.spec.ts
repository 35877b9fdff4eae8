import { createServer } from 'node:http';
import type { Page } from '@playwright/test';
import { bacSubmission } from '../support/submissions';
import { apiAs, completeSetup, expect, login, test } from './fixtures';
import { hqServer } from './hq';

test.describe.configure({ mode: 'serial' });

const hq = hqServer();
/** The figure next to a label of the status list. */
const statusValue = (page: Page, label: string) =>
  page
    .locator('dt')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .locator('+ dd');
test.afterAll(() => hq.dispose());

test('enrol against a running HQ, register while it is down, sync when it is back, see its rejection at the counter', async ({
  app,
  guichet,
}) => {
  // One office’s story from enrolment to a resend HQ holds: 35–55 s as the machine is busy, near the 60 s default.
  test.setTimeout(90_000);
  await hq.start();
  hq.cli('add-office', '--code', 'MOR', '--name', 'Office régional de Moroni', '--region', 'Ngazidja');
  const code = /: (\S+)$/.exec(hq.cli('enrol-code', '--office', 'MOR'))![1]!;

  await completeSetup(app);
  await login(app);
  await app.getByRole('navigation').getByRole('link', { name: 'Synchronisation' }).click();
  await expect(app.getByText(/n’est pas encore enrôlé/)).toBeVisible();
  // The status bar says what the last sync found, not whether the browser has a network.
  const hqReach = app.getByTestId('hq-reach');
  await expect(hqReach).toHaveText('Liaison avec le siège : Jamais synchronisé');
  // An address without its scheme is refused in French at the field, not in Chromium's English bubble.
  await app.getByLabel('Adresse du serveur du siège').fill('siege.examens.km');
  await app.getByLabel('Code d’enrôlement').fill('wrong-code');
  await app.getByRole('button', { name: 'Enrôler le poste' }).click();
  await expect(app.getByText('Adresse invalide : elle commence par http:// ou https://.')).toBeVisible();
  await expect(app.getByLabel('Adresse du serveur du siège')).toHaveAttribute('aria-invalid', 'true');
  await app.getByLabel('Adresse du serveur du siège').fill(hq.url);
  await app.getByLabel('Code d’enrôlement').fill('wrong-code');
  await app.getByRole('button', { name: 'Enrôler le poste' }).click();
  await expect(app.getByText('Code inconnu pour cet office.')).toBeVisible();
  // Another machine already enrolled as MOR G1: HQ refuses this one until that one is revoked.
  const other = (await (
    await fetch(`${hq.url}/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code: /: (\S+)$/.exec(hq.cli('enrol-code', '--office', 'MOR'))![1]!,
        officeCode: 'MOR',
        workstationCode: 'G1',
      }),
    })
  ).json()) as { workstationId: string };
  await app.getByLabel('Code d’enrôlement').fill(code);
  await app.getByRole('button', { name: 'Enrôler le poste' }).click();
  await expect(
    app.getByText(
      'Le poste G1 de l’office MOR est déjà enrôlé au siège : faites-le révoquer par le siège avant d’enrôler ce poste sous le même code, ou choisissez un autre code de poste. Ce code d’enrôlement n’a pas servi.',
    ),
  ).toBeVisible();
  hq.cli('revoke', '--workstation', other.workstationId);
  await app.getByRole('button', { name: 'Enrôler le poste' }).click();
  await expect(app.getByText(`Poste enrôlé auprès de ${hq.url}.`)).toBeVisible();
  // The first sync runs in the background; the page follows it to its end, then the status bar reads it.
  await expect(app.getByRole('button', { name: 'Synchroniser maintenant' })).toBeVisible();
  await expect(hqReach).toHaveText('Liaison avec le siège : Siège joignable');

  // Headquarters goes away; the counter keeps working.
  await hq.stop();
  const admin = await apiAs(app, guichet, 'admin', 'Secret#2026');
  const saved = (await admin('registrations.submit', bacSubmission(7))) as {
    ok: boolean;
    value: { registration: { number: string } };
  };
  expect(saved.ok).toBe(true);
  const number = saved.value.registration.number;
  await app.getByRole('button', { name: 'Synchroniser maintenant' }).click();
  await expect(app.getByText(/Envoi : siège injoignable/)).toBeVisible();
  await expect(hqReach).toHaveText(/^Liaison avec le siège : Siège injoignable depuis \d\d:\d\d$/);
  await expect(app.getByTestId('sync-pending')).toHaveText('0');
  await expect(statusValue(app, 'À réessayer')).toHaveText('2');

  // Something answers at HQ's address, but a 500 to everything: HQ is there, and in trouble.
  const failing = createServer((_req, res) =>
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"code":"internal"}'),
  );
  await new Promise<void>((r) => failing.listen(Number(new URL(hq.url).port), '127.0.0.1', r));
  await app.getByRole('button', { name: 'Synchroniser maintenant' }).click();
  await expect(app.getByText(/Envoi : le serveur du siège a répondu par une erreur 500/)).toBeVisible();
  await expect(hqReach).toHaveText(/^Liaison avec le siège : Siège en erreur depuis \d\d:\d\d$/);
  await new Promise<void>((r) => {
    failing.close(() => r());
    failing.closeAllConnections();
  });

  await hq.start();
  await app.getByRole('button', { name: 'Synchroniser maintenant' }).click();
  await expect(app.getByText('Synchronisation terminée.')).toBeVisible();
  await expect(statusValue(app, 'Envoyés')).toHaveText('2');
  await expect(statusValue(app, 'À réessayer')).toHaveText('0');
  await expect(statusValue(app, 'Dernier problème')).toHaveText('Aucun');
  await expect(hqReach).toHaveText('Liaison avec le siège : Siège joignable');

  await app.getByRole('navigation').getByRole('link', { name: 'Accueil' }).click();
  await expect(app.getByRole('link', { name: 'Siège : tout est envoyé' })).toBeVisible();
  await app.getByRole('link', { name: 'Siège : tout est envoyé' }).click();

  expect(hq.cli('verdict', '--registration', number, '--kind', 'rejected', '--reason', 'Photo non conforme')).toMatch(
    /Verdict \d+ \(rejected\)/,
  );
  await app.getByRole('button', { name: 'Synchroniser maintenant' }).click();
  const row = app.getByRole('row', { name: new RegExp(number) });
  await expect(row).toContainText('Rejetée');
  await expect(row).toContainText('Photo non conforme');

  await expect(app.getByRole('link', { name: 'Siège : 1 refus à traiter' })).toBeVisible();
  // At the counter: the candidate's page says it too.
  await row.getByRole('link', { name: number }).click();
  await expect(app.getByText(`Décision du siège sur ${number} : Rejetée`)).toBeVisible();
  await expect(app.getByText('Photo non conforme')).toBeVisible();

  // HQ restored from an old backup keeps its keys: a supervisor or an administrator sends everything again.
  await app.getByRole('navigation').getByRole('link', { name: 'Synchronisation' }).click();
  await app.getByRole('button', { name: 'Renvoyer tout l’historique au siège' }).click();
  await app.getByRole('dialog').getByRole('button', { name: 'Renvoyer' }).click();
  // The page answers once the history is queued; the sync goes on, and the page follows it to its end.
  await expect(
    app.getByText(
      'Historique remis en file d’envoi (enregistrements : 2 ; fichiers : 0) ; l’envoi au siège se poursuit en arrière-plan.',
    ),
  ).toBeVisible();
  await expect(statusValue(app, 'Envoyés')).toHaveText('2');
  await expect(statusValue(app, 'Refusés')).toHaveText('0');
  await expect(app.getByTestId('sync-pending')).toHaveText('0');

  // A run that outlasts the sync page: HQ holds the resend's first request, then answers 503. The
  // clerk goes on to the home page meanwhile, and the status bar reads the run's end there, unprompted.
  await hq.stop();
  let answer!: () => void;
  const held = new Promise<void>((r) => (answer = r));
  const slow = createServer(
    (_req, res) =>
      void held.then(() => res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"unavailable"}')),
  );
  await new Promise<void>((r) => slow.listen(Number(new URL(hq.url).port), '127.0.0.1', r));
  try {
    await app.getByRole('button', { name: 'Renvoyer tout l’historique au siège' }).click();
    await app.getByRole('dialog').getByRole('button', { name: 'Renvoyer' }).click();
    await expect(app.getByText(/l’envoi au siège se poursuit en arrière-plan/)).toBeVisible();
    await expect.poll(async () => ((await admin('sync.status', {})).value as { running: boolean }).running).toBe(true);
    await app.getByRole('navigation').getByRole('link', { name: 'Accueil' }).click();
    await expect(app.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(hqReach).toHaveText('Liaison avec le siège : Siège joignable');
    // The page change's own reading of the status is over before HQ answers: only a later one can see the end.
    await app.waitForTimeout(500);
    answer();
    // Within seconds (the badge's reading every minute would miss this), with no click nor page change.
    await expect(hqReach).toHaveText(/^Liaison avec le siège : Siège en erreur depuis \d\d:\d\d$/, { timeout: 5_000 });
  } finally {
    answer();
    await new Promise<void>((r) => {
      slow.close(() => r());
      slow.closeAllConnections();
    });
  }
});
