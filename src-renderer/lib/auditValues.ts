/**
 * The values an audit entry holds, as the screens show them: a role, a status or a payment mode
 * under its label, an instant as 27/11/2026 08:57, a calendar date as 01/05/2011, an empty list as
 * « — », and a record inside the entry as its own labelled fields (« Code : MOR »), never as JSON.
 * A code this version has no label for (a newer version's, read from a restored backup) shows as stored.
 */

export interface AuditValueText {
  t: (key: string) => string;
  te: (key: string) => boolean;
  /** The field's label on the screens (see useAuditLabels). */
  fieldLabel: (key: string) => string;
  /** 27/11/2026 08:57, in the workstation's time zone. */
  dateTime: (iso: string) => string;
  /** 01/05/2011, whatever the time zone. */
  calendar: (ymd: string) => string;
}

/** Where the label of a coded value is, by the field holding it and, where codes differ, by the entity. */
const CODE_LABELS: Record<string, (entity: string) => readonly string[]> = {
  role: () => ['roles'],
  status: (entity) =>
    entity === 'payment' ? ['cash.statuses'] : entity === 'registration' ? ['registrations.statuses'] : [],
  mode: (entity) => (entity === 'payment' ? ['cash.modes'] : entity === 'excel_import' ? ['audit.importModes'] : []),
  idType: () => ['wizard.idTypes'],
  socioCategory: () => ['wizard.socioCategories'],
};

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;
const EMPTY = '—';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function scalar(key: string, v: unknown, entity: string, text: AuditValueText): string {
  if (v === undefined || v === null || v === '') return EMPTY;
  if (typeof v === 'boolean') return text.t(v ? 'common.yes' : 'common.no');
  if (typeof v !== 'string') return String(v);
  for (const group of CODE_LABELS[key]?.(entity) ?? []) if (text.te(`${group}.${v}`)) return text.t(`${group}.${v}`);
  if (key === 'sex' && (v === 'M' || v === 'F')) return text.t(`wizard.sex${v}`);
  if (INSTANT.test(v) && !Number.isNaN(Date.parse(v))) return text.dateTime(v);
  if (CALENDAR_DAY.test(v)) return text.calendar(v);
  return v;
}

/** One value on one line: a record inside another as « Label : valeur, Label : valeur ». */
function inline(key: string, v: unknown, entity: string, text: AuditValueText): string {
  if (Array.isArray(v))
    return v.length ? v.map((item) => inline(key, item, entity, text)).join(isRecord(v[0]) ? ' ; ' : ', ') : EMPTY;
  if (isRecord(v)) {
    const parts = Object.entries(v).map(([k, x]) => `${text.fieldLabel(k)} : ${inline(k, x, entity, text)}`);
    return parts.length ? parts.join(', ') : EMPTY;
  }
  return scalar(key, v, entity, text);
}

/**
 * The value of one field of an audit entry, as lines: one for a plain value or a list, one per field
 * for a record (« Région : Ngazidja »), its own records inside each line.
 */
export function auditValueLines(key: string, v: unknown, entity: string, text: AuditValueText): string[] {
  if (isRecord(v)) {
    const lines = Object.entries(v).map(([k, x]) => `${text.fieldLabel(k)} : ${inline(k, x, entity, text)}`);
    return lines.length ? lines : [EMPTY];
  }
  return [inline(key, v, entity, text)];
}
