import { createHash } from 'node:crypto';
import type { ExportKind, ImportMode, ImportPreview, RowError } from '../../../shared/contract/excel';
import { findExam } from '../../../shared/domain/catalogue';
import type { Clock } from '../../core/clock';
import { AppError, fieldError } from '../../core/errors';
import type { IdGenerator } from '../../core/ids';
import type { Actor, Store } from '../../db/store';
import type { Session } from '../auth/sessions';
import type { CandidatesService } from '../candidates/service';
import type { ReferenceService } from '../reference/service';
import type { RegistrationsService } from '../registrations/service';
import type { SetupService } from '../setup/service';
import { columnsFor } from './columns';
import { dossiersTable } from './dossiers';
import { exportWhere, paymentsTable, registrationsTable, toCsv, toXlsx } from './export';
import type { RegistrationFilter } from '../registrations/repository';
import { dossierCompleteSql } from '../dossier/repository';
import { Jobs, type Tracker } from './jobs';
import { buildTemplate } from './template';
import type { CheckRequest } from './checkProtocol';
import type { ColumnKey } from './columns';
import { lastCandidateRowid, withDatabaseDuplicates } from './duplicates';
import type { RowChecker } from './rowChecker';
import type { CheckedRow } from './validate';
import { localDay, localStamp } from '../../../shared/domain/localTime';
import { displayNames } from '../users/names';

export interface ImportTarget {
  sessionId: string;
  examCode: string;
  etablissementCode: string;
}

export interface ImportRecord {
  id: string;
  fileName: string;
  examCode: string;
  etablissementCode: string;
  mode: ImportMode;
  totalRows: number;
  imported: number;
  inError: number;
  clerk: string;
  clerkName: string;
  createdAt: string;
}

interface ImportRaw {
  created_at: string;
  clerk: string;
  /** Who imported it, as the import page names them (the display name). */
  clerkName: string;
  imported: number;
}

const actorOf = (s: Session): Actor => ({ id: s.userId, name: s.username });
const hashOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const base64 = (b: Buffer) => b.toString('base64');

/**
 * A school's class list in Excel: template, preview, commit and error report. Every row goes
 * through the counter's own rules and, when committed, through RegistrationsService.insertNew,
 * so an imported registration is numbered, versioned, audited and queued for sync like any other.
 */
export class ExcelService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly setup: SetupService,
    private readonly reference: ReferenceService,
    private readonly candidates: CandidatesService,
    private readonly registrations: RegistrationsService,
    private readonly checker: RowChecker,
  ) {}

  private readonly jobs = new Jobs();

  progress(jobId: string) {
    return this.jobs.progress(jobId) ?? { phase: 'checking' as const, done: 0, total: 0, running: false };
  }

  cancel(jobId: string) {
    return { cancelled: this.jobs.cancel(jobId) };
  }

  private async tracked<T>(jobId: string | undefined, work: (tracker: Tracker) => Promise<T>): Promise<T> {
    const tracker = this.jobs.start(jobId);
    try {
      return await work(tracker);
    } finally {
      tracker.end();
    }
  }

  private target(t: ImportTarget) {
    const catalogue = this.reference.catalogue;
    if (t.sessionId !== catalogue.session.id) throw fieldError('sessionId', 'session_closed');
    const exam = findExam(catalogue, t.examCode);
    if (!exam) throw fieldError('examCode', 'unknown_code');
    if (exam.kind !== 'collective') throw fieldError('examCode', 'individual_only');
    const etablissement = catalogue.etablissements.find((e) => e.code === t.etablissementCode);
    if (!etablissement) throw fieldError('etablissementCode', 'unknown_code');
    const { office } = this.setup.requireIdentity();
    const columns = columnsFor(catalogue, exam, office.code);
    // Every row would be refused for its centre, which only a supervisor at the counter can let through.
    if (!columns.some((c) => c.key === 'centre' && c.values?.length))
      throw fieldError('examCode', 'no_centre_for_office', 'No centre serves this office', { office: office.code });
    return { catalogue, exam, etablissement, columns };
  }

  async template(t: ImportTarget) {
    // A school list usually follows its template: the workbook thread loads meanwhile.
    this.checker.warm();
    const { catalogue, exam, etablissement, columns } = this.target(t);
    const bytes = await buildTemplate(catalogue, exam, etablissement, columns);
    return { fileName: `inscriptions-${exam.code}-${etablissement.code}.xlsx`, base64: base64(bytes) };
  }

  /** What the row rules need besides the row: plain data, sent to the workbook thread. */
  private async rules(ctx: ReturnType<ExcelService['target']>): Promise<CheckRequest['rules']> {
    const [last] = (await this.store.em.query(`SELECT MAX(created_at) AS at FROM registration`)) as {
      at: string | null;
    }[];
    return {
      catalogue: ctx.catalogue,
      exam: ctx.exam,
      etablissementCode: ctx.etablissement.code,
      // The template has no department column: a pupil born in France is taken without one.
      identity: { ...this.candidates.identityContext(), birthDepartmentAsked: false },
      now: this.clock.now(),
      lastRecordAt: last?.at ? new Date(last.at) : null,
      officeCode: this.setup.requireIdentity().office.code,
    };
  }

  /** Every row through every rule, nothing saved: the preview and the error report. */
  private async check(
    t: ImportTarget,
    fileBase64: string,
    { tracker, keepForReport = false }: { tracker?: Tracker; keepForReport?: boolean } = {},
  ) {
    const ctx = this.target(t);
    const bytes = Buffer.from(fileBase64, 'base64');
    const rows: CheckedRow[] = [];
    let sheet = { columns: ctx.columns, positions: new Map<ColumnKey, number>() };
    let emptyRows = 0;
    const find = this.candidates.duplicateFinder(this.store.em, await lastCandidateRowid(this.store.em));
    await this.checker.check(
      bytes,
      ctx.columns,
      await this.rules(ctx),
      {
        onRead: (read) => {
          sheet = { columns: ctx.columns, positions: read.positions };
          tracker?.phase('checking', read.estimate);
        },
        onRows: async (chunk) => {
          for (const row of await withDatabaseDuplicates(sheet, chunk, find)) {
            rows.push(row);
            await tracker?.tick(rows.length);
          }
        },
        onEnd: (end) => {
          emptyRows = end.emptyRows;
        },
      },
      keepForReport,
    );
    return { ...ctx, bytes, rows, emptyRows, fileHash: hashOf(bytes) };
  }

  private async previous(fileHash: string, em = this.store.em): Promise<ImportRaw | null> {
    const [row] = (await em.query(`SELECT created_at, clerk, imported FROM excel_import WHERE file_hash = ?`, [
      fileHash,
    ])) as Omit<ImportRaw, 'clerkName'>[];
    return row ? { ...row, clerkName: (await displayNames(em))(row.clerk) } : null;
  }

  async preview(t: ImportTarget, fileBase64: string, jobId?: string): Promise<ImportPreview> {
    const { rows, emptyRows, fileHash } = await this.tracked(jobId, (tracker) =>
      this.check(t, fileBase64, { tracker }),
    );
    const before = await this.previous(fileHash);
    const inError = rows.filter((r) => r.errors.length).length;
    return {
      fileHash,
      total: rows.length,
      valid: rows.length - inError,
      inError,
      emptyRows,
      rows: rows.map(({ row, surname, givenNames, birthDate, errors }) => ({
        row,
        surname,
        givenNames,
        birthDate,
        errors,
      })),
      alreadyImported: before
        ? { at: before.created_at, clerk: before.clerk, clerkName: before.clerkName, imported: before.imported }
        : null,
    };
  }

  commit(session: Session, t: ImportTarget, fileBase64: string, fileName: string, mode: ImportMode, jobId?: string) {
    return this.tracked(jobId, (tracker) => this.commitTracked(session, t, fileBase64, fileName, mode, tracker));
  }

  private async commitTracked(
    session: Session,
    t: ImportTarget,
    fileBase64: string,
    fileName: string,
    mode: ImportMode,
    tracker: Tracker,
  ) {
    const { office, workstation } = this.setup.requireIdentity();
    const ctx = this.target(t);
    const bytes = Buffer.from(fileBase64, 'base64');
    const fileHash = hashOf(bytes);
    const refuseIfImported = (before: ImportRaw | null) => {
      if (before)
        throw new AppError('conflict', 'File already imported', {
          file: {
            code: 'already_imported',
            params: {
              at: localStamp(before.created_at),
              clerk: before.clerkName,
              count: before.imported,
            },
          },
        });
    };
    refuseIfImported(await this.previous(fileHash));
    const rules = await this.rules(ctx);

    // Rows are checked in the workbook thread and saved here as they arrive, all in one transaction:
    // a row in error, a cancel or a crash before the end leaves nothing behind.
    return this.store.change(actorOf(session), async (tx) => {
      refuseIfImported(await this.previous(fileHash, tx.em));
      const numbers: string[] = [];
      const find = this.candidates.duplicateFinder(tx.em, await lastCandidateRowid(tx.em));
      let sheet = { columns: ctx.columns, positions: new Map<ColumnKey, number>() };
      let total = 0;
      let inError = 0;
      let done = 0;
      await this.checker.check(bytes, ctx.columns, rules, {
        onRead: (read) => {
          sheet = { columns: ctx.columns, positions: read.positions };
          tracker.phase('saving', read.estimate);
        },
        onRows: async (chunk) => {
          for (const r of await withDatabaseDuplicates(sheet, chunk, find)) {
            if (r.errors.length) inError++;
            // All or nothing: after the first row in error the rest is only checked, to count them.
            else if (mode === 'valid-only' || !inError) {
              const saved = await this.registrations.insertNew(tx, session, {
                candidate: null,
                identity: r.identity,
                app: r.application!,
                input: {
                  application: r.application!,
                  epreuves: r.epreuves!,
                  heldDiplomas: [],
                  differentPerson: false,
                },
                overrides: [],
                office,
                workstation,
                keys: r.keys ?? undefined,
              });
              numbers.push(saved.registration.number);
            }
            await tracker.tick(++done);
          }
        },
        onEnd: (end) => {
          total = end.total;
        },
      });
      if (mode === 'all-or-nothing' && inError)
        throw new AppError('rule_refused', 'Rows in error', {
          file: { code: 'import_has_errors', params: { count: inError } },
        });
      if (!numbers.length) throw fieldError('file', 'nothing_to_import');
      const importId = this.newId();
      const record = {
        fileHash,
        fileName,
        sessionId: t.sessionId,
        examCode: ctx.exam.code,
        etablissementCode: ctx.etablissement.code,
        mode,
        totalRows: total,
        imported: numbers.length,
        inError,
      };
      await tx.em.query(
        `INSERT INTO excel_import (id, file_hash, file_name, session_id, exam_code, etablissement_code, mode, total_rows,
           imported, in_error, clerk, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
        [importId, ...Object.values(record), session.username, tx.now],
      );
      await tx.audit({ action: 'excel.import', entity: 'excel_import', entityId: importId, after: record });
      return { importId, imported: numbers.length, inError, numbers };
    });
  }

  async history(limit: number): Promise<ImportRecord[]> {
    const rows = (await this.store.em.query(
      `SELECT id, file_name AS fileName, exam_code AS examCode, etablissement_code AS etablissementCode, mode,
         total_rows AS totalRows, imported, in_error AS inError, clerk, created_at AS createdAt
         FROM excel_import ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      [limit],
    )) as Omit<ImportRecord, 'clerkName'>[];
    const nameOf = await displayNames(this.store.em);
    return rows.map((r) => ({ ...r, clerkName: nameOf(r.clerk) }));
  }

  async errorReport(t: ImportTarget, fileBase64: string) {
    const { bytes, rows, exam, etablissement, columns } = await this.check(t, fileBase64, { keepForReport: true });
    const errors: RowError[] = rows.flatMap((r) => r.errors);
    const report = await this.checker.report(bytes, columns, errors);
    return { fileName: `erreurs-${exam.code}-${etablissement.code}.xlsx`, base64: base64(report) };
  }

  async export(kind: ExportKind, format: 'xlsx' | 'csv', filter: RegistrationFilter) {
    const catalogue = this.reference.catalogue;
    const where = exportWhere(filter, { dossierComplete: dossierCompleteSql(catalogue) });
    const table =
      kind === 'payments'
        ? await paymentsTable(this.store.em, catalogue, exportWhere(filter, { payments: true }))
        : kind === 'dossiers'
          ? await dossiersTable(this.store.em, catalogue, where)
          : await registrationsTable(this.store.em, catalogue, where);
    const name = { registrations: 'inscriptions', payments: 'paiements', dossiers: 'dossiers' }[kind];
    const bytes = format === 'csv' ? toCsv(table) : await toXlsx(table);
    const day = localDay(this.clock.now());
    return {
      fileName: `${name}-${day}.${format}`,
      base64: base64(bytes),
      rows: table.rows.length,
    };
  }
}
