import type { z } from 'zod';
import type { CandidateDetail } from '../../../shared/contract/candidates';
import type { EntityManager } from 'typeorm';
import type {
  RegistrationShown,
  RegistrationSummary,
  RuleIssue,
  RegistrationView,
  submitInputSchema,
} from '../../../shared/contract/registrations';
import { dossierCompleteSql } from '../dossier/repository';
import { roleAtLeast } from '../../../shared/domain/roles';
import { feeFor } from '../../../shared/domain/catalogue';
import type { Clock } from '../../core/clock';
import { AppError, fieldError } from '../../core/errors';
import type { IdGenerator } from '../../core/ids';
import type { Actor, Store, Tx } from '../../db/store';
import type { Session } from '../auth/sessions';
import { supervisorApproval, type SupervisorCredentials } from '../auth/approval';
import type { AuthService } from '../auth/service';
import type { MatchKeys } from '../candidates/identity';
import { sameNationalIdError, type CandidatesService, type Identity, type IdentityEntry } from '../candidates/service';
import type { ReferenceService } from '../reference/service';
import type { SetupService } from '../setup/service';
import {
  contentVersion,
  findRegistration,
  insertRegistration,
  listRegistrations,
  registrationsOfCandidate,
  SELECT_REGISTRATION,
  toDetail,
  toSummary,
  versionsOf,
  type ListFilter,
  type RegistrationRaw,
} from './repository';
import type { OfflineStatus } from '../../../shared/contract/prereg';
import { offlineIssues } from '../prereg/limits';
import type { PreregService } from '../prereg/service';
import { evaluateRules, resolveApplication, resolveOptions } from './rules';
import { centreIssues, nationalIdType } from '../../../shared/domain/eligibility';
import type { AuditAction } from '../../../shared/domain/auditActions';
import { displayNames } from '../users/names';

/** Pre-registrations and offline limits; absent in tests that build the service alone. */
export interface CounterLimits {
  prereg: PreregService;
  offline: () => Promise<OfflineStatus>;
}

export type SubmitInput = z.output<typeof submitInputSchema>;

const actorOf = (s: Session): Actor => ({ id: s.userId, name: s.username });

export class RegistrationsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly setup: SetupService,
    private readonly reference: ReferenceService,
    private readonly candidates: CandidatesService,
    private readonly auth: AuthService,
    private readonly limits: CounterLimits | null = null,
  ) {}

  /** Rules of the counter itself (offline too long, catalogue expired), on top of the exam's rules. */
  private async counterIssues(): Promise<RuleIssue[]> {
    return this.limits ? offlineIssues(await this.limits.offline()) : [];
  }

  /** Identity, duplicates, catalogue codes and eligibility, without saving: what the wizard shows step by step. */
  async check(input: SubmitInput): Promise<RuleIssue[]> {
    const { candidate, identity } = await this.resolveCandidate(input);
    const app = resolveApplication(this.reference.catalogue, input.application);
    const issues = await evaluateRules(this.store.em, {
      catalogue: this.reference.catalogue,
      application: app,
      candidateId: candidate?.id ?? null,
      birthDate: candidate?.birthDate ?? identity!.birthDate,
      idType: nationalIdType(candidate ?? identity!),
      heldDiplomas: input.heldDiplomas,
      now: this.clock.now(),
      officeCode: this.setup.requireIdentity().office.code,
    });
    return [...issues, ...(await this.counterIssues())];
  }

  async submit(session: Session, input: SubmitInput) {
    const { office, workstation } = this.setup.requireIdentity();
    const { candidate, identity } = await this.resolveCandidate(input);
    if (input.preregistrationNumber)
      await this.requirePrereg().requireConvertible(this.store.em, input.preregistrationNumber);
    if (identity) {
      const matches = await this.candidates.findDuplicates(identity);
      const same = matches.filter((d) => d.reason === 'same_national_id');
      if (same.length) throw sameNationalIdError(same);
      if (matches.length && !input.differentPerson)
        throw new AppError(
          'conflict',
          'Possible duplicate',
          { 'identity.surname': { code: 'possible_duplicate' } },
          { duplicates: matches },
        );
    }
    const catalogue = this.reference.catalogue;
    const app = resolveApplication(catalogue, input.application);
    resolveOptions(catalogue, app, input.epreuves.optional);
    const issues = await evaluateRules(this.store.em, {
      catalogue,
      application: app,
      candidateId: candidate?.id ?? null,
      birthDate: candidate?.birthDate ?? identity!.birthDate,
      idType: nationalIdType(candidate ?? identity!),
      heldDiplomas: input.heldDiplomas,
      now: this.clock.now(),
      officeCode: office.code,
    });
    issues.push(...(await this.counterIssues()));
    const approvedBy = await this.approveOverrides(session, input, issues);
    const overrides = input.overrides
      .filter((o) => issues.some((i) => i.code === o.code))
      .map((o) => ({ ...o, approvedBy: approvedBy ?? session.username }));

    return this.store.change(actorOf(session), (tx) =>
      this.insertNew(tx, session, { candidate, identity, app, input, overrides, office, workstation }),
    );
  }

  private requirePrereg(): PreregService {
    if (!this.limits) throw new AppError('not_found', 'No pre-registrations here');
    return this.limits.prereg;
  }

  /**
   * The saving half of `submit`, inside the caller's transaction: candidate (if new), registration
   * number, version 1, audit and outbox. A school import calls it once per valid row in one transaction.
   */
  async insertNew(
    tx: Tx,
    session: Session,
    p: {
      candidate: CandidateDetail | null;
      identity: Identity | null;
      app: SubmitInput['application'];
      input: Pick<SubmitInput, 'application' | 'epreuves' | 'heldDiplomas' | 'differentPerson' | 'draftId'> & {
        preregistrationNumber?: string | null;
      };
      overrides: { code: string; reason: string; approvedBy: string }[];
      office: { code: string };
      workstation: { code: string };
      /** A new candidate's search forms, when the caller (a school list) computed them already. */
      keys?: MatchKeys;
    },
  ) {
    const { candidate, identity, app, input, overrides, office, workstation } = p;
    let owner: CandidateDetail;
    if (candidate) owner = candidate;
    else {
      // Checked again inside the transaction: another save may have taken the same national ID meanwhile.
      const same = this.candidates.sameNationalId(identity!, tx);
      if (same.length) throw sameNationalIdError(same);
      owner = await this.candidates.create(tx, identity!, office, workstation, p.keys);
      if (input.differentPerson)
        await tx.audit({
          action: 'candidates.declared_different',
          entity: 'candidate',
          entityId: owner.id,
          after: { clerk: session.username },
        });
    }
    const preregNumber = input.preregistrationNumber ?? null;
    // Again inside the transaction: the same pre-registration may have been converted meanwhile.
    if (preregNumber) await this.requirePrereg().requireConvertible(tx.em, preregNumber);
    // A candidate created just now has no registration yet: no need to count them.
    const index = candidate ? (await registrationsOfCandidate(tx.em, owner.id)).length + 1 : 1;
    const id = this.newId();
    const details = {
      accommodations: input.application.accommodations,
      epreuves: input.epreuves,
      heldDiplomas: input.heldDiplomas,
    };
    // Nullable columns as SQLite gives them back (null, never undefined), since a new candidate's row is not read back.
    const row: RegistrationRaw = {
      id,
      candidate_id: owner.id,
      number: `${owner.number}/${String(index).padStart(3, '0')}`,
      session_id: app.sessionId,
      exam_code: app.examCode,
      series_code: app.seriesCode ?? null,
      category: app.category,
      etablissement_code: app.etablissementCode ?? null,
      centre_code: app.centreCode,
      details_json: JSON.stringify(details),
      consent_publish: input.application.consentPublish ? 1 : 0,
      status: 'registered',
      version: 1,
      fiche_version: 0,
      overrides_json: JSON.stringify(overrides),
      withdrawn_reason: null,
      created_by: session.username,
      created_at: tx.now,
      updated_at: tx.now,
      prereg_number: preregNumber,
      candidate_number: owner.number,
      candidate_name: `${owner.surname} ${owner.givenNames}`,
    };
    insertRegistration(tx, row);
    // A candidate created in this transaction is exactly what was just written; an existing one is read
    // back so the snapshot carries the candidate as stored now (a rename may have been saved meanwhile).
    const raw = candidate ? tx.get<RegistrationRaw>(`${SELECT_REGISTRATION} WHERE r.id = ?`, [id])! : row;
    const saved = toDetail(raw, []);
    const json = JSON.stringify(saved);
    tx.run(
      `INSERT INTO registration_version (registration_id, version, snapshot_json, created_at, created_by) VALUES (?,?,?,?,?)`,
      [id, 1, json, tx.now, session.username],
    );
    await tx.audit({
      action: 'registrations.submit',
      entity: 'registration',
      entityId: id,
      after: saved,
      afterJson: json,
    });
    for (const o of overrides)
      await tx.audit({ action: 'rules.override', entity: 'registration', entityId: id, after: o });
    if (preregNumber)
      await tx.audit({
        action: 'prereg.convert',
        entity: 'registration',
        entityId: id,
        after: { preregistrationNumber: preregNumber, registrationNumber: raw.number },
      });
    await tx.enqueue({ entity: 'registration', entityId: id, version: 1, payload: saved, payloadJson: json });
    if (input.draftId) tx.run(`DELETE FROM draft WHERE id = ?`, [input.draftId]);
    return { registration: toSummary(raw), candidate: owner };
  }

  list(filter: ListFilter) {
    return listRegistrations(this.store.em, filter, dossierCompleteSql(this.reference.catalogue));
  }

  async get(id: string): Promise<RegistrationView> {
    const row = await findRegistration(this.store.em, id);
    if (!row) throw new AppError('not_found', 'No such registration');
    const detail = toDetail(row, await versionsOf(this.store.em, id));
    const nameOf = await displayNames(this.store.em);
    return {
      ...detail,
      overrides: detail.overrides.map((o) => ({ ...o, approvedByName: nameOf(o.approvedBy) })),
      versions: detail.versions.map((v) => ({
        ...v,
        createdByName: v.createdBy === null ? null : nameOf(v.createdBy),
      })),
    };
  }

  async forCandidate(candidateId: string): Promise<RegistrationShown[]> {
    const rows = await registrationsOfCandidate(this.store.em, candidateId);
    return Promise.all(rows.map((r) => this.shown(this.store.em, r)));
  }

  /** The summary with the version the candidate's papers carry. */
  private async shown(em: EntityManager, r: RegistrationRaw): Promise<RegistrationShown> {
    return { ...toSummary(r), contentVersion: (await contentVersion(em, r)).version };
  }

  /** Désinscription: a clerk while the window is open, a supervisor after it closes. */
  async withdraw(session: Session, id: string, reason: string): Promise<RegistrationSummary> {
    return this.store.change(actorOf(session), async (tx) => {
      const row = await this.require(tx, id);
      if (row.status === 'withdrawn')
        throw new AppError('conflict', 'Already withdrawn', { reason: { code: 'already_withdrawn' } });
      const window = this.reference.catalogue.windows.find((w) => w.examCode === row.exam_code);
      const open = window ? new Date(window.closesAt) > this.clock.now() : false;
      if (!open && !roleAtLeast(session.role, 'supervisor'))
        throw new AppError('rule_refused', 'Window closed: a supervisor must withdraw', {
          reason: { code: 'withdraw_needs_supervisor' },
        });
      await tx.em.query(`UPDATE registration SET status = 'withdrawn', withdrawn_reason = ? WHERE id = ?`, [
        reason,
        id,
      ]);
      return this.newVersion(tx, row, session, 'registrations.withdraw');
    });
  }

  /**
   * A registration changed before its fiche is printed (or after a supervisor's unlock). A new
   * candidature (another exam, series, category or diplomas held) goes through the rules of a new
   * registration, refused without overrides; a new centre, options or accommodations only need to
   * exist in the catalogue, since moving a candidate is the office's logistics, window or not.
   */
  async update(session: Session, id: string, change: Pick<SubmitInput, 'application' | 'epreuves' | 'heldDiplomas'>) {
    const catalogue = this.reference.catalogue;
    const app = resolveApplication(catalogue, change.application);
    resolveOptions(catalogue, app, change.epreuves.optional);
    const officeCode = this.setup.requireIdentity().office.code;
    return this.store.change(actorOf(session), async (tx) => {
      const row = await this.require(tx, id);
      if (row.status === 'locked')
        throw new AppError('conflict', 'Fiche printed: unlock first', { _: { code: 'registration_locked' } });
      if (row.status === 'withdrawn') throw new AppError('conflict', 'Withdrawn', { _: { code: 'already_withdrawn' } });
      // The fee depends on the exam and the category: a receipt taken at the old rate is cancelled
      // first, or the registration would stay "paid" for less (or more) than its fee.
      const newCategory = app.category !== row.category;
      if (
        newCategory ||
        feeFor(catalogue, app.examCode, app.category) !== feeFor(catalogue, row.exam_code, row.category)
      ) {
        const paid = tx.get<{ receipt_number: string }>(
          `SELECT receipt_number FROM payment WHERE registration_id = ? AND status = 'valid'`,
          [id],
        );
        if (paid)
          throw newCategory
            ? fieldError('application.category', 'category_after_payment', 'Paid at the old category', {
                receipt: paid.receipt_number,
              })
            : fieldError('application.examCode', 'exam_after_payment', 'Paid at the old exam’s fee', {
                receipt: paid.receipt_number,
              });
      }
      const held = (JSON.parse(row.details_json) as { heldDiplomas?: string[] }).heldDiplomas ?? [];
      const sameCandidature =
        app.examCode === row.exam_code &&
        (app.seriesCode ?? null) === row.series_code &&
        app.category === row.category &&
        [...change.heldDiplomas].sort().join() === [...held].sort().join();
      if (!sameCandidature) {
        const [owner] = (await tx.em.query(`SELECT birth_date, id_type, id_number FROM candidate WHERE id = ?`, [
          row.candidate_id,
        ])) as { birth_date: string; id_type: string | null; id_number: string | null }[];
        const issues = await evaluateRules(tx.em, {
          catalogue,
          application: app,
          candidateId: row.candidate_id,
          birthDate: owner!.birth_date,
          idType: nationalIdType({ idType: owner!.id_type, idNumber: owner!.id_number }),
          heldDiplomas: change.heldDiplomas,
          now: this.clock.now(),
          changing: id,
          officeCode,
        });
        const refusals = [...issues, ...(await this.counterIssues())].filter((i) => i.severity === 'refusal');
        if (refusals.length)
          throw new AppError('rule_refused', 'Refused by the rules', undefined, { issues: refusals });
      } else if (app.centreCode !== row.centre_code) {
        // Moving a candidate stays open after the window closes, but only to a centre of this office.
        const refusals = centreIssues(catalogue, app.centreCode, officeCode);
        if (refusals.length)
          throw new AppError('rule_refused', 'Refused by the rules', undefined, { issues: refusals });
      }
      const details = {
        accommodations: app.accommodations,
        epreuves: change.epreuves,
        heldDiplomas: change.heldDiplomas,
      };
      await tx.em.query(
        `UPDATE registration SET exam_code = ?, series_code = ?, category = ?, etablissement_code = ?, centre_code = ?,
           details_json = ?, consent_publish = ? WHERE id = ?`,
        [
          app.examCode,
          app.seriesCode,
          app.category,
          app.etablissementCode,
          app.centreCode,
          JSON.stringify(details),
          app.consentPublish ? 1 : 0,
          id,
        ],
      );
      await this.newVersion(tx, row, session, 'registrations.update');
      return this.shown(tx.em, (await findRegistration(tx.em, id))!);
    });
  }

  /**
   * A candidate's identity corrected. Refused while a printed fiche freezes it (a supervisor
   * unlocks the registration first). Each registration still running then gets a new version, so
   * the next confirmation shows the new identity under a new version number.
   */
  async correctCandidate(
    session: Session,
    candidateId: string,
    identity: IdentityEntry,
    confirmation: Parameters<CandidatesService['correct']>[3],
  ) {
    return this.store.change(actorOf(session), async (tx) => {
      const registrations = await registrationsOfCandidate(tx.em, candidateId);
      if (registrations.some((r) => r.status === 'locked'))
        throw new AppError('conflict', 'Fiche printed: unlock first', { _: { code: 'candidate_locked' } });
      const { after } = await this.candidates.correct(tx, candidateId, identity, confirmation);
      for (const r of registrations)
        if (r.status !== 'withdrawn')
          await this.newVersion(tx, r, session, 'registrations.update', { identityCorrected: true });
      return after;
    });
  }

  async unlock(session: Session, id: string, reason: string, supervisor: SupervisorCredentials | null) {
    const approvedBy = await supervisorApproval(this.auth, session, supervisor);
    return this.store.change(actorOf(session), async (tx) => {
      const row = await this.require(tx, id);
      if (row.status !== 'locked') throw new AppError('conflict', 'Not locked', { reason: { code: 'not_locked' } });
      await tx.em.query(`UPDATE registration SET status = 'amended' WHERE id = ?`, [id]);
      return this.newVersion(tx, row, session, 'registrations.unlock', { reason, approvedBy });
    });
  }

  /** Called by printing inside its own transaction: the fiche freezes this version. */
  async markPrinted(tx: Tx, session: Session, id: string): Promise<RegistrationRaw> {
    const row = await this.require(tx, id);
    if (row.status === 'withdrawn') throw new AppError('conflict', 'Withdrawn', { _: { code: 'already_withdrawn' } });
    if (row.status === 'locked') return row;
    await tx.em.query(`UPDATE registration SET status = 'locked', fiche_version = fiche_version + 1 WHERE id = ?`, [
      id,
    ]);
    await this.newVersion(tx, row, session, 'registrations.lock');
    return (await findRegistration(tx.em, id))!;
  }

  private async require(tx: Tx, id: string): Promise<RegistrationRaw> {
    const row = await findRegistration(tx.em, id);
    if (!row) throw new AppError('not_found', 'No such registration');
    return row;
  }

  /** Every change: version + 1, a readable snapshot, the audit entry with before/after, and the outbox entry. */
  private async newVersion(
    tx: Tx,
    before: RegistrationRaw,
    session: Session,
    action: AuditAction,
    extra?: Record<string, unknown>,
  ) {
    const version = before.version + 1;
    await tx.em.query(`UPDATE registration SET version = ?, updated_at = ? WHERE id = ?`, [version, tx.now, before.id]);
    const after = toDetail((await findRegistration(tx.em, before.id))!, []);
    await tx.em.query(
      `INSERT INTO registration_version (registration_id, version, snapshot_json, created_at, created_by) VALUES (?,?,?,?,?)`,
      [before.id, version, JSON.stringify(after), tx.now, session.username],
    );
    await tx.audit({
      action,
      entity: 'registration',
      entityId: before.id,
      before: toDetail(before, []),
      after: extra ? { ...after, ...extra } : after,
    });
    await tx.enqueue({ entity: 'registration', entityId: before.id, version, payload: after });
    return toSummary((await findRegistration(tx.em, before.id))!);
  }

  private async resolveCandidate(
    input: SubmitInput,
  ): Promise<{ candidate: CandidateDetail | null; identity: Identity | null }> {
    if (input.candidateId) return { candidate: await this.candidates.get(input.candidateId), identity: null };
    if (!input.identity)
      throw new AppError('invalid_input', 'No candidate', { 'identity.surname': { code: 'required' } });
    const identity = this.candidates.validate(input.identity, input.confirmation);
    return { candidate: null, identity };
  }

  /** Refusals a supervisor may pass need an override with a reason and a supervisor's approval; others cannot be passed. */
  private async approveOverrides(session: Session, input: SubmitInput, issues: RuleIssue[]): Promise<string | null> {
    const refusals = issues.filter((i) => i.severity === 'refusal');
    const blocking = refusals.filter((i) => !i.overridable || !input.overrides.some((o) => o.code === i.code));
    if (blocking.length) throw new AppError('rule_refused', 'Refused by the rules', undefined, { issues: blocking });
    return refusals.length ? supervisorApproval(this.auth, session, input.supervisor) : null;
  }
}
