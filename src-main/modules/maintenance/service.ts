import type Database from 'better-sqlite3';
import { join } from 'node:path';
import type { BackupInfoShape } from '../../../shared/contract/maintenance';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { SYSTEM_ACTOR, type Actor, type Store } from '../../db/store';
import type { AuditService, VerifyResult } from '../audit/service';
import type { SettingsService } from '../settings/service';
import { listBackups, restorePending, stageRestore, writeBackup } from './backup';
import { migrations } from '../../db/migrations';
import pkg from '../../../package.json';
import { readLogs } from './logs';
import { quickCheckOffThread, type QuickCheckRun } from './quickCheck';
import type { AppliedRestore } from './restoreRecord';
import { isCorruption, rememberBackupFolder } from './startup';
import { localDay } from '../../../shared/domain/localTime';

export interface Health {
  database: 'ok' | 'corrupt';
  auditChain: 'ok' | 'broken';
  auditBrokenAt: number | null;
  restorePending: boolean;
}

/** Backups, restore and integrity: what keeps an office from losing a day of registrations. */
export class MaintenanceService {
  private database: Health['database'] = 'ok';
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;
  private running: Promise<BackupInfoShape> | null = null;
  private background: Promise<void> | null = null;
  private delay: NodeJS.Timeout | null = null;
  private quick: QuickCheckRun | null = null;
  private stopping = false;
  /** What start-up's audit check covered: `checked` counts the rows it hashed. */
  atStart: VerifyResult | null = null;

  constructor(
    private readonly store: Store,
    private readonly dataDir: string,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly logger: Logger,
  ) {}

  private get db(): Database.Database {
    return (this.store.ds.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
  }

  get folder(): string {
    return this.settings.current.backupDir || join(this.dataDir, 'backups');
  }

  /**
   * At start-up, only what does not grow with the season: the audit rows written since the
   * checkpoint (a day's work). The whole chain and SQLite's quick_check follow in the background
   * (scheduleBackgroundChecks). A damaged page met on the way (schema, settings, catalogue, the recent
   * audit rows) still refuses the file: SQLite checks every page it reads.
   */
  async checkAtStart(): Promise<Health> {
    const chain = (this.atStart = await this.audit.verifySinceCheckpoint());
    const health = this.currentHealth();
    if (!chain.ok || health.auditChain !== 'ok') this.logger.error('integrity check failed', { ...health });
    return health;
  }

  /**
   * The checks that read everything, `afterMs` after start-up: the full audit walk (tampering
   * before the checkpoint), on the main thread between requests, then quick_check on a worker
   * thread. One after the other and not at once: on a two-core office PC the two together took
   * both cores and doubled the first page's load. What they find goes to the health channel, hence
   * the banner, and to the log.
   */
  scheduleBackgroundChecks(afterMs: number): void {
    this.delay = setTimeout(() => void this.runBackgroundChecks(), afterMs);
    this.delay.unref();
  }

  /** Starts the background checks now unless they have begun; resolves when they are over. */
  runBackgroundChecks(): Promise<void> {
    if (this.delay) clearTimeout(this.delay);
    if (this.stopping) return Promise.resolve();
    this.background ??= this.walkWholeChain().then(() => this.quickCheck());
    return this.background;
  }

  private async walkWholeChain(): Promise<void> {
    const goOn = () => new Promise<boolean>((resolve) => setImmediate(() => resolve(!this.stopping)));
    try {
      await this.audit.verify(goOn);
    } catch (e) {
      this.noteFailure('background audit walk', e);
    }
  }

  private async quickCheck(): Promise<void> {
    if (this.stopping) return;
    try {
      this.quick = quickCheckOffThread(this.db.name);
      const r = await this.quick.result;
      if (r.verdict === 'error') throw Object.assign(new Error(r.detail), { code: r.code });
      if (r.verdict === 'ok') return;
      this.database = 'corrupt';
      this.logger.error('quick_check found damage', { detail: r.detail.slice(0, 500) });
    } catch (e) {
      this.noteFailure('background quick_check', e);
    }
  }

  private noteFailure(what: string, e: unknown): void {
    if (this.stopping) return;
    const error = e instanceof Error ? e.message : String(e);
    if (isCorruption(e)) {
      this.database = 'corrupt';
      this.logger.error(`${what} met a damaged page`, { error });
    } else this.logger.warn(`${what} did not finish`, { error });
  }

  currentHealth(): Health {
    return {
      database: this.database,
      auditChain: this.audit.brokenAt === null ? 'ok' : 'broken',
      auditBrokenAt: this.audit.brokenAt,
      restorePending: restorePending(this.dataDir),
    };
  }

  list() {
    return { folder: this.folder, backups: listBackups(this.folder) };
  }

  /** One backup at a time: a scheduled one and a click on "Sauvegarder maintenant" share the run. */
  backupNow(actor: Actor): Promise<BackupInfoShape> {
    this.running ??= this.runBackup(actor).finally(() => (this.running = null));
    return this.running;
  }

  private async runBackup(actor: Actor): Promise<BackupInfoShape> {
    let info: BackupInfoShape;
    try {
      info = await writeBackup(this.db, this.dataDir, this.folder, this.clock.now(), this.settings.current.backupKeep);
    } catch (e) {
      this.logger.error('backup failed', { error: e instanceof Error ? e.message : String(e) });
      throw new AppError('internal', 'Backup failed', { backupDir: { code: 'backup_failed' } });
    }
    await this.store.change(actor, (tx) =>
      tx.audit({ action: 'maintenance.backup', entity: 'backup', entityId: info.name, after: info }),
    );
    rememberBackupFolder(this.dataDir, this.folder);
    this.logger.info('backup written', { name: info.name, registrations: info.registrations });
    return info;
  }

  async restore(actor: Actor, name: string): Promise<void> {
    const backup = this.list().backups.find((b) => b.name === name);
    if (!backup) throw new AppError('not_found', 'No such backup', { name: { code: 'backup_missing' } });
    try {
      await stageRestore(join(this.folder, name), this.dataDir, join(this.folder, 'files'), {
        backup,
        requestedAt: this.clock.now().toISOString(),
        requestedBy: actor,
        reason: 'requested',
      });
    } catch (e) {
      const reason = e instanceof Error ? e.message : 'backup_corrupt';
      throw new AppError('invalid_input', 'Backup refused', { name: { code: reason } });
    }
    await this.store.change(actor, (tx) =>
      tx.audit({ action: 'maintenance.restore', entity: 'backup', entityId: name, after: backup }),
    );
  }

  /**
   * Written into the restored database as it opens: otherwise its journal would show no trace of
   * the restore, nor of the work after the backup that the restore set aside.
   */
  recordRestore(restored: AppliedRestore): Promise<void> {
    const { request, ...applied } = restored;
    return this.store.change(request?.requestedBy ?? SYSTEM_ACTOR, (tx) => {
      // Numbers given after the backup (on fiches and receipts, at headquarters) are never given again.
      tx.continueSequences(applied.replacedSequences ?? {});
      return tx.audit({
        action: 'maintenance.restored',
        entity: 'backup',
        entityId: request?.backup.name ?? null,
        after: {
          backup: request?.backup ?? null,
          reason: request?.reason ?? null,
          requestedAt: request?.requestedAt ?? null,
          ...applied,
        },
      });
    });
  }

  about() {
    return { version: pkg.version, schema: migrations.at(-1)!.name, dataDir: this.dataDir };
  }

  exportLogs(): { fileName: string; base64: string } {
    const stamp = localDay(this.clock.now());
    return { fileName: `guichet-journaux-${stamp}.log`, base64: readLogs(this.dataDir).toString('base64') };
  }

  /** A backup at start-up and every N hours; a failure is logged and retried at the next tick. */
  /**
   * The day's first backup a minute after start-up rather than during it: on a two-core office PC a
   * season's backup (copy, quick_check, checksum) competed with the first page and the sign-in.
   */
  startSchedule(actor: Actor, firstAfterMs = 60_000): void {
    const tick = () => void this.backupNow(actor).catch(() => undefined);
    this.first = setTimeout(tick, firstAfterMs);
    this.first.unref();
    this.timer = setInterval(tick, this.settings.current.backupEveryHours * 3_600_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    if (this.first) clearTimeout(this.first);
    if (this.delay) clearTimeout(this.delay);
    await this.quick?.cancel();
    await this.background;
    await this.running?.catch(() => undefined);
  }
}
