import type { Database } from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contract, type AppContract } from '../../shared/contract';
import { systemClock, type Clock } from '../core/clock';
import { closableDispatch, createDispatcher, type Dispatch } from '../core/dispatcher';
import { uuidv7, type IdGenerator } from '../core/ids';
import { silentLogger, type Logger } from '../core/logger';
import { assertComplete, combineHandlers, type Handlers } from '../core/registry';
import { Store, SYSTEM_ACTOR } from '../db/store';
import { Checkpointer } from '../db/checkpointer';
import { openWorkstationDb } from './openDatabase';
import { auditHandlers } from '../modules/audit/handlers';
import { AuditService } from '../modules/audit/service';
import { candidatesHandlers } from '../modules/candidates/handlers';
import { CandidatesService } from '../modules/candidates/service';
import { referenceHandlers } from '../modules/reference/handlers';
import { ReferenceService } from '../modules/reference/service';
import { registrationsHandlers } from '../modules/registrations/handlers';
import { RegistrationsService } from '../modules/registrations/service';
import { maintenanceHandlers } from '../modules/maintenance/handlers';
import { MaintenanceService } from '../modules/maintenance/service';
import { CorruptDatabaseError, isCorruption, latestBackup } from '../modules/maintenance/startup';
import { paymentsHandlers } from '../modules/payments/handlers';
import { PaymentsService } from '../modules/payments/service';
import { SchoolPayments } from '../modules/payments/group';
import { preregHandlers } from '../modules/prereg/handlers';
import { offlineStatus } from '../modules/prereg/limits';
import { PreregService } from '../modules/prereg/service';
import { printingHandlers } from '../modules/printing/handlers';
import { PrintingService } from '../modules/printing/service';
import { syncHandlers } from '../modules/sync/handlers';
import { readStoredFile } from '../modules/sync/fileStore';
import { SyncService } from '../modules/sync/service';
import { transferHandlers } from '../modules/transfer/handlers';
import { TransferService } from '../modules/transfer/service';
import { dossierHandlers, inboxHandlers } from '../modules/dossier/handlers';
import { InboxService } from '../modules/dossier/inbox';
import { FileStore } from '../modules/dossier/fileStore';
import { PieceRecheck } from '../modules/dossier/recheck';
import { DossierService } from '../modules/dossier/service';
import { draftsHandlers } from '../modules/drafts/handlers';
import { excelHandlers, reportsHandlers } from '../modules/excel/handlers';
import { ReportsService } from '../modules/excel/reports';
import { RowChecker } from '../modules/excel/rowChecker';
import { ExcelService } from '../modules/excel/service';
import { DRAFT_KEPT_DAYS, DraftsService } from '../modules/drafts/service';
import { authHandlers } from '../modules/auth/handlers';
import { AuthService } from '../modules/auth/service';
import { SessionStore } from '../modules/auth/sessions';
import { settingsHandlers } from '../modules/settings/handlers';
import { SettingsService } from '../modules/settings/service';
import { setupHandlers } from '../modules/setup/handlers';
import { SetupService } from '../modules/setup/service';
import { usersHandlers } from '../modules/users/handlers';
import { UsersService } from '../modules/users/service';

/** The full audit walk and quick_check wait this long after start-up: the first page and sign-in go first. */
const BACKGROUND_CHECKS_AFTER_MS = 10_000;
/**
 * The PDF pieces no active-content check has read (older databases) are read this long after
 * start-up, before the automatic sync's first run (FIRST_AUTO_RUN_MS, 30 s) can send one to headquarters.
 */
const PIECE_RECHECK_AFTER_MS = 2_000;
/** Closing waits this long for the calls still running (a draft, a save, a list being committed). */
const CLOSE_WAIT_MS = 5_000;

export interface AppOptions {
  /** A folder; the database and the file store live inside it. `:memory:` for throwaway tests. */
  dataDir: string;
  clock?: Clock;
  newId?: IdGenerator;
  logger?: Logger;
  /** Backups at start-up and every N hours (the app's entry points); tests make their own. */
  scheduleBackups?: boolean;
  /** The school-list thread's script: a build passes its bundle; run from source, the TypeScript file is found. */
  excelWorker?: string;
  /**
   * A school-list thread the caller owns and closes, shared by several apps: tests start one per file
   * rather than one per app, each start loading exceljs (about a second of CPU).
   */
  rowChecker?: RowChecker;
}

export interface App {
  dispatch: Dispatch;
  handlers: Handlers<AppContract>;
  services: ReturnType<typeof buildServices>;
  store: Store;
  close(): Promise<void>;
}

function buildServices(
  store: Store,
  clock: Clock,
  newId: IdGenerator,
  dataDir: string,
  logger: Logger,
  files: FileStore,
  rowChecker: RowChecker,
) {
  const settings = new SettingsService(store);
  const setup = new SetupService(store, newId);
  const sessions = new SessionStore(clock, () => settings.current.idleLockMinutes);
  const auth = new AuthService(store, sessions, setup, settings, clock);
  const users = new UsersService(store, sessions, newId);
  const audit = new AuditService(store, clock, logger);
  const drafts = new DraftsService(store, newId);
  const reference = new ReferenceService(store);
  const candidates = new CandidatesService(store, clock, newId, () => settings.current.officeCountry);
  const prereg = new PreregService(store);
  const offline = () =>
    offlineStatus(
      store.em,
      clock.now(),
      settings.current.maxOfflineDays,
      reference.version ? reference.catalogue : null,
    );
  const registrations = new RegistrationsService(store, clock, newId, setup, reference, candidates, auth, {
    prereg,
    offline,
  });
  const payments = new PaymentsService(store, clock, newId, setup, reference, auth);
  const schoolPayments = new SchoolPayments(store, newId, setup, reference);
  const printing = new PrintingService(store, newId, setup, reference, candidates, registrations, files);
  const sync = new SyncService(store, clock, setup, reference, readStoredFile(dataDir), undefined, prereg, logger);
  const maintenance = new MaintenanceService(store, dataDir, clock, settings, audit, logger);
  const excel = new ExcelService(store, clock, newId, setup, reference, candidates, registrations, rowChecker);
  const reports = new ReportsService(
    () => store.em,
    () => reference.catalogue,
    () => setup.requireIdentity().office.name,
    () => clock.now(),
  );
  const dossier = new DossierService(store, newId, setup, reference, files);
  const inbox = new InboxService(store, newId, dossier);
  const pieceRecheck = new PieceRecheck(store, files, dossier, logger);
  const transfer = new TransferService(store, clock, newId, setup, sync, files, join(files.root, '..', 'transfers'));
  return {
    transfer,
    prereg,
    offline,
    maintenance,
    dossier,
    pieceRecheck,
    inbox,
    sync,
    settings,
    setup,
    sessions,
    auth,
    users,
    audit,
    drafts,
    reference,
    candidates,
    registrations,
    payments,
    schoolPayments,
    printing,
    excel,
    reports,
  };
}

/** The composition root: every service gets its collaborators here and nowhere else. */
export async function createApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? uuidv7;
  const logger = options.logger ?? silentLogger;
  const inMemory = options.dataDir === ':memory:';
  const { ds, release, restored } = await openWorkstationDb(options.dataDir, clock, logger);
  const sqlite = (ds.driver as unknown as { databaseConnection: Database }).databaseConnection;
  // In memory there is no write-ahead log to copy back.
  const checkpointer = inMemory ? null : new Checkpointer(sqlite, logger);
  const store = new Store(ds, clock, newId, () => checkpointer?.noteWrite());
  // In-memory databases (throwaway tests) still need somewhere to put files.
  const filesDir = inMemory ? mkdtempSync(join(tmpdir(), 'guichet-files-')) : join(options.dataDir, 'files');
  const rowChecker = options.rowChecker ?? new RowChecker(options.excelWorker);
  const closeRowChecker = () => (options.rowChecker ? Promise.resolve() : rowChecker.close());
  const services = buildServices(store, clock, newId, options.dataDir, logger, new FileStore(filesDir), rowChecker);
  try {
    if (restored) await services.maintenance.recordRestore(restored);
    await services.settings.load();
    await services.setup.load();
    await services.reference.load();
    await services.reference.installDemoIfEmpty(SYSTEM_ACTOR);
    await services.inbox.load();
    if (!inMemory) await services.maintenance.checkAtStart();
    const dropped = await services.drafts.purgeOlderThan(clock.now(), DRAFT_KEPT_DAYS);
    if (dropped) logger.info('old drafts dropped', { count: dropped, days: DRAFT_KEPT_DAYS });
  } catch (e) {
    await services.inbox.stop();
    await closeRowChecker();
    await checkpointer?.close();
    await ds.destroy();
    release();
    // No quick_check before this point (see openWorkstationDb): damage SQLite meets here refuses the file too.
    throw !inMemory && isCorruption(e) ? new CorruptDatabaseError(latestBackup(options.dataDir)) : e;
  }
  if (!inMemory) services.maintenance.scheduleBackgroundChecks(BACKGROUND_CHECKS_AFTER_MS);
  services.pieceRecheck.schedule(PIECE_RECHECK_AFTER_MS);
  if (options.scheduleBackups && !inMemory) services.maintenance.startSchedule(SYSTEM_ACTOR);

  const handlers: Handlers<AppContract> = combineHandlers(
    setupHandlers(services.setup),
    authHandlers(services.auth),
    usersHandlers(services.users),
    settingsHandlers(services.settings),
    auditHandlers(services.audit),
    draftsHandlers(services.drafts),
    referenceHandlers(services.reference),
    candidatesHandlers(services.candidates, services.registrations),
    registrationsHandlers(services.registrations),
    paymentsHandlers(services.payments, services.schoolPayments),
    printingHandlers(services.printing, clock),
    syncHandlers(services.sync),
    maintenanceHandlers(services.maintenance),
    excelHandlers(services.excel),
    reportsHandlers(services.reports),
    dossierHandlers(services.dossier),
    inboxHandlers(services.inbox),
    transferHandlers(services.transfer),
    preregHandlers(services.prereg, services.offline),
  );
  assertComplete(contract, handlers);
  const door = closableDispatch(createDispatcher(contract, handlers, services.sessions, logger), CLOSE_WAIT_MS);
  return {
    dispatch: door.dispatch,
    handlers,
    services,
    store,
    close: async () => {
      // Started first: a clerk's « Synchroniser maintenant » the door waits on ends as soon as its run is cut.
      const syncStopped = services.sync.stop(CLOSE_WAIT_MS);
      await door.close();
      // Before the database goes: a run writing after it would fail, and its pulled verdicts could be cut.
      await syncStopped;
      await services.inbox.stop();
      await services.pieceRecheck.stop();
      await services.maintenance.stop();
      await closeRowChecker();
      await checkpointer?.close();
      await ds.destroy();
      release();
    },
  };
}
