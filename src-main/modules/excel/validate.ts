import type { RowError } from '../../../shared/contract/excel';
import type { Catalogue, Exam } from '../../../shared/domain/catalogue';
import { checkEligibility, nationalIdType } from '../../../shared/domain/eligibility';
import { normaliseName } from '../../../shared/domain/names';
import { AppError } from '../../core/errors';
import {
  matchKeys,
  validateIdentity,
  type IdentityContext,
  type MatchKeys,
  type Identity,
} from '../candidates/identity';
import { resolveApplication } from '../registrations/rules';
import type { SubmitInput } from '../registrations/service';
import { columnLetter, YES_NO, type Column, type ColumnKey } from './columns';
import { frenchMessage } from './messages';
import { rowOptions } from './options';
import type { SheetRow } from './reader';

export interface CheckedRow {
  row: number;
  surname: string;
  givenNames: string;
  /** As the preview shows it: yyyy-mm-dd for a day, else the cell as typed (31/02/2011, 8 mars 2011). */
  birthDate: string;
  errors: RowError[];
  identity: Identity | null;
  application: SubmitInput['application'] | null;
  epreuves: SubmitInput['epreuves'] | null;
  /** The candidate's search forms, computed beside the checks so that saving only writes. */
  keys: MatchKeys | null;
}

/** A row after the rules that need no database; `probe` is the identity to look up for duplicates, if valid. */
export interface RuledRow extends CheckedRow {
  probe: Identity | null;
}

/** Where the counter's field names land in the school's file. */
const FIELD_COLUMN: Record<string, ColumnKey | null> = {
  'identity.surname': 'surname',
  'identity.givenNames': 'givenNames',
  'identity.sex': 'sex',
  'identity.birthDate': 'birthDate',
  'identity.birthPlace': 'birthPlace',
  'identity.birthCountry': 'birthCountry',
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

/** Everything the row rules read: plain data, so the rules run the same in a worker thread. */
export interface RowContext {
  catalogue: Catalogue;
  exam: Exam;
  etablissementCode: string;
  columns: Column[];
  /** Column key → 1-based column index in the file. */
  positions: Map<ColumnKey, number>;
  identity: IdentityContext;
  now: Date;
  lastRecordAt: Date | null;
  /** The office registering the list, whose region the centres must be in. */
  officeCode: string;
}

/** One error per column (or per code when it has no column), in the order the rules found them. */
export class RowErrors {
  private readonly byKey = new Map<string, RowError>();

  constructor(
    private readonly ctx: Pick<RowContext, 'columns' | 'positions'>,
    private readonly row: number,
    found: RowError[] = [],
  ) {
    for (const e of found) this.byKey.set(e.header ?? `_${e.code}`, e);
  }

  add(key: ColumnKey | null, code: string, params: Record<string, string | number> = {}) {
    const col = key ? this.ctx.columns.find((c) => c.key === key) : undefined;
    const id = col?.header ?? `_${code}`;
    if (this.byKey.has(id)) return;
    const pos = key ? this.ctx.positions.get(key) : undefined;
    const sentence = frenchMessage(code, params);
    this.byKey.set(id, {
      row: this.row,
      column: pos ? columnLetter(pos) : null,
      header: col?.header ?? null,
      code,
      params,
      message: col ? `${col.header} : ${sentence}` : sentence,
    });
  }

  get size() {
    return this.byKey.size;
  }

  list(): RowError[] {
    return [...this.byKey.values()];
  }
}

/**
 * Every rule the counter applies to one registration that needs no database, for one row of a
 * school's list: the identity rules, the catalogue codes of resolveApplication, the eligibility
 * rules (collective channel) and duplicates between rows of the same file (`seen`, shared by the
 * rows of one file). Duplicates in the database are added by `withDatabaseDuplicates`.
 */
export function checkRow(ctx: RowContext, r: SheetRow, seen: Map<string, number>): RuledRow {
  const v = r.values;
  const errors = new RowErrors(ctx, r.row);
  const add = errors.add.bind(errors);
  for (const i of r.issues) add(i.key, i.code, i.params);
  for (const c of ctx.columns) if (c.required && !v[c.key]) add(c.key, 'required');

  const text = (k: ColumnKey) => v[k] ?? '';
  const orNull = (k: ColumnKey) => v[k] || null;
  const identityInput = {
    surname: text('surname'),
    givenNames: text('givenNames'),
    // A school's pupils go by their birth names: the template has no column for another.
    usageName: null,
    sex: (text('sex') || 'M') as 'M' | 'F',
    birthDate: text('birthDate'),
    birthPlace: text('birthPlace'),
    birthCountry: orNull('birthCountry'),
    // Neither has a column in the template, which the Comorian schools fill as it is.
    birthDepartment: null,
    nationality: text('nationality'),
    idType: orNull('idType'),
    idNumber: orNull('idNumber'),
    phone: orNull('phone'),
    email: orNull('email'),
    address: orNull('address'),
    guardian: v.guardianName || v.guardianPhone ? { name: text('guardianName'), phone: text('guardianPhone') } : null,
    socioCategory: null,
  };
  let identity: Identity | null = null;
  try {
    // The file is the school's own second typing: there is no double entry to compare.
    identity = validateIdentity(
      identityInput,
      {
        surname: identityInput.surname,
        givenNames: identityInput.givenNames,
        birthDate: identityInput.birthDate,
        idNumber: identityInput.idNumber,
      },
      ctx.identity,
    );
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
    if (application)
      for (const issue of checkEligibility({
        catalogue: ctx.catalogue,
        examCode: ctx.exam.code,
        category: application.category,
        birthDate: identity.birthDate,
        idType: nationalIdType(identity),
        heldDiplomas: [],
        activeExamCodes: [],
        now: ctx.now,
        lastRecordAt: ctx.lastRecordAt,
        channel: 'collective',
        centreCode: application.centreCode,
        officeCode: ctx.officeCode,
      }))
        if (issue.severity === 'refusal')
          add(issue.field ? columnOfField(issue.field) : null, issue.code, issue.params);
  }
  return {
    row: r.row,
    surname: identityInput.surname,
    givenNames: identityInput.givenNames,
    birthDate: r.typed?.birthDate ?? identityInput.birthDate,
    errors: errors.list(),
    identity: errors.size ? null : identity,
    application: errors.size ? null : application,
    epreuves: errors.size ? null : { optional, exemptions: [] },
    keys: identity && !errors.size ? matchKeys(identity, ctx.identity.region) : null,
    probe: identity,
  };
}
