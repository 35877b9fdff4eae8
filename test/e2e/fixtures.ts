import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWebHost } from '../support/webHost';

export const ADMIN = { username: 'admin', password: 'Secret#2026', displayName: 'Awa Mohamed' };

export interface Guichet {
  /** The URL with the launch token; open it to start a fresh tab. */
  url: string;
  dataDir: string;
}

interface Running extends Guichet {
  file: string;
  stop(): Promise<void>;
}

/**
 * One Guichet per test file on a fresh data directory and a random port, launched the way a user
 * does (`node dist/main/web.cjs`), held worker-wide: started on first use and stopped when the next
 * file begins. Where an Electron binary exists, set GUICHET_E2E_ELECTRON=1 and the page comes from
 * `_electron.launch` instead; the specs only see a Page.
 */
export const test = base.extend<{ guichet: Guichet; app: Page }, { hosts: { current: Running | null } }>({
  hosts: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const hosts = { current: null as Running | null };
      await use(hosts);
      await hosts.current?.stop();
    },
    { scope: 'worker' },
  ],
  guichet: async ({ hosts }, use, testInfo) => {
    if (hosts.current?.file !== testInfo.file) {
      await hosts.current?.stop();
      const dataDir = mkdtempSync(join(tmpdir(), 'guichet-e2e-'));
      const { url, proc } = await launchWebHost({ dataDir });
      hosts.current = {
        url,
        dataDir,
        file: testInfo.file,
        // The host writes its last log lines as it stops: its folder goes once it has exited.
        stop: async () => {
          const exited = proc.exitCode !== null || proc.signalCode !== null ? null : once(proc, 'exit');
          proc.kill('SIGTERM');
          await exited;
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    }
    await use(hosts.current);
  },
  app: async ({ page, guichet }, use) => {
    await page.goto(guichet.url);
    await use(page);
  },
});

export { expect };

/** First-run setup as an office administrator fills it in. */
export async function completeSetup(page: Page) {
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/configuration|première/i);
  await page.getByLabel('Code de l’office').fill('MOR');
  await page.getByLabel('Nom de l’office').fill('Office régional de Moroni');
  await page.getByLabel('Région').fill('Ngazidja');
  await page.getByLabel('Code du poste').fill('G1');
  await page.getByLabel('Nom d’utilisateur').fill(ADMIN.username);
  await page.getByLabel('Nom affiché').fill(ADMIN.displayName);
  await page.getByLabel('Mot de passe', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirmer le mot de passe').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
}

export async function login(page: Page, username = ADMIN.username, password = ADMIN.password) {
  // Setup and logout navigate here asynchronously; filling earlier would be wiped by the new page.
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
  await page.getByLabel('Nom d’utilisateur').fill(username);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/**
 * Calls the API from inside the page, as the renderer does, with a session of `username`:
 * for test set-up and for proving that src-main (not only the UI) enforces a rule.
 */
export async function apiAs(page: Page, guichet: Guichet, username: string, password: string) {
  const token = new URL(guichet.url).hash.replace('#token=', '');
  const raw = (channel: string, input: unknown, session: string) =>
    page.evaluate(
      async ({ channel, input, token, session }) =>
        (
          await fetch(`/api/${channel}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
              'x-guichet-session': session,
            },
            body: JSON.stringify({ input }),
          })
        ).json() as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>,
      { channel, input, token, session },
    );
  const login = (await raw('auth.login', { username, password }, '')) as { value: { token: string } };
  return (channel: string, input: unknown) => raw(channel, input, login.value.token);
}

type Api = Awaited<ReturnType<typeof apiAs>>;

/** The sync run an enrolment or a resend started in the background has ended, as the sync page reads it. */
export const backgroundRunEnded = (api: Api) =>
  expect
    .poll(async () => ((await api('sync.status', {})).value as { running: boolean }).running, { timeout: 15_000 })
    .toBe(false);

/**
 * An account the administrator creates with a provisional password, whose user then chooses
 * `user.password` at a first sign-in, as src-main requires before anything else.
 */
export async function addStaff(
  page: Page,
  guichet: Guichet,
  admin: Api,
  user: { username: string; displayName: string; role: string; password: string },
) {
  const provisional = `${user.password}-provisoire`;
  expect((await admin('users.create', { ...user, password: provisional })).ok).toBe(true);
  const self = await apiAs(page, guichet, user.username, provisional);
  expect((await self('auth.changePassword', { currentPassword: provisional, newPassword: user.password })).ok).toBe(
    true,
  );
}

/** The office's counter staff, as most specs need them. */
export const CLERK = { username: 'zaina', displayName: 'Zaïna Ali', role: 'clerk', password: 'Guichet#26' } as const;
export const SUPERVISOR = {
  username: 'chef',
  displayName: 'Chef de centre',
  role: 'supervisor',
  password: 'Visa#2026',
} as const;

/** First run, then a clerk (and a supervisor) created by the administrator, whose API handle it returns. */
export async function openOffice(page: Page, guichet: Guichet, staff: { supervisor?: boolean } = {}) {
  await completeSetup(page);
  await login(page);
  const admin = await apiAs(page, guichet, ADMIN.username, ADMIN.password);
  for (const user of staff.supervisor ? [SUPERVISOR, CLERK] : [CLERK]) await addStaff(page, guichet, admin, user);
  return admin;
}

/** The message a form shows under the field of that exact label. */
export const fieldAlert = (page: Page, label: string) =>
  page
    .locator('.gf-field')
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .getByRole('alert');

export const pdfText = (path: string) => execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });

/** axe-core on the page as it is: no serious or critical accessibility violation. */
export async function expectNoSeriousA11yViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${what}: ${v.id} (${v.nodes.length}) ${v.help}`)).toEqual([]);
}
