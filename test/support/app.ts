import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContract, ChannelName } from '../../shared/contract';
import type { InputOf, OutputOf } from '../../shared/contract/channel';
import type { Result } from '../../shared/contract/result';
import { createApp, type App } from '../../src-main/app/createApp';
import { FrozenClock } from '../../src-main/core/clock';
import { RowChecker } from '../../src-main/modules/excel/rowChecker';
import type { Logger } from '../../src-main/core/logger';
import { createFileLogger } from '../../src-main/modules/maintenance/logs';
import { useTestPasswordCost } from './cheapPasswords';

export const ADMIN = { username: 'admin', password: 'Secret#2026' };

/**
 * One school-list thread for the apps of a test file: starting one loads exceljs, about a second of
 * CPU that fifty Excel tests paid each. Its answer to a list depends on that list alone, and it does not keep
 * the process alive.
 */
let rowChecker: RowChecker | undefined;
const sharedRowChecker = () => (rowChecker ??= new RowChecker());

export const setupInput = {
  officeCode: 'MOR',
  officeName: 'Office régional de Moroni',
  region: 'Ngazidja',
  workstationCode: 'G1',
  adminUsername: ADMIN.username,
  adminDisplayName: 'Administrateur',
  adminPassword: ADMIN.password,
};

export interface TestApp {
  app: App;
  clock: FrozenClock;
  dir: string;
  token: string | null;
  call<K extends ChannelName>(name: K, input: InputOf<AppContract[K]>): Promise<Result<OutputOf<AppContract[K]>>>;
  /** Like call, but fails the test on an error result. */
  must<K extends ChannelName>(name: K, input: InputOf<AppContract[K]>): Promise<OutputOf<AppContract[K]>>;
  login(username?: string, password?: string): Promise<void>;
  /**
   * As the signed-in administrator: the account is created with a provisional password, then its
   * user signs in once and replaces it with `user.password`, as at a first sign-in. The token stays the administrator's.
   */
  addUser(user: InputOf<AppContract['users.create']>): Promise<OutputOf<AppContract['users.create']>>;
  close(): Promise<void>;
  /** Closes the database and opens the same data directory again, as after a restart. */
  restart(): Promise<TestApp>;
}

/** A real app on a real SQLite file in a temp folder, with a frozen clock. */
export async function makeApp(
  opts: {
    setup?: boolean;
    now?: string;
    dir?: string;
    setupOverride?: Partial<typeof setupInput>;
    /** Writes logs/guichet.log in the data folder, as the app's entry points do (without the echo to stderr). */
    fileLog?: boolean;
  } = {},
): Promise<TestApp> {
  useTestPasswordCost();
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'guichet-test-'));
  const clock = new FrozenClock(new Date(opts.now ?? '2026-03-02T08:00:00Z'));
  const logger: Logger | undefined = opts.fileLog ? createFileLogger(dir, false) : undefined;
  const app = await createApp({ dataDir: dir, clock, logger, rowChecker: sharedRowChecker() });
  const t: TestApp = {
    app,
    clock,
    dir,
    token: null,
    call: (name, input) => t.app.dispatch(name, input, t.token) as never,
    async must(name, input) {
      const r = await t.call(name, input);
      if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
      return r.value;
    },
    async login(username = ADMIN.username, password = ADMIN.password) {
      t.token = (await t.must('auth.login', { username, password })).token;
    },
    async addUser(user) {
      const provisional = `${user.password}-provisoire`;
      const created = await t.must('users.create', { ...user, password: provisional });
      const admin = t.token;
      await t.login(user.username, provisional);
      await t.must('auth.changePassword', { currentPassword: provisional, newPassword: user.password });
      await t.must('auth.logout', {});
      t.token = admin;
      return { ...created, mustChangePassword: false };
    },
    async close() {
      await t.app.close();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await t.app.close();
      t.app = await createApp({ dataDir: dir, clock, logger, rowChecker: sharedRowChecker() });
      t.token = null;
      return t;
    },
  };
  if (opts.setup !== false && !opts.dir) await t.must('setup.initialize', { ...setupInput, ...opts.setupOverride });
  return t;
}
