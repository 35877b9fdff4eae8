import { In, type DataSource } from 'typeorm';
import { duplicatePairs } from './duplicates';
import { HqConflictEntity, HqRecordEntity, HqVerdictEntity, HqWorkstationEntity } from '../db/entities';

/** Columns padded to their widest cell, two spaces apart: what an operator reads in a terminal. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Every enrolled workstation, by office: what `revoke` and `export-ack` need, and which offices went quiet. */
export async function workstationList(ds: DataSource, office?: string): Promise<string> {
  const rows = await ds.getRepository(HqWorkstationEntity).find({
    where: office ? { officeCode: office } : {},
    order: { officeCode: 'ASC', code: 'ASC', enrolledAt: 'ASC' },
  });
  if (!rows.length) return office ? `No workstation enrolled for office ${office}` : 'No workstation enrolled';
  return table([
    ['office', 'workstation', 'enrolled', 'last contact', 'state', 'id'],
    ...rows.map((w) => [
      w.officeCode,
      w.code,
      w.enrolledAt,
      w.lastSeenAt ?? 'never',
      w.revoked ? 'revoked' : 'active',
      w.id,
    ]),
  ]);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where two payloads differ, as dotted paths (`identity.surname`), so a person sees what to compare. */
export function differingPaths(a: unknown, b: unknown, prefix = ''): string[] {
  if (isObject(a) && isObject(b))
    return [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .sort()
      .flatMap((k) => differingPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix || '(whole payload)'];
}

const parsed = (json: string | undefined): unknown => {
  try {
    return json === undefined ? undefined : JSON.parse(json);
  } catch {
    return json;
  }
};

/** The number printed on the fiche, when the payload carries one. */
const numberOf = (payload: unknown, missing = '—') =>
  isObject(payload) && typeof payload.number === 'string' ? payload.number : missing;

/** Where a conflict's content differs from the version HQ holds, for a person to compare. */
const differsIn = (heldJson: string | undefined, conflictJson: string) =>
  differingPaths(parsed(heldJson), parsed(conflictJson)).join(', ');

/** The latest registrations received, newest first: when, which office, number, version, uuid. */
export async function recordList(ds: DataSource, limit: number): Promise<string> {
  const rows = await ds
    .getRepository(HqRecordEntity)
    .find({ where: { entity: 'registration' }, order: { receivedAt: 'DESC' }, take: limit });
  return rows
    .map((r) => `${r.receivedAt}  ${r.officeCode}  ${numberOf(parsed(r.payloadJson), '?')}  v${r.version}  ${r.uuid}`)
    .join('\n');
}

/** « MOR G1 » for each workstation id: the office and counter people know it by. */
export async function workstationNames(ds: DataSource, ids: string[]): Promise<(id: string) => string> {
  const found = await ds.getRepository(HqWorkstationEntity).findBy({ id: In([...new Set(ids)]) });
  return (id) => {
    const ws = found.find((w) => w.id === id);
    return ws ? `${ws.officeCode} ${ws.code}` : id;
  };
}

/**
 * The latest conflicts (a record sent again, same version, other content), newest first: who sent
 * it, the registration or candidate number, and the fields in which it differs from what HQ holds.
 */
export async function conflictList(ds: DataSource, limit: number): Promise<string> {
  const conflicts = await ds.getRepository(HqConflictEntity).find({ order: { receivedAt: 'DESC' }, take: limit });
  if (!conflicts.length) return 'No conflict';
  const held = await ds.getRepository(HqRecordEntity).findBy({ uuid: In(conflicts.map((c) => c.uuid)) });
  const from = await workstationNames(
    ds,
    conflicts.map((c) => c.workstationId),
  );
  return table([
    ['received', 'from', 'record', 'number', 'differs in'],
    ...conflicts.map((c) => {
      const record = held.find((r) => r.uuid === c.uuid && r.version === c.version);
      return [
        c.receivedAt,
        from(c.workstationId),
        `${record?.entity ?? '?'} ${c.uuid} v${c.version}`,
        numberOf(parsed(c.payloadJson)),
        differsIn(record?.payloadJson, c.payloadJson),
      ];
    }),
  ]);
}

/**
 * One registration as HQ holds it, for the person about to set a verdict: every version received
 * (when, from which counter), the latest content, the conflicts and the verdicts already given.
 */
export async function registrationDetail(ds: DataSource, uuid: string): Promise<string> {
  const versions = await ds.getRepository(HqRecordEntity).find({ where: { uuid }, order: { version: 'ASC' } });
  const latest = versions.at(-1);
  if (!latest) return `No registration ${uuid} at headquarters`;
  const conflicts = await ds.getRepository(HqConflictEntity).find({ where: { uuid }, order: { receivedAt: 'ASC' } });
  const verdicts = await ds
    .getRepository(HqVerdictEntity)
    .find({ where: { registrationUuid: uuid }, order: { seq: 'ASC' } });
  const from = await workstationNames(
    ds,
    [...versions, ...conflicts].map((r) => r.workstationId),
  );
  const content = parsed(latest.payloadJson);
  return [
    `Registration ${numberOf(content)} (${uuid}), office ${latest.officeCode}`,
    table([
      ['version', 'received', 'from'],
      ...versions.map((v) => [`v${v.version}`, v.receivedAt, from(v.workstationId)]),
    ]),
    `Version ${latest.version} as received:`,
    JSON.stringify(content, null, 2),
    conflicts.length
      ? table([
          ['conflict', 'received', 'from', 'differs in'],
          ...conflicts.map((c) => [
            `v${c.version}`,
            c.receivedAt,
            from(c.workstationId),
            differsIn(versions.find((v) => v.version === c.version)?.payloadJson, c.payloadJson),
          ]),
        ])
      : 'No conflict',
    verdicts.length
      ? table([
          ['verdict', 'given', 'reason'],
          ...verdicts.map((v) => [v.kind, v.createdAt, [v.pieceCode, v.reason].filter(Boolean).join(': ') || '—']),
        ])
      : 'No verdict yet',
  ].join('\n');
}

/**
 * One person probably registered twice for an exam (at two offices, or two counters), newest first:
 * a line per registration, for staff to call the offices and have one withdrawn.
 */
export async function duplicateList(ds: DataSource, limit: number, all = false): Promise<string> {
  const pairs = await duplicatePairs(ds, limit, all);
  if (!pairs.length) return all ? 'No probable duplicate' : 'No probable duplicate left open';
  const from = await workstationNames(
    ds,
    pairs.flatMap((p) => p.registrations.map((r) => r.workstationId)),
  );
  return table([
    ['found', 'reason', 'registration', 'from', 'candidate', 'born', 'id', 'status'],
    ...pairs.flatMap((p) =>
      p.registrations.map((r, i) => [
        i ? '' : p.foundAt,
        i ? '' : p.reason,
        r.number || r.registrationUuid,
        from(r.workstationId),
        r.surname === null ? '?' : `${r.surname} ${r.givenNames ?? ''}`.trim(),
        r.birthDate || '?',
        // Beside the reason: the same ID, or no ID on one side, for a pair made on names.
        r.surname === null ? '?' : r.idNumber ? `${r.idType} ${r.idNumber}`.trim() : '—',
        r.status ?? '?',
      ]),
    ),
  ]);
}
