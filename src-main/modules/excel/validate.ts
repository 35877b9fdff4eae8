import type { RowError } from '../../../shared/contract/excel';
import type { Catalogue, Exam } from '../../../shared/domain/catalogue';
import { checkEligibility } from '../../../shared/domain/eligibility';
import { normaliseName } from '../../../shared/domain/names';
import { AppError } from '../../core/errors';
import type { CandidatesService, Identity } from '../candidates/service';
import { resolveApplication } from '../registrations/rules';
import type { SubmitInput } from '../registrations/service';
import { columnLetter, YES_NO, type Column, type ColumnKey } from './columns';
import { frenchMessage } from './messages';
import { rowOptions } from './options';
import type { ReadSheet, SheetRow } from './reader';

export interface CheckedRow {
  row: number;
  surname: string;
  givenNames: string;
  birthDate: string;
  errors: RowError[];
  identity: Identity | null;
  application: SubmitInput['application'] | null;
  epreuves: SubmitInput['epreuves'] | null;
}

/** Where the counter's field names land in the school's file. */
const FIELD_COLUMN: Record<string, ColumnKey | null> = {
  'identity.surname': 'surname',
  'identity.givenNames': 'givenNames',
  'identity.sex': 'sex',
  'identity.birthDate': 'birthDate',
  'identity.birthPlace': 'birthPlace',
  'identity.nationality': 'nationality',
  'identity.idType': 'idType',
  'identity.idNumber': 'idNumber',
  'identity.phone': 'phone',
  'identity.email': 'email',
  'identity.address': 'address',
  'identity.guardian': 'guardianName',
  'identity.guardian.name': 'guardianName',
  'identity.guardian.phone': 'guardianPhone',
  'application.seriesCode': 'series',
  'application.category': 'category',
  'application.centreCode': 'centre',
};
const columnOfField = (f: string): ColumnKey | null =>
  FIELD_COLUMN[f] ?? FIELD_COLUMN[f.replace(/^confirmation/, 'identity')] ?? null;

export interface RowContext {
  catalogue: Catalogue;
  exam: Exam;
  etablissementCode: string;
  columns: Column[];
  read: ReadSheet;
  candidates: CandidatesService;
  now: Date;
  lastRecordAt: Date | null;
  /** Birth dates some candidate in the database has: a close-name duplicate needs the same one. */
  knownBirthDates: Set<string>;
  /** Told after each row; may throw to stop (a cancelled import). */
  onRow?: (done: number) => Promise<void>;
}

/**
 * Every rule the counter applies to one registration, for each row of a school's list: the
 * identity rules of CandidatesService.validate, the catalogue codes of resolveApplication, the
 * eligibility rules (collective channel), national-ID and close-name duplicates in the database,
 * and duplicates between rows of the same file.
 */
export async function checkRows(ctx: RowContext): Promise<CheckedRow[]> {
  const seen = new Map<string, number>();
  const out: CheckedRow[] = [];
  for (const r of ctx.read.rows) {
    out.push(await checkRow(ctx, r, seen));
    await ctx.onRow?.(out.length);
  }
  return out;
}

async function checkRow(ctx: RowContext, r: SheetRow, seen: Map<string, number>): Promise<CheckedRow> {
  const v = r.values;
  const errors = new Map<string, RowError>();
  const add = (key: ColumnKey | null, code: string, params: Record<string, string | number> = {}) => {
    const id = key ?? `_${code}`;
    if (errors.has(id)) return;
    const col = key ? ctx.columns.find((c) => c.key === key) : undefined;
    const pos = key ? ctx.read.positions.get(key) : undefined;
    const sentence = frenchMessage(code, params);
    errors.set(id, {
      row: r.row,
      column: pos ? columnLetter(pos) : null,
      header: col?.header ?? null,
      code,
      params,
      message: col ? `${col.header} : ${sentence}` : sentence,
    });
  };
  for (const i of r.issues) add(i.key, i.code, i.params);
  for (const c of ctx.columns) if (c.required && !v[c.key]) add(c.key, 'required');

  const text = (k: ColumnKey) => v[k] ?? '';
  const orNull = (k: ColumnKey) => v[k] || null;
  const identityInput = {
    surname: text('surname'),
    givenNames: text('givenNames'),
    sex: (text('sex') || 'M') as 'M' | 'F',
    birthDate: text('birthDate'),
    birthPlace: text('birthPlace'),
    nationality: text('nationality'),
    idType: orNull('idType'),
    idNumber: orNull('idNumber'),
    phone: orNull('phone'),
    email: orNull('email'),
    address: orNull('address'),
    guardian: v.guardianName || v.guardianPhone ? { name: text('guardianName'), phone: text('guardianPhone') } : null,
  };
  let identity: Identity | null = null;
  try {
    // The file is the school's own second typing: there is no double entry to compare.
    identity = ctx.candidates.validate(identityInput, {
      surname: identityInput.surname,
      givenNames: identityInput.givenNames,
      birthDate: identityInput.birthDate,
      idNumber: identityInput.idNumber,
    });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    for (const [f, fe] of Object.entries(e.fields ?? {})) add(columnOfField(f), fe.code, fe.params);
  }

  let application: SubmitInput['application'] | null = null;
  try {
    application = resolveApplication(ctx.catalogue, {
      sessionId: ctx.catalogue.session.id,
      examCode: ctx.exam.code,
      seriesCode: v.series ?? null,
      category: text('category'),
      etablissementCode: ctx.etablissementCode,
      centreCode: text('centre'),
      accommodations: { needed: Boolean(v.accommodations), details: text('accommodations').slice(0, 500) },
      consentPublish: v.consentPublish === YES_NO[0],
    });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    for (const [f, fe] of Object.entries(e.fields ?? {})) add(columnOfField(f), fe.code, fe.params);
  }

  const optional = rowOptions(ctx.columns, v, ctx.exam, application?.seriesCode ?? v.series ?? null, add);

  if (identity) {
    const keys = [
      identity.idNumber ? `id:${identity.idType}:${identity.idNumber.toUpperCase()}` : null,
      `name:${normaliseName(`${identity.surname} ${identity.givenNames}`)}:${identity.birthDate}`,
    ];
    for (const [i, k] of keys.entries()) {
      if (!k) continue;
      const first = seen.get(k);
      if (first !== undefined) add(i === 0 ? 'idNumber' : 'surname', 'duplicate_in_file', { row: first });
      else seen.set(k, r.row);
    }
    // Without an ID number and with a birth date nobody has, findDuplicates can only answer "none".
    const probe = identity.idNumber || ctx.knownBirthDates.has(identity.birthDate);
    for (const d of probe ? await ctx.candidates.findDuplicates(identity) : []) {
      if (d.reason === 'same_national_id') add('idNumber', 'duplicate_national_id_db', { number: d.candidate.number });
      else add('surname', 'possible_duplicate_db', { number: d.candidate.number });
    }
    if (application)
      for (const issue of checkEligibility({
        catalogue: ctx.catalogue,
        examCode: ctx.exam.code,
        category: application.category,
        birthDate: identity.birthDate,
        heldDiplomas: [],
        activeExamCodes: [],
        now: ctx.now,
        lastRecordAt: ctx.lastRecordAt,
        channel: 'collective',
      }))
        if (issue.severity === 'refusal')
          add(issue.field ? columnOfField(issue.field) : null, issue.code, issue.params);
  }
  return {
    row: r.row,
    surname: identityInput.surname,
    givenNames: identityInput.givenNames,
    birthDate: identityInput.birthDate,
    errors: [...errors.values()],
    identity: errors.size ? null : identity,
    application: errors.size ? null : application,
    epreuves: errors.size ? null : { optional, exemptions: [] },
  };
}
