import { createHash } from 'node:crypto';
import type { Payment } from '../../../shared/contract/payments';
import { feeFor, findExam, piecesFor } from '../../../shared/domain/catalogue';
import { formatMoney } from '../../../shared/domain/money';
import { AppError, fieldError } from '../../core/errors';
import { localDay } from '../../../shared/domain/localTime';
import type { Actor, Store } from '../../db/store';
import type { Session } from '../auth/sessions';
import { findPayments, totalsOf } from '../payments/repository';
import type { ReferenceService } from '../reference/service';
import { displayNames } from '../users/names';
import { asksAccommodations, contentVersion, findRegistration } from '../registrations/repository';
import { centreListDocument } from './documents/centreList';
import { printable } from '../../../shared/i18n/plural';
import { pieceStatuses } from './dossierFacts';
import { confirmationDocument } from './documents/confirmation';
import { recapDocument } from './documents/recap';
import { remindersDocument } from './documents/reminders';
import { reminders } from './reminders';
import { registrationsFor, registrationsOfDay } from './repository';
import type { PrintingService, PrintKind } from './service';
import type { RecapRow } from './types';

const actorOf = (s: Session): Actor => ({ id: s.userId, name: s.username });

/** The office's day-end and list documents, and the candidate's confirmation. */
export class PrintingReports {
  constructor(
    private readonly store: Store,
    private readonly reference: ReferenceService,
    private readonly printing: PrintingService,
  ) {}

  private money(minor: number) {
    const { currency, minorDigits } = this.reference.catalogue.session;
    return printable(formatMoney(minor, currency, minorDigits));
  }

  /** Integer sums first (repository's totalsOf), formatted only for print. */
  private row(label: string, payments: Payment[]): RecapRow {
    const t = totalsOf(payments);
    return {
      label,
      receipts: t.count,
      cancelled: t.cancelled,
      cash: this.money(t.cash),
      mobileMoney: this.money(t.mobile_money),
      exempt: this.money(t.exempt),
      collected: this.money(t.cash + t.mobile_money),
    };
  }

  async recap(session: Session, day: string, now: string) {
    // A recap of a day to come would print empty, yet look like the office's figures for it.
    if (day > localDay(new Date(now))) throw fieldError('day', 'recap_day_in_future', 'Recap of a day to come');
    const payments = await findPayments(this.store.em, { day });
    const group = (key: (p: Payment) => string) => {
      const m = new Map<string, Payment[]>();
      for (const p of payments) m.set(key(p), [...(m.get(key(p)) ?? []), p]);
      return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
    };
    const registered = await registrationsOfDay(this.store.em, day);
    const byExamPayments = new Map(group((p) => p.examCode));
    const exams = [...new Set([...registered.keys(), ...byExamPayments.keys()])].sort();
    const nameOf = await displayNames(this.store.em);
    const closes = (await this.store.em.query(
      `SELECT clerk, status, difference, signed_by AS signedBy FROM cash_close WHERE day = ? ORDER BY clerk, created_at`,
      [day],
    )) as { clerk: string; status: string; difference: number; signedBy: string }[];
    const doc = recapDocument({
      office: this.printing.header(),
      day,
      printedAt: now,
      clerk: session.displayName,
      byClerk: group((p) => p.clerk)
        .map(([clerk, list]) => this.row(nameOf(clerk), list))
        .sort((a, b) => a.label.localeCompare(b.label, 'fr')),
      byExam: exams.map((code) => ({
        ...this.row(findExam(this.reference.catalogue, code)?.label ?? code, byExamPayments.get(code) ?? []),
        registrations: registered.get(code) ?? 0,
      })),
      total: this.row('Total', payments),
      closes: closes.map((c) => ({
        clerk: nameOf(c.clerk),
        state:
          c.status === 'closed'
            ? `clôturée, écart ${this.money(c.difference)}, visée par ${nameOf(c.signedBy)}`
            : 'clôturée puis rouverte',
      })),
    });
    const pdf = await this.printing.render(doc);
    await this.logOffice(session, 'recap', pdf);
    return { fileName: `recapitulatif-${day}.pdf`, pdfBase64: pdf.toString('base64') };
  }

  async centreList(session: Session, filter: { examCode?: string; centreCode?: string }, now: string) {
    const cat = this.reference.catalogue;
    const regs = await registrationsFor(this.store.em, filter);
    if (regs.length === 0) throw new AppError('not_found', 'Empty list', { _: { code: 'list_empty' } });
    const byCentre = new Map<string, typeof regs>();
    for (const r of regs) byCentre.set(r.centre_code, [...(byCentre.get(r.centre_code) ?? []), r]);
    const pdf = await this.printing.render(
      centreListDocument({
        office: this.printing.header(),
        printedAt: now,
        examLabel: filter.examCode ? (findExam(cat, filter.examCode)?.label ?? filter.examCode) : null,
        centres: [...byCentre.entries()].map(([code, list]) => {
          const centre = cat.centres.find((c) => c.code === code);
          return {
            code,
            name: centre?.name ?? code,
            town: centre?.town ?? '',
            candidates: list
              .sort((a, b) => a.candidate_name.localeCompare(b.candidate_name, 'fr'))
              .map((r) => ({
                number: r.candidate_number,
                name: r.candidate_name,
                birthDate: r.birth_date,
                exam: [r.exam_code, r.series_code].filter(Boolean).join(' '),
                registration: r.number,
              })),
          };
        }),
      }),
    );
    await this.logOffice(session, 'centre_list', pdf);
    const label = [filter.examCode, filter.centreCode].filter(Boolean).join('-');
    return { fileName: `candidats-par-centre${label ? `-${label}` : ''}.pdf`, pdfBase64: pdf.toString('base64') };
  }

  /** Relance des pièces manquantes: the incomplete dossiers, whom to call and what they still have to bring. */
  async reminders(session: Session, filter: { examCode?: string; centreCode?: string }, now: string) {
    const cat = this.reference.catalogue;
    const rows = await reminders(this.store.em, cat, filter);
    if (rows.length === 0) throw new AppError('not_found', 'Nothing missing', { _: { code: 'reminders_empty' } });
    const pdf = await this.printing.render(
      remindersDocument({
        office: this.printing.header(),
        printedAt: now,
        examLabel: filter.examCode ? (findExam(cat, filter.examCode)?.label ?? filter.examCode) : null,
        rows,
      }),
    );
    await this.logOffice(session, 'reminders', pdf);
    return {
      fileName: `relances${filter.examCode ? `-${filter.examCode}` : ''}.pdf`,
      pdfBase64: pdf.toString('base64'),
    };
  }

  /**
   * Confirmation / récapitulatif: its version counts the changes of the registration's content
   * (see contentVersion), so a reprint after a change says so and a reprint without one does not.
   */
  async confirmation(session: Session, registrationId: string, now: string) {
    const reg = await findRegistration(this.store.em, registrationId);
    if (!reg) throw new AppError('not_found', 'No such registration');
    const cat = this.reference.catalogue;
    const content = await contentVersion(this.store.em, reg);
    const fiche = await this.printing.ficheData(reg, content.version, now, session.displayName);
    const [paid] = await findPayments(this.store.em, { registrationId, status: 'valid' });
    const statuses = await pieceStatuses(this.store.em, reg.id);
    const fee = feeFor(cat, reg.exam_code, reg.category);
    const pdf = await this.printing.render(
      confirmationDocument({
        office: fiche.office,
        printedAt: now,
        clerk: session.displayName,
        candidate: fiche.candidate,
        registration: { ...fiche.registration, registrationVersion: content.version, versionDate: content.since },
        fee: {
          amount: fee === null ? '—' : this.money(fee),
          paid: paid ? { receiptNumber: paid.receiptNumber, date: paid.createdAt } : null,
        },
        pieces: piecesFor(cat, reg.exam_code, reg.category, asksAccommodations(reg)).map((p) => ({
          label: p.label,
          mandatory: p.mandatory,
          deadline: p.deadline ?? null,
          status: statuses.get(p.code) ?? 'manquante',
        })),
        photo: fiche.photo,
        changesUntil:
          reg.status === 'withdrawn' ? null : (cat.windows.find((w) => w.examCode === reg.exam_code)?.closesAt ?? null),
        withdrawnReason: reg.status === 'withdrawn' ? (reg.withdrawn_reason ?? '') : null,
      }),
    );
    const hash = createHash('sha256').update(pdf).digest('hex');
    await this.store.change(actorOf(session), (tx) =>
      this.printing.log(tx, session, 'confirmation', reg.id, content.version, hash),
    );
    return {
      fileName: `confirmation-${reg.number.replace(/\//g, '-')}-v${content.version}.pdf`,
      pdfBase64: pdf.toString('base64'),
    };
  }

  private async logOffice(session: Session, kind: PrintKind, pdf: Buffer) {
    const contentHash = createHash('sha256').update(pdf).digest('hex');
    await this.store.change(actorOf(session), (tx) => this.printing.log(tx, session, kind, null, null, contentHash));
  }
}
