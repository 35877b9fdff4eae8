import type Database from 'better-sqlite3';
import { join } from 'node:path';
import type { BackupInfoShape } from '../../../shared/contract/maintenance';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { Actor, Store } from '../../db/store';
import type { AuditService } from '../audit/service';
import type { SettingsService } from '../settings/service';
import { listBackups, restorePending, stageRestore, writeBackup } from './backup';
import { migrations } from '../../db/migrations';
import pkg from '../../../package.json';
import { readLogs } from './logs';
import { rememberBackupFolder } from './startup';

export interface Health {
  database: 'ok' | 'corrupt';
  auditChain: 'ok' | 'broken';
  auditBrokenAt: number | null;
  restorePending: boolean;
}

/** Backups, restore and integrity: what keeps an office from losing a day of registrations. */
export class MaintenanceService {
  private health: Health = { database: 'ok', auditChain: 'ok', auditBrokenAt: null, restorePending: false };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<BackupInfoShape> | null = null;

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

  /** At start-up: fast enough to run every time (quick_check skips index cross-checks). */
  async checkAtStart(): Promise<Health> {
    const quick = this.db.pragma('quick_check', { simple: true });
    const chain = await this.audit.verify();
    this.health = {
      database: quick === 'ok' ? 'ok' : 'corrupt',
      auditChain: chain.ok ? 'ok' : 'broken',
      auditBrokenAt: chain.brokenAt,
      restorePending: restorePending(this.dataDir),
    };
    if (this.health.database !== 'ok' || this.health.auditChain !== 'ok')
      this.logger.error('integrity check failed', { ...this.health });
    return this.health;
  }

  currentHealth(): Health {
    return { ...this.health, restorePending: restorePending(this.dataDir) };
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
      stageRestore(join(this.folder, name), this.dataDir, join(this.folder, 'files'));
    } catch (e) {
      const reason = e instanceof Error ? e.message : 'backup_corrupt';
      throw new AppError('invalid_input', 'Backup refused', { name: { code: reason } });
    }
    await this.store.change(actor, (tx) =>
      tx.audit({ action: 'maintenance.restore', entity: 'backup', entityId: name, after: backup }),
    );
  }

  about() {
    return { version: pkg.version, schema: migrations.at(-1)!.name, dataDir: this.dataDir };
  }

  exportLogs(): { fileName: string; base64: string } {
    const stamp = this.clock.now().toISOString().slice(0, 10);
    return { fileName: `guichet-journaux-${stamp}.log`, base64: readLogs(this.dataDir).toString('base64') };
  }

  /** A backup at start-up and every N hours; a failure is logged and retried at the next tick. */
  startSchedule(actor: Actor): void {
    const tick = () => void this.backupNow(actor).catch(() => undefined);
    tick();
    this.timer = setInterval(tick, this.settings.current.backupEveryHours * 3_600_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
