import type { EntityManager } from 'typeorm';
import type { Tx } from '../../db/store';
import type {
  RegistrationDetail,
  VersionChange,
  RegistrationFilterInput,
  RegistrationStatus,
  RegistrationSummary,
} from '../../../shared/contract/registrations';
import { localDayRange } from '../../../shared/domain/localTime';

export interface RegistrationRaw {
  id: string;
  candidate_id: string;
  number: string;
  session_id: string;
  exam_code: string;
  series_code: string | null;
  category: string;
  etablissement_code: string | null;
  centre_code: string;
  details_json: string;
  consent_publish: number;
  status: RegistrationStatus;
  version: number;
  fiche_version: number;
  overrides_json: string;
  withdrawn_reason: string | null;
  prereg_number: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  candidate_number: string;
  candidate_name: string;
}

/** Whether the candidate asked for accommodations (extra time, a reader…) for this registration. */
export const asksAccommodations = (r: Pick<RegistrationRaw, 'details_json'>) =>
  Boolean((JSON.parse(r.details_json) as { accommodations?: { needed?: boolean } }).accommodations?.needed);

export const SELECT_REGISTRATION = `SELECT r.*, c.number AS candidate_number, c.surname || ' ' || c.given_names AS candidate_name
  FROM registration r JOIN candidate c ON c.id = r.candidate_id`;

export const toSummary = (r: RegistrationRaw): RegistrationSummary => ({
  id: r.id,
  number: r.number,
  candidateId: r.candidate_id,
  candidateNumber: r.candidate_number,
  candidateName: r.candidate_name,
  sessionId: r.session_id,
  examCode: r.exam_code,
  seriesCode: r.series_code,
  category: r.category,
  centreCode: r.centre_code,
  status: r.status,
  version: r.version,
  createdAt: r.created_at,
  preregistrationNumber: r.prereg_number,
});

/** Object.assign for the reason given at the candidate's `detail`: a spread before these keys is 100 times slower. */
export const toDetail = (r: RegistrationRaw, versions: RegistrationDetail['versions']): RegistrationDetail =>
  Object.assign(toSummary(r), {
    etablissementCode: r.etablissement_code,
    details: JSON.parse(r.details_json) as RegistrationDetail['details'],
    consentPublish: Boolean(r.consent_publish),
    ficheVersion: r.fiche_version,
    withdrawnReason: r.withdrawn_reason,
    overrides: JSON.parse(r.overrides_json) as RegistrationDetail['overrides'],
    versions,
  });

/** The registration table's own columns, in insert order (the raw row also carries two candidate columns). */
const COLUMNS = [
  'id',
  'candidate_id',
  'number',
  'session_id',
  'exam_code',
  'series_code',
  'category',
  'etablissement_code',
  'centre_code',
  'details_json',
  'consent_publish',
  'status',
  'version',
  'fiche_version',
  'overrides_json',
  'withdrawn_reason',
  'created_by',
  'created_at',
  'updated_at',
  'prereg_number',
] as const satisfies readonly (keyof RegistrationRaw)[];

const INSERT = `INSERT INTO registration (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(',')})`;

export function insertRegistration(tx: Tx, row: RegistrationRaw): void {
  tx.run(
    INSERT,
    COLUMNS.map((c) => row[c]),
  );
}

export async function findRegistration(em: EntityManager, id: string): Promise<RegistrationRaw | null> {
  const [row] = (await em.query(`${SELECT_REGISTRATION} WHERE r.id = ?`, [id])) as RegistrationRaw[];
  return row ?? null;
}

export async function registrationsOfCandidate(em: EntityManager, candidateId: string): Promise<RegistrationRaw[]> {
  return (await em.query(`${SELECT_REGISTRATION} WHERE r.candidate_id = ? ORDER BY r.number`, [
    candidateId,
  ])) as RegistrationRaw[];
}

/**
 * What each of a registration's versions did to what the candidate reads. Its first save, each
 * edit, each correction of the candidate's identity and a withdrawal change the content; printing
 * the fiche (which locks it) and a supervisor's unlock are versions of the record too, but change
 * nothing on paper. `contentVersion` counts the changes of content up to that version: the number
 * the confirmation and the fiche printed after a change carry (CYCLADES: a new version after each
 * change), and the one the screens show the clerk.
 */
export function contentHistory(statuses: string[]): { change: VersionChange; contentVersion: number }[] {
  let content = 0;
  return statuses.map((status, i) => {
    const previous = statuses[i - 1];
    const change: VersionChange =
      i > 0 && status === 'locked' && previous !== 'locked'
        ? 'printed'
        : previous === 'locked' && status === 'amended'
          ? 'unlocked'
          : 'content';
    if (change === 'content') content += 1;
    return { change, contentVersion: content };
  });
}

export async function versionsOf(em: EntityManager, id: string): Promise<RegistrationDetail['versions']> {
  const rows = (await em.query(
    `SELECT version, created_at AS createdAt, created_by AS createdBy, json_extract(snapshot_json, '$.status') AS status
       FROM registration_version WHERE registration_id = ? ORDER BY version`,
    [id],
  )) as { version: number; createdAt: string; createdBy: string | null; status: string }[];
  const history = contentHistory(rows.map((r) => r.status));
  return rows.map(({ version, createdAt, createdBy }, i) => ({ version, createdAt, createdBy, ...history[i]! }));
}

/**
 * The content version a registration is at (see contentHistory), and when its content last
 * changed. A registration without its version history here (received from elsewhere) keeps its
 * own version.
 */
export async function contentVersion(
  em: EntityManager,
  reg: Pick<RegistrationRaw, 'id' | 'version' | 'updated_at'>,
): Promise<{ version: number; since: string }> {
  const versions = await versionsOf(em, reg.id);
  const last = versions.findLast((v) => v.change === 'content');
  return last
    ? { version: last.contentVersion, since: last.createdAt }
    : { version: reg.version, since: reg.updated_at };
}

/** What a list of registrations is narrowed by, on screen and in the exports: the contract's own schema. */
export type RegistrationFilter = RegistrationFilterInput;

export interface ListFilter extends RegistrationFilter {
  limit: number;
  offset: number;
}

/** A SQL condition and its parameters. */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

/**
 * The condition of a filter over registration `r` (`1` when nothing narrows it), one for the list
 * and the exports. `dossierComplete`: the dossier area's completeness expression, needed only for
 * the dossier state.
 */
export function registrationWhere(f: RegistrationFilter, dossierComplete?: SqlPart): SqlPart {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => (where.push(sql), params.push(...values));
  if (f.examCode) add('r.exam_code = ?', f.examCode);
  if (f.centreCode) add('r.centre_code = ?', f.centreCode);
  if (f.etablissementCode) add('r.etablissement_code = ?', f.etablissementCode);
  if (f.status) add('r.status = ?', f.status);
  if (f.dossierState && dossierComplete)
    add(`${f.dossierState === 'complet' ? '' : 'NOT '}${dossierComplete.sql}`, ...dossierComplete.params);
  if (f.paymentState)
    add(
      `${f.paymentState === 'paid' ? '' : 'NOT '}EXISTS (SELECT 1 FROM payment pv WHERE pv.registration_id = r.id AND pv.status = 'valid')`,
    );
  if (f.from) add('r.created_at >= ?', localDayRange(f.from)[0]);
  if (f.to) add('r.created_at < ?', localDayRange(f.to)[1]);
  return { sql: where.length ? where.join(' AND ') : '1', params };
}

/** `dossierComplete`: the dossier area's completeness expression, needed only to filter by dossier state. */
export async function listRegistrations(em: EntityManager, f: ListFilter, dossierComplete?: SqlPart) {
  // The counts by status are those of the other filters: they label the status filter's choices.
  const base = registrationWhere({ ...f, status: undefined }, dossierComplete);
  const counts = (await em.query(
    `SELECT r.status AS status, COUNT(*) AS n FROM registration r WHERE ${base.sql} GROUP BY r.status`,
    base.params,
  )) as { status: string; n: number }[];
  const countsByStatus = Object.fromEntries(counts.map((c) => [c.status, c.n]));
  const filtered = registrationWhere(f, dossierComplete);
  const [{ total }] = (await em.query(
    `SELECT COUNT(*) AS total FROM registration r WHERE ${filtered.sql}`,
    filtered.params,
  )) as [{ total: number }];
  const rows = (await em.query(
    `${SELECT_REGISTRATION} WHERE ${filtered.sql} ORDER BY r.created_at DESC, r.number DESC LIMIT ? OFFSET ?`,
    [...filtered.params, f.limit, f.offset],
  )) as RegistrationRaw[];
  return { items: rows.map(toSummary), total, countsByStatus };
}
