import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import type {
  CandidateDetail,
  CandidateSummary,
  confirmationInputSchema,
  DuplicateMatch,
} from '../../../shared/contract/candidates';
import { closeFormsTo, nameForms, type NameForms } from '../../../shared/domain/names';
import { makeCandidateNumber, sequenceName } from '../../../shared/domain/numbering';
import { nationalIdType } from '../../../shared/domain/eligibility';
import { normaliseIdNumber } from '../../../shared/domain/candidate';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { IdGenerator } from '../../core/ids';
import type { Store, Tx } from '../../db/store';
import { searchCandidates, searchText } from './search';
import {
  matchKeys,
  validateIdentity,
  type Identity,
  type IdentityContext,
  type IdentityEntry,
  type MatchKeys,
} from './identity';
import { localDay } from '../../../shared/domain/localTime';

type ConfirmationInput = z.output<typeof confirmationInputSchema>;
type DuplicateProbe = Pick<Identity, 'idType' | 'idNumber' | 'birthDate' | 'surname' | 'givenNames'>;
export type { Identity, IdentityEntry };

interface CandidateRaw {
  id: string;
  number: string;
  surname: string;
  given_names: string;
  usage_name: string | null;
  sex: 'M' | 'F';
  birth_date: string;
  birth_place: string;
  birth_country: string | null;
  birth_department: string | null;
  nationality: string;
  id_type: string | null;
  id_number: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  guardian_json: string | null;
  socio_category: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The columns a duplicate match shows: enough to name the candidate and open them. */
const SUMMARY_COLUMNS = 'id, number, surname, given_names, birth_date, id_number, phone';
type SummaryRaw = Pick<
  CandidateRaw,
  'id' | 'number' | 'surname' | 'given_names' | 'birth_date' | 'id_number' | 'phone'
>;
/** Candidates born the same day that a duplicate check compares names with, at most. */
const SAME_DAY_LIMIT = 500;

const summary = (r: SummaryRaw): CandidateSummary => ({
  id: r.id,
  number: r.number,
  surname: r.surname,
  givenNames: r.given_names,
  birthDate: r.birth_date,
  idNumber: r.id_number,
  phone: r.phone,
});

// Object.assign, not `{ ...summary(r), … }`: on Node 20's V8 a spread followed by this many keys
// costs about 30 µs an object (100 times more), which a school list pays 10,000 times.
export const detail = (r: CandidateRaw): CandidateDetail =>
  Object.assign(summary(r), {
    usageName: r.usage_name,
    sex: r.sex,
    birthPlace: r.birth_place,
    birthCountry: r.birth_country,
    birthDepartment: r.birth_department,
    nationality: r.nationality,
    idType: r.id_type,
    email: r.email,
    address: r.address,
    guardian: r.guardian_json ? (JSON.parse(r.guardian_json) as CandidateDetail['guardian']) : null,
    socioCategory: r.socio_category,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

const SAME_NATIONAL_ID = `SELECT * FROM candidate WHERE id_type IS ? AND id_number = ?`;

/** The same national ID is never another person: refused at the field, with the candidate who holds it. */
export const sameNationalIdError = (matches: DuplicateMatch[]) =>
  new AppError(
    'conflict',
    'Same national ID',
    { 'identity.idNumber': { code: 'duplicate_national_id' } },
    { duplicates: matches },
  );

/** The identity columns as stored, from an identity that passed the rules. */
function identityColumns(identity: Identity, keys: MatchKeys) {
  return {
    surname: identity.surname.trim(),
    given_names: identity.givenNames.trim(),
    usage_name: identity.usageName?.trim() || null,
    sex: identity.sex,
    birth_date: identity.birthDate,
    birth_place: identity.birthPlace.trim(),
    birth_country: identity.birthCountry ?? null,
    birth_department: identity.birthDepartment ?? null,
    nationality: identity.nationality.trim(),
    id_type: nationalIdType(identity),
    id_number: normaliseIdNumber(identity.idNumber),
    phone: keys.phone?.e164 ?? null,
    email: identity.email?.trim() || null,
    address: identity.address?.trim() || null,
    guardian_json: identity.guardian ? JSON.stringify(identity.guardian) : null,
    socio_category: identity.socioCategory ?? null,
  };
}

const searchTextOf = (
  row: Pick<CandidateRaw, 'surname' | 'given_names' | 'usage_name' | 'number' | 'id_number' | 'phone'>,
  keys: MatchKeys,
) =>
  searchText({
    surname: row.surname,
    givenNames: row.given_names,
    usageName: row.usage_name,
    number: row.number,
    idNumber: row.id_number,
    phone: row.phone,
    phoneNational: keys.phone?.national ?? null,
  });

const sameIdMatch = (r: CandidateRaw): DuplicateMatch => ({ candidate: summary(r), reason: 'same_national_id' });
const nationalId = (i: Pick<DuplicateProbe, 'idType' | 'idNumber'>) => [i.idType, normaliseIdNumber(i.idNumber)];

export class CandidatesService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly officeCountry: () => string,
  ) {}

  /** This office's phone region and today's date: what the identity rules are checked against. */
  identityContext(referenceDate?: string): IdentityContext {
    return { region: this.officeCountry(), today: localDay(this.clock.now()), referenceDate };
  }

  validate(identity: IdentityEntry, confirmation: ConfirmationInput | null, referenceDate?: string): Identity {
    return validateIdentity(identity, confirmation, this.identityContext(referenceDate));
  }

  /** A new candidate, numbered from this workstation's counter; `keys` when the caller computed them already. */
  async create(
    tx: Tx,
    identity: Identity,
    office: { code: string },
    workstation: { code: string },
    keys: MatchKeys = matchKeys(identity, this.officeCountry()),
  ): Promise<CandidateDetail> {
    const year = Number(tx.now.slice(0, 4));
    const sequence = tx.sequence(sequenceName('candidate', year));
    const number = makeCandidateNumber({ officeCode: office.code, workstationCode: workstation.code, year, sequence });
    const row: CandidateRaw = {
      id: this.newId(),
      number,
      ...identityColumns(identity, keys),
      version: 1,
      created_at: tx.now,
      updated_at: tx.now,
    };
    const text = searchTextOf(row, keys);
    const { lastInsertRowid } = tx.run(
      `INSERT INTO candidate (id, number, surname, given_names, usage_name, sex, birth_date, birth_place, birth_country,
         birth_department, nationality, id_type, id_number, phone, email, address, guardian_json, socio_category,
         search_name, search_text, phonetic_key, version, created_at, updated_at)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      [
        row.id,
        row.number,
        row.surname,
        row.given_names,
        row.usage_name,
        row.sex,
        row.birth_date,
        row.birth_place,
        row.birth_country,
        row.birth_department,
        row.nationality,
        row.id_type,
        row.id_number,
        row.phone,
        row.email,
        row.address,
        row.guardian_json,
        row.socio_category,
        keys.searchName,
        text,
        keys.phoneticKey,
        row.version,
        row.created_at,
        row.updated_at,
      ],
    );
    // Indexed here rather than by a trigger (migration 1765500000000): a statement of its own is far cheaper.
    tx.run(`INSERT INTO candidate_fts (rowid, search_text) VALUES (?, ?)`, [lastInsertRowid, text]);
    const created = detail(row);
    const json = JSON.stringify(created);
    await tx.audit({
      action: 'candidates.create',
      entity: 'candidate',
      entityId: row.id,
      after: created,
      afterJson: json,
    });
    await tx.enqueue({ entity: 'candidate', entityId: row.id, version: 1, payload: created, payloadJson: json });
    return created;
  }

  /**
   * The identity corrected, in the caller's transaction: the rules and the double entry of a new
   * candidate, where the diploma fields stored stand for the second typing of those left as they
   * were; a national ID another candidate holds is refused; the search forms follow (the FTS
   * update trigger re-indexes the row). A new version, audited and queued like any change.
   */
  async correct(
    tx: Tx,
    id: string,
    identity: IdentityEntry,
    confirmation: ConfirmationInput | null,
  ): Promise<{ before: CandidateDetail; after: CandidateDetail }> {
    const before = await this.get(id, tx.em);
    const { surname, givenNames, birthDate, idNumber } = before;
    const valid = this.validate(identity, confirmation ?? { surname, givenNames, birthDate, idNumber });
    const same = this.sameNationalId(valid, tx).filter((d) => d.candidate.id !== id);
    if (same.length) throw sameNationalIdError(same);
    const keys = matchKeys(valid, this.officeCountry());
    const columns = identityColumns(valid, keys);
    const version = before.version + 1;
    const set = Object.keys(columns).map((c) => `${c} = ?`);
    tx.run(
      `UPDATE candidate SET ${set.join(', ')}, search_name = ?, search_text = ?, phonetic_key = ?, version = ?,
         updated_at = ? WHERE id = ?`,
      [
        ...Object.values(columns),
        keys.searchName,
        searchTextOf({ ...columns, number: before.number }, keys),
        keys.phoneticKey,
        version,
        tx.now,
        id,
      ],
    );
    const after = await this.get(id, tx.em);
    await tx.audit({ action: 'candidates.correct', entity: 'candidate', entityId: id, before, after });
    await tx.enqueue({ entity: 'candidate', entityId: id, version, payload: after });
    return { before, after };
  }

  /**
   * Same national ID: the same person. Same birth date and a close name: maybe; the clerk decides.
   * `upTo` (a rowid) leaves out candidates made after it: a school list's own rows, saved meanwhile.
   */
  async findDuplicates(
    identity: DuplicateProbe,
    em: EntityManager = this.store.em,
    upTo?: number,
  ): Promise<DuplicateMatch[]> {
    return (await this.duplicateFinder(em, upTo)([identity]))[0]!;
  }

  /**
   * findDuplicates for many identities against the same candidates (a school list's rows, each
   * chunk in turn; only candidates up to rowid `upTo` when given): the candidates born on a day are
   * read once, with their name forms, however many pupils share that day. Checked one by one, a
   * list of 10,000 pupils against 10,000 candidates born on the same 84 days took 31 s to preview.
   */
  duplicateFinder(em: EntityManager = this.store.em, upTo?: number) {
    const bound = upTo === undefined ? '' : ' AND rowid <= ?';
    const extra = upTo === undefined ? [] : [upTo];
    const bornOn = new Map<string, { candidate: CandidateSummary; forms: NameForms }[]>();
    const load = async (days: string[]) => {
      const missing = [...new Set(days)].filter((d) => !bornOn.has(d));
      if (!missing.length) return;
      const rows = (await em.query(
        `SELECT ${SUMMARY_COLUMNS} FROM candidate WHERE birth_date IN (${missing.map(() => '?').join(',')})${bound}
          ORDER BY birth_date, rowid`,
        [...missing, ...extra],
      )) as SummaryRaw[];
      // Marked read only once read: a failed query leaves the days to the next call.
      for (const d of missing) bornOn.set(d, []);
      for (const r of rows) {
        const sameDay = bornOn.get(r.birth_date)!;
        if (sameDay.length < SAME_DAY_LIMIT)
          sameDay.push({ candidate: summary(r), forms: nameForms(`${r.surname} ${r.given_names}`) });
      }
    };
    return async (identities: DuplicateProbe[]): Promise<DuplicateMatch[][]> => {
      await load(identities.map((i) => i.birthDate));
      const found: DuplicateMatch[][] = [];
      for (const identity of identities) {
        const same = identity.idNumber
          ? ((await em.query(`${SAME_NATIONAL_ID}${bound}`, [...nationalId(identity), ...extra])) as CandidateRaw[])
          : [];
        const seen = new Set(same.map((r) => r.id));
        const isClose = closeFormsTo(`${identity.surname} ${identity.givenNames}`);
        found.push([
          ...same.map(sameIdMatch),
          ...bornOn
            .get(identity.birthDate)!
            .filter((c) => !seen.has(c.candidate.id) && isClose(c.forms))
            .map((c) => ({ candidate: c.candidate, reason: 'close_name_same_birth_date' as const })),
        ]);
      }
      return found;
    };
  }

  /** The cheap, indexed half of the check, repeated inside the saving transaction. */
  sameNationalId(identity: Pick<DuplicateProbe, 'idType' | 'idNumber'>, tx: Tx): DuplicateMatch[] {
    if (!identity.idNumber) return [];
    return tx.all<CandidateRaw>(SAME_NATIONAL_ID, nationalId(identity)).map(sameIdMatch);
  }

  async get(id: string, em: EntityManager = this.store.em): Promise<CandidateDetail> {
    const [row] = (await em.query(`SELECT * FROM candidate WHERE id = ?`, [id])) as CandidateRaw[];
    if (!row) throw new AppError('not_found', 'No such candidate');
    return detail(row);
  }

  search(query: string, limit: number) {
    return searchCandidates(this.store.em, query, limit);
  }
}
