import { useI18n } from 'vue-i18n';

/**
 * The labels of the screens for the values an audit entry holds, keyed by the record's own field
 * names; the others are under `audit.fields`, and a field of a newer version shows its name.
 */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  surname: 'wizard.surname',
  givenNames: 'wizard.givenNames',
  usageName: 'wizard.usageName',
  sex: 'wizard.sex',
  birthDate: 'wizard.birthDate',
  birthPlace: 'wizard.birthPlace',
  nationality: 'wizard.nationality',
  birthCountry: 'wizard.birthCountry',
  birthDepartment: 'wizard.birthDepartment',
  socioCategory: 'wizard.socioCategory',
  idType: 'wizard.idType',
  idNumber: 'wizard.idNumber',
  phone: 'wizard.phone',
  email: 'wizard.email',
  address: 'wizard.address',
  examCode: 'wizard.exam',
  seriesCode: 'wizard.series',
  category: 'wizard.category',
  etablissementCode: 'wizard.etablissement',
  centreCode: 'wizard.centre',
  status: 'registrations.status',
  candidateName: 'registrations.candidate',
  candidateNumber: 'candidates.number',
  accommodations: 'wizard.accommodations',
  optional: 'wizard.optional',
  exemptions: 'wizard.exemptions',
  region: 'fields.region',
};

/** Where the label of a field an audit entry holds is in the catalogues. */
export const auditFieldLabelKey = (key: string) =>
  Object.hasOwn(AUDIT_FIELD_LABELS, key) ? AUDIT_FIELD_LABELS[key]! : `audit.fields.${key}`;

/** Set-up, installs and the dossier re-check are written by src-main itself under the login `system`. */
export const isSystemActor = (login: string | null) => login === null || login === 'system';

/** The audit log's stable codes in the clerk's words (every action has a label: the i18n test holds it). */
export function useAuditLabels() {
  const { t, te } = useI18n();
  // An entity or an action of a newer version, read from a restored backup, shows as its code.
  const label = (group: 'actions' | 'entities', code: string) =>
    te(`audit.${group}.${code}`) ? t(`audit.${group}.${code}`) : code;
  const actorLabel = (name: string | null) => (isSystemActor(name) ? t('audit.system') : name);
  const fieldLabel = (key: string) => {
    const label = auditFieldLabelKey(key);
    return te(label) ? t(label) : key;
  };
  return { label, actorLabel, fieldLabel };
}
