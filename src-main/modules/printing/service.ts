import { createHash } from 'node:crypto';
import { formatMoney } from '../../../shared/domain/money';
import { findExam, piecesFor } from '../../../shared/domain/catalogue';
import { describeApplication, type ApplicationCodes } from '../../../shared/domain/application';
import { AppError } from '../../core/errors';
import type { IdGenerator } from '../../core/ids';
import type { Actor, Store, Tx } from '../../db/store';
import type { Session } from '../auth/sessions';
import type { CandidatesService } from '../candidates/service';
import type { FileStore } from '../dossier/fileStore';
import { findPayments } from '../payments/repository';
import type { ReferenceService } from '../reference/service';
import { contentVersion, findRegistration, type RegistrationRaw } from '../registrations/repository';
import type { RegistrationsService } from '../registrations/service';
import type { SetupService } from '../setup/service';
import { FicheBatch } from './batch';
import { printable } from '../../../shared/i18n/plural';
import { ficheDocument } from './documents/fiche';
import { examPhoto, pieceStatuses, stillMissing } from './dossierFacts';
import { BatchJobs } from './jobs';
import { PrintingReports } from './reports';
import { receiptDocument } from './documents/receipt';
import { schoolReceiptDocument } from './documents/schoolReceipt';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { renderPdf } from './render';
import { generateOfficeKeys, signClaims, verifyClaims, type OfficeKeys } from './signing';
import type { FicheData, OfficeHeader } from './types';
import { displayNames } from '../users/names';

/** What the print log and the audit record for each document printed. */
export type PrintKind =
  'fiche' | 'receipt' | 'school_receipt' | 'cancellation' | 'confirmation' | 'recap' | 'centre_list' | 'reminders';

const actorOf = (s: Session): Actor => ({ id: s.userId, name: s.username });
const KEYS_SETTING = 'office_signing_keys';

export class PrintingService {
  private keys: OfficeKeys | null = null;
  readonly batch: FicheBatch;
  readonly jobs: BatchJobs;
  readonly reports: PrintingReports;

  constructor(
    private readonly store: Store,
    private readonly newId: IdGenerator,
    private readonly setup: SetupService,
    private readonly reference: ReferenceService,
    private readonly candidates: CandidatesService,
    private readonly registrations: RegistrationsService,
    private readonly files: FileStore,
  ) {
    this.batch = new FicheBatch(store, this);
    this.jobs = new BatchJobs(this.batch);
    this.reports = new PrintingReports(store, reference, this);
  }

  /** The office key is made on first print and kept in the database; only its public half ever leaves. */
  async officeKeys(): Promise<OfficeKeys> {
    if (this.keys) return this.keys;
    const [row] = (await this.store.em.query(`SELECT value_json FROM setting WHERE key = ?`, [KEYS_SETTING])) as {
      value_json: string;
    }[];
    if (row) return (this.keys = JSON.parse(row.value_json) as OfficeKeys);
    const keys = generateOfficeKeys();
    await this.store.change({ id: null, name: 'system' }, async (tx) => {
      await tx.em.query(`INSERT INTO setting (key, value_json, updated_at) VALUES (?,?,?)`, [
        KEYS_SETTING,
        JSON.stringify(keys),
        tx.now,
      ]);
      await tx.audit({
        action: 'printing.keys_generated',
        entity: 'setting',
        entityId: KEYS_SETTING,
        after: { publicPem: keys.publicPem },
      });
    });
    return (this.keys = keys);
  }

  /** Every printing document goes through here (Arabic texts get a font that covers them, see renderPdf). */
  render(doc: TDocumentDefinitions): Promise<Buffer> {
    return renderPdf(doc);
  }

  header(): OfficeHeader {
    const { office } = this.setup.requireIdentity();
    return {
      code: office.code,
      name: office.name,
      region: office.region,
      sessionLabel: this.reference.catalogue.session.label,
    };
  }

  async ficheData(reg: RegistrationRaw, version: number, printedAt: string, clerk: string): Promise<FicheData> {
    const c = await this.candidates.get(reg.candidate_id);
    const cat = this.reference.catalogue;
    const details = JSON.parse(reg.details_json) as ApplicationCodes['details'];
    const words = describeApplication(cat, {
      examCode: reg.exam_code,
      seriesCode: reg.series_code,
      category: reg.category,
      centreCode: reg.centre_code,
      etablissementCode: reg.etablissement_code,
      details,
    });
    const photo = await examPhoto(this.store.em, this.files, reg.id);
    const statuses = await pieceStatuses(this.store.em, reg.id);
    return {
      office: this.header(),
      candidate: { ...c },
      registration: {
        number: reg.number,
        version,
        ...words,
        preregistrationNumber: reg.prereg_number,
      },
      printedAt,
      clerk,
      photo: photo?.bytes ?? null,
      photoSha256: photo?.sha256 ?? null,
      missingPieces: piecesFor(cat, reg.exam_code, reg.category, details.accommodations.needed)
        .filter((p) => p.mandatory && stillMissing(statuses.get(p.code)))
        .map((p) => ({ label: p.label, deadline: p.deadline ?? null })),
    };
  }

  /**
   * What a fiche shows and its signed QR. Its version is the content version, the number the
   * confirmation and the screens carry: a registration changed before its first print is printed
   * as version 2, and a fiche printed again with nothing changed is the same fiche. How many times
   * it was locked by a print stays in `fiche_version` and the print log.
   */
  async prepareFiche(reg: RegistrationRaw, now: string, clerk: string) {
    const { version } = await contentVersion(this.store.em, reg);
    const data = await this.ficheData(reg, version, now, clerk);
    const contentHash = createHash('sha256')
      // The photo counts by its hash: the same picture is the same fiche, a new one a new fiche.
      .update(JSON.stringify({ ...data, photo: null, printedAt: null, clerk: null }))
      .digest('hex');
    const keys = await this.officeKeys();
    const qr = signClaims(
      {
        o: data.office.code,
        n: data.candidate.number,
        r: reg.number,
        nm: `${data.candidate.surname} ${data.candidate.givenNames}`.slice(0, 80),
        dob: data.candidate.birthDate,
        ex: [reg.exam_code, reg.series_code].filter(Boolean).join('-'),
        v: version,
        h: contentHash.slice(0, 16),
      },
      keys.privatePem,
    );
    return { data, qr, version, contentHash };
  }

  /** Inside the print's transaction: lock the registration and log the fiche, unless it changed since rendering. */
  async lockPrinted(tx: Tx, session: Session, registrationId: string, version: number, contentHash: string) {
    const locked = await this.registrations.markPrinted(tx, session, registrationId);
    if ((await contentVersion(tx.em, locked)).version !== version)
      throw new AppError('conflict', 'Changed while printing', { _: { code: 'changed_meanwhile' } });
    await this.log(tx, session, 'fiche', registrationId, version, contentHash);
  }

  /**
   * Renders first, then locks and logs in one transaction: a PDF that fails to render locks
   * nothing, and a lock that fails to commit hands out no PDF.
   */
  async fiche(session: Session, registrationId: string, now: string) {
    const reg = await findRegistration(this.store.em, registrationId);
    if (!reg) throw new AppError('not_found', 'No such registration');
    if (reg.status === 'withdrawn') throw new AppError('conflict', 'Withdrawn', { _: { code: 'already_withdrawn' } });
    const { data, qr, version, contentHash } = await this.prepareFiche(reg, now, session.displayName);
    const pdf = await this.render(ficheDocument(data, qr));
    await this.store.change(actorOf(session), (tx) =>
      this.lockPrinted(tx, session, registrationId, version, contentHash),
    );
    return {
      fileName: `fiche-${reg.number.replace(/\//g, '-')}-v${version}.pdf`,
      pdfBase64: pdf.toString('base64'),
      version,
      contentHash,
      qr,
    };
  }

  /** What the fiche will look like, shown before printing: nothing is locked, logged or signed. */
  async fichePreview(registrationId: string, now: string, clerk: string) {
    const reg = await findRegistration(this.store.em, registrationId);
    if (!reg) throw new AppError('not_found', 'No such registration');
    const { version } = await contentVersion(this.store.em, reg);
    const pdf = await this.render(ficheDocument(await this.ficheData(reg, version, now, clerk), null));
    return { fileName: `apercu-fiche-${reg.number.replace(/\//g, '-')}.pdf`, pdfBase64: pdf.toString('base64') };
  }

  async receipt(session: Session, paymentId: string) {
    const [p] = await findPayments(this.store.em, { id: paymentId });
    if (!p) throw new AppError('not_found', 'No such payment');
    const reg = (await findRegistration(this.store.em, p.registrationId))!;
    const nameOf = await displayNames(this.store.em);
    const pdf = await this.render(
      receiptDocument({
        office: this.header(),
        receiptNumber: p.receiptNumber,
        date: p.createdAt,
        clerk: nameOf(p.clerk),
        candidateName: reg.candidate_name,
        candidateNumber: reg.candidate_number,
        registrationNumber: reg.number,
        exam: reg.exam_code,
        amount: printable(formatMoney(p.amount, p.currency, p.minorDigits)),
        mode: p.mode,
        operator: p.operator,
        reference: p.reference,
        exemptionReason: p.exemptionReason,
        groupNumber: p.groupNumber,
        cancellation:
          p.status === 'cancelled'
            ? { reason: p.cancelReason ?? '', by: nameOf(p.cancelledBy ?? ''), at: await this.cancelledAt(p.id) }
            : null,
      }),
    );
    const hash = createHash('sha256').update(pdf).digest('hex');
    await this.store.change(actorOf(session), (tx) =>
      this.log(tx, session, p.status === 'cancelled' ? 'cancellation' : 'receipt', reg.id, null, hash),
    );
    return { fileName: `recu-${p.receiptNumber}.pdf`, pdfBase64: pdf.toString('base64') };
  }

  /** When a receipt was cancelled, which the payment row records apart from when it was paid. */
  private async cancelledAt(paymentId: string): Promise<string | null> {
    const [row] = (await this.store.em.query(`SELECT cancelled_at AS at FROM payment WHERE id = ?`, [paymentId])) as {
      at: string | null;
    }[];
    return row?.at ?? null;
  }

  /** A school's collective receipt, made again from its payments as they stand now. */
  async schoolReceipt(session: Session, groupNumber: string) {
    const payments = await findPayments(this.store.em, { groupNumber });
    const first = payments[0];
    if (!first) throw new AppError('not_found', 'No such collective receipt');
    const reg = (await findRegistration(this.store.em, first.registrationId))!;
    const catalogue = this.reference.catalogue;
    const valid = payments.filter((p) => p.status === 'valid');
    const money = (amount: number) => printable(formatMoney(amount, first.currency, first.minorDigits));
    const etablissement = catalogue.etablissements.find((e) => e.code === reg.etablissement_code);
    const pdf = await this.render(
      schoolReceiptDocument({
        office: this.header(),
        groupNumber,
        date: first.createdAt,
        clerk: (await displayNames(this.store.em))(first.clerk),
        etablissement: etablissement ? `${etablissement.name} (${etablissement.code})` : (reg.etablissement_code ?? ''),
        exam: findExam(catalogue, reg.exam_code)?.label ?? reg.exam_code,
        mode: first.mode === 'mobile_money' ? 'mobile_money' : 'cash',
        operator: first.operator,
        reference: first.reference,
        rows: payments.map((p) => ({
          name: p.candidateName,
          registration: p.registrationNumber,
          receipt: p.receiptNumber,
          amount: money(p.amount),
          cancelled: p.status === 'cancelled',
        })),
        total: money(valid.reduce((sum, p) => sum + p.amount, 0)),
        paidCount: valid.length,
        cancelledCount: payments.length - valid.length,
      }),
    );
    const hash = createHash('sha256').update(pdf).digest('hex');
    await this.store.change(actorOf(session), (tx) => this.log(tx, session, 'school_receipt', null, null, hash));
    return { fileName: `recu-collectif-${groupNumber}.pdf`, pdfBase64: pdf.toString('base64') };
  }

  async history(registrationId: string) {
    return (await this.store.em.query(
      `SELECT id, kind, version, content_hash AS contentHash, clerk, created_at AS createdAt FROM printed_document
        WHERE registration_id = ? ORDER BY created_at`,
      [registrationId],
    )) as { id: string; kind: string; version: number | null; contentHash: string; clerk: string; createdAt: string }[];
  }

  async verify(payload: string) {
    const own = await this.officeKeys();
    const keys: Record<string, string> = Object.fromEntries(
      this.reference.catalogue.officeKeys.map((k) => [k.officeCode, k.publicKeyPem]),
    );
    keys[this.setup.requireIdentity().office.code] = own.publicPem;
    const r = verifyClaims(payload, keys);
    return r.valid ? { valid: true, reason: null, claims: r.claims } : { valid: false, reason: r.reason, claims: null };
  }

  async log(
    tx: Tx,
    session: Session,
    kind: PrintKind,
    /** Null for office documents (recaps, lists), which belong to no registration. */
    registrationId: string | null,
    version: number | null,
    contentHash: string,
  ) {
    const id = this.newId();
    await tx.em.query(
      `INSERT INTO printed_document (id, kind, registration_id, version, content_hash, clerk, created_at) VALUES (?,?,?,?,?,?,?)`,
      [id, kind, registrationId, version, contentHash, session.username, tx.now],
    );
    await tx.audit({
      action: `printing.${kind}`,
      entity: registrationId ? 'registration' : 'printed_document',
      entityId: registrationId ?? id,
      after: { kind, version, contentHash },
    });
  }
}
