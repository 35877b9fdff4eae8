import { defineStore } from 'pinia';
import { computed, reactive, ref, watch } from 'vue';
import type { CandidateSummary, DuplicateMatch } from '../../shared/contract/candidates';
import {
  epreuvesInputSchema,
  type RegistrationSummary,
  type RuleIssue,
  type SubmitInput,
} from '../../shared/contract/registrations';
import type { AppErrorShape, FieldError } from '../../shared/contract/result';
import { fieldsFromZod } from '../../shared/contract/validation';
import { DIPLOMA_FIELDS, diplomaFieldAsStored } from '../../shared/domain/candidate';
import { piecesFor, type Catalogue } from '../../shared/domain/catalogue';
import { toCountryCode } from '../../shared/domain/countries';
import { toDepartmentCode } from '../../shared/domain/departments';
import { toSocioCategory } from '../../shared/domain/socioCategories';
import { call } from '../api/client';
import { emptyConfirmation, emptyIdentity, identityInput, nullable } from '../components/identity/forms';
import { useDraftAutosave } from '../composables/useDraftAutosave';
import { useSessionStore } from './session';

export const STEPS = ['identite', 'candidature', 'epreuves', 'pieces', 'recapitulatif'] as const;
export type Step = (typeof STEPS)[number];

const emptyApplication = () => ({
  examCode: '',
  seriesCode: '',
  category: '',
  etablissementCode: '',
  centreCode: '',
  accommodationsNeeded: false,
  accommodationsDetails: '',
  consentPublish: true,
});

/**
 * The registration wizard: what the clerk has typed, step by step. Saved as a draft on every
 * change (debounced), so a crash or a closed window loses nothing; src-main decides everything.
 */
export const useWizardStore = defineStore('wizard', () => {
  const step = ref<Step>('identite');
  const catalogue = ref<Catalogue | null>(null);
  const existing = ref<CandidateSummary | null>(null);
  const session = useSessionStore();
  const officeCountry = () => session.info?.country ?? '';
  const identity = reactive(emptyIdentity(officeCountry()));
  const confirmation = reactive(emptyConfirmation());
  const application = reactive(emptyApplication());
  const optional = ref<string[]>([]);
  const exemptions = ref<{ epreuveCode: string; kind: 'acquis' | 'dispense'; year: number; grade: number | null }[]>(
    [],
  );
  const heldDiplomas = ref<string[]>([]);
  const differentPerson = ref(false);
  const duplicates = ref<DuplicateMatch[]>([]);
  const issues = ref<RuleIssue[]>([]);
  const overrideReason = ref('');
  const supervisor = reactive({ username: '', password: '' });
  const fieldErrors = ref<Record<string, string>>({});
  const error = ref<AppErrorShape | null>(null);
  const result = ref<{ candidateId: string; candidateNumber: string; registration: RegistrationSummary } | null>(null);
  /** A step is being checked or saved; the page moves on only when it is done. */
  const busy = ref(false);
  /** The online pre-registration being converted, if the wizard was opened from one. */
  const preregNumber = ref<string | null>(null);

  const exam = computed(() => catalogue.value?.exams.find((e) => e.code === application.examCode) ?? null);
  const series = computed(() => exam.value?.series.find((s) => s.code === application.seriesCode) ?? null);
  const epreuves = computed(() => [...(exam.value?.epreuves ?? []), ...(series.value?.epreuves ?? [])]);
  const pieces = computed(() =>
    catalogue.value
      ? piecesFor(catalogue.value, application.examCode, application.category, application.accommodationsNeeded)
      : [],
  );
  const fee = computed(
    () =>
      catalogue.value?.fees.find((f) => f.examCode === application.examCode && f.category === application.category) ??
      null,
  );
  const refusals = computed(() => issues.value.filter((i) => i.severity === 'refusal'));
  /**
   * The rules' verdict is about the candidate it was computed for: once the identity (or the known
   * candidate) changes, a refusal such as the age one no longer holds, nor the dérogation it asked
   * for. The next check of the Candidature step says what holds now.
   */
  watch([identity, existing], () => (issues.value = []), { deep: true });

  async function loadCatalogue() {
    const r = await call('reference.catalogue', {});
    if (r.ok) catalogue.value = r.value.catalogue as unknown as Catalogue;
  }

  function input(): SubmitInput {
    const useExisting = existing.value !== null;
    return {
      draftId: draft.id.value,
      preregistrationNumber: preregNumber.value,
      candidateId: existing.value?.id ?? null,
      identity: useExisting ? null : identityInput(identity),
      confirmation: useExisting ? null : { ...confirmation, idNumber: nullable(confirmation.idNumber) },
      differentPerson: differentPerson.value,
      heldDiplomas: heldDiplomas.value,
      application: {
        sessionId: catalogue.value?.session.id ?? '',
        examCode: application.examCode,
        seriesCode: nullable(application.seriesCode),
        category: application.category,
        etablissementCode: nullable(application.etablissementCode),
        centreCode: application.centreCode,
        accommodations: { needed: application.accommodationsNeeded, details: application.accommodationsDetails },
        consentPublish: application.consentPublish,
      },
      // An option ticked under another series is no longer on screen to untick: it is not sent.
      epreuves: {
        optional: optional.value.filter((c) => epreuves.value.some((e) => e.code === c && e.type === 'facultative')),
        exemptions: exemptions.value,
      },
      overrides: overrideReason.value.trim()
        ? refusals.value.filter((i) => i.overridable).map((i) => ({ code: i.code, reason: overrideReason.value }))
        : [],
      supervisor: supervisor.username ? { ...supervisor } : null,
    };
  }

  function fail(e: AppErrorShape, messages: (e: AppErrorShape) => Record<string, string>) {
    error.value = e;
    fieldErrors.value = messages(e);
    if (e.details && Array.isArray(e.details.duplicates)) duplicates.value = e.details.duplicates as DuplicateMatch[];
    if (e.details && Array.isArray(e.details.issues)) issues.value = e.details.issues as RuleIssue[];
  }

  function clearErrors() {
    error.value = null;
    fieldErrors.value = {};
  }

  /** Double entry is compared here first so the clerk sees it at once; src-main checks it again. */
  function localMismatches(): Record<string, string> | null {
    if (existing.value) return null;
    const out: Record<string, string> = {};
    // As src-main compares them: as they will be stored, so the ID's case does not count.
    for (const k of DIPLOMA_FIELDS)
      if (diplomaFieldAsStored(k, identity[k]) !== diplomaFieldAsStored(k, confirmation[k]))
        out[`confirmation.${k}`] = 'confirm_mismatch';
    return Object.keys(out).length ? out : null;
  }

  async function validateIdentity(messages: (e: AppErrorShape) => Record<string, string>): Promise<boolean> {
    clearErrors();
    // Checked again: whatever the rules said of the identity before is to be asked again.
    issues.value = [];
    if (existing.value) return true;
    const body = input();
    const r = await call('candidates.validate', { identity: body.identity!, confirmation: body.confirmation! });
    if (!r.ok) return (fail(r.error, messages), false);
    duplicates.value = r.value.duplicates;
    // The same national ID is never a different person: say so at the field, as the save would.
    if (duplicates.value.some((d) => d.reason === 'same_national_id')) {
      const fields = { 'identity.idNumber': { code: 'duplicate_national_id' } };
      fieldErrors.value = messages({ code: 'conflict', message: 'Same national ID', fields });
      return false;
    }
    return duplicates.value.length === 0 || differentPerson.value;
  }

  /**
   * The acquis and dispenses are checked by the save's own rules when the clerk leaves the step,
   * at their fields: not only once the whole registration is saved.
   */
  function checkEpreuves(messages: (e: AppErrorShape) => Record<string, string>): boolean {
    clearErrors();
    const parsed = epreuvesInputSchema.safeParse(input().epreuves);
    if (parsed.success) return true;
    const fields: Record<string, FieldError> = Object.fromEntries(
      Object.entries(fieldsFromZod(parsed.error)).map(([k, f]) => [`epreuves.${k}`, f]),
    );
    fail({ code: 'invalid_input', message: 'Invalid input', fields }, messages);
    return false;
  }

  async function check(messages: (e: AppErrorShape) => Record<string, string>): Promise<boolean> {
    clearErrors();
    const r = await call('registrations.check', input());
    if (!r.ok) return (fail(r.error, messages), false);
    issues.value = r.value.issues;
    return refusals.value.every((i) => i.overridable) && (refusals.value.length === 0 || !!overrideReason.value.trim());
  }

  async function submit(messages: (e: AppErrorShape) => Record<string, string>): Promise<boolean> {
    clearErrors();
    // The draft must be the one the save deletes: no save may start meanwhile (it would write the
    // draft again after the registration), and the one in flight may be the first, whose id the
    // wizard learns only when it answers.
    submitting = true;
    await draft.settle();
    const r = await call('registrations.submit', input()).finally(() => (submitting = false));
    if (!r.ok) return (fail(r.error, messages), false);
    result.value = {
      candidateId: r.value.candidate.id,
      candidateNumber: r.value.candidate.number,
      registration: r.value.registration,
    };
    // The save deleted the draft.
    draft.forget();
    return true;
  }

  /** The saved registration as it is now: taking the fee or printing the fiche changes it. */
  async function refreshResult() {
    const done = result.value;
    if (!done) return;
    const r = await call('registrations.forCandidate', { candidateId: done.candidateId });
    const now = r.ok ? r.value.find((x) => x.id === done.registration.id) : undefined;
    if (now) done.registration = now;
  }

  function snapshot() {
    return {
      step: step.value,
      existing: existing.value,
      identity: { ...identity },
      confirmation: { ...confirmation },
      application: { ...application },
      optional: optional.value,
      exemptions: exemptions.value,
      heldDiplomas: heldDiplomas.value,
      differentPerson: differentPerson.value,
      preregNumber: preregNumber.value,
    };
  }

  let submitting = false;
  const draft = useDraftAutosave({
    data: snapshot,
    label: () => {
      if (!identity.surname && !existing.value) return null;
      const who = existing.value ?? identity;
      return `${who.surname} ${who.givenNames}`.trim();
    },
    step: () => step.value,
    held: () => submitting || result.value !== null,
  });

  async function resume(id: string) {
    const r = await call('drafts.get', { id });
    if (!r.ok) return;
    const d = r.value.data as ReturnType<typeof snapshot>;
    reset();
    draft.id.value = id;
    step.value = d.step;
    existing.value = d.existing;
    Object.assign(identity, d.identity);
    Object.assign(confirmation, d.confirmation);
    Object.assign(application, d.application);
    optional.value = d.optional;
    exemptions.value = d.exemptions;
    heldDiplomas.value = d.heldDiplomas;
    differentPerson.value = d.differentPerson;
    preregNumber.value = d.preregNumber ?? null;
  }

  /**
   * Opens the wizard on what the candidate typed online. The second typing of the diploma fields
   * stays empty: the clerk types it again with the candidate, as for a walk-in.
   */
  async function startFromPrereg(number: string): Promise<boolean> {
    const r = await call('prereg.get', { number });
    if (!r.ok) return false;
    const p = r.value;
    reset();
    preregNumber.value = p.number;
    Object.assign(identity, {
      surname: p.identity.surname,
      givenNames: p.identity.givenNames,
      usageName: '',
      sex: p.identity.sex ?? '',
      birthDate: p.identity.birthDate,
      birthPlace: p.identity.birthPlace,
      // As for the nationality: a country's name becomes its code, a word that is none stays.
      birthCountry: p.identity.birthCountry
        ? (toCountryCode(p.identity.birthCountry) ?? p.identity.birthCountry)
        : officeCountry(),
      // One not recognised is left to choose: the field asks for it in France, a DOM or a COM.
      birthDepartment: (p.identity.birthDepartment && toDepartmentCode(p.identity.birthDepartment)) ?? '',
      // Typed online: "Comores" becomes KM; a word that is no country stays, for the clerk to correct.
      nationality: toCountryCode(p.identity.nationality) ?? (p.identity.nationality || officeCountry()),
      idType: p.identity.idType ?? '',
      idNumber: p.identity.idNumber ?? '',
      phone: p.identity.phone ?? '',
      email: p.identity.email ?? '',
      address: p.identity.address ?? '',
      socioCategory: (p.identity.socioCategory && toSocioCategory(p.identity.socioCategory)) ?? '',
    });
    Object.assign(application, {
      examCode: p.application.examCode,
      seriesCode: p.application.seriesCode ?? '',
      category: p.application.category,
      etablissementCode: p.application.etablissementCode ?? '',
      centreCode: p.application.centreCode ?? '',
    });
    return true;
  }

  function reset() {
    draft.forget();
    step.value = 'identite';
    existing.value = null;
    Object.assign(identity, emptyIdentity(officeCountry()));
    Object.assign(confirmation, emptyConfirmation());
    Object.assign(application, emptyApplication());
    optional.value = [];
    exemptions.value = [];
    heldDiplomas.value = [];
    differentPerson.value = false;
    preregNumber.value = null;
    duplicates.value = [];
    issues.value = [];
    overrideReason.value = '';
    Object.assign(supervisor, { username: '', password: '' });
    clearErrors();
    result.value = null;
  }

  return {
    step,
    catalogue,
    existing,
    identity,
    confirmation,
    application,
    optional,
    exemptions,
    heldDiplomas,
    differentPerson,
    duplicates,
    issues,
    refusals,
    overrideReason,
    supervisor,
    fieldErrors,
    error,
    draftId: draft.id,
    savedAt: draft.savedAt,
    result,
    busy,
    preregNumber,
    startFromPrereg,
    exam,
    series,
    epreuves,
    pieces,
    fee,
    loadCatalogue,
    localMismatches,
    validateIdentity,
    check,
    checkEpreuves,
    submit,
    refreshResult,
    resume,
    reset,
    clearErrors,
  };
});
