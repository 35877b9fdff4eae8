import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { setVerdictRequest } from '../shared/contract/hq';
import { HqRecordEntity, type HqRecord } from './db/entities';
import { publishCatalogue } from './modules/catalogue';
import { addOffice, enrolmentHoursRule, newEnrolmentCode, revoke } from './modules/enrolment';
import { counted } from './modules/english';
import { HqError } from './modules/errors';
import { FileStore } from './modules/files';
import { exportAck, importBundle } from './modules/transfer';
import {
  conflictList,
  duplicateList,
  recordList,
  registrationDetail,
  workstationList,
  workstationNames,
} from './modules/listings';
import { importPreregs } from './modules/prereg';
import type { S3Options } from './modules/s3Blobs';
import { setVerdict } from './modules/verdicts';

/**
 * What HQ staff do by hand, run on the HQ machine against the same database as the server
 * (`node dist/server/server.cjs <command>`); it works whether the server is running or not.
 */
export const CLI_USAGE = `Commands:
  serve                                            run the server (default)
  add-office --code MOR --name "Office de Moroni" --region Ngazidja
  enrol-code --office MOR [--hours 48]             one-time code for a workstation of that office (1 to 720 h)
  publish-catalogue --file catalogue.json          a new catalogue version for every office
  import-prereg --file preregistrations.json       online pre-registrations (all rows or none)
  verdict --registration <uuid or number> --kind accepted|rejected|piece_non_conforme [--reason "..."] [--piece CODE]
  records [--limit 20]                             the latest registrations received
  show --registration <uuid or number>             one registration: versions received, content, conflicts, verdicts
  conflicts [--limit 20]                           records sent again with other content, and what differs
  duplicates [--limit 20] [--all]                  one person probably registered twice for an exam, and why
                                                   (--all: those resolved by a withdrawal too)
  workstations [--office MOR]                      enrolled workstations: ids, last contact, revoked or not
  revoke --workstation <id>                        refuse that workstation's token from now on
  import-bundle --file x.bundle [--office MOR]     import a workstation's USB bundle (all or nothing)
  export-ack --workstation <id> --file ack.json    write HQ's signed acknowledgement for that workstation`;

const options = {
  code: { type: 'string' },
  name: { type: 'string' },
  region: { type: 'string' },
  office: { type: 'string' },
  hours: { type: 'string' },
  file: { type: 'string' },
  registration: { type: 'string' },
  kind: { type: 'string' },
  reason: { type: 'string' },
  piece: { type: 'string' },
  limit: { type: 'string' },
  all: { type: 'boolean' },
  workstation: { type: 'string' },
} as const;

export interface CliContext {
  /** Where HQ keeps files (the server's filesDir); needed by import-bundle. */
  filesDir?: string;
  /** The bucket the server keeps files in instead, when it has one. */
  s3?: S3Options | null;
  /** Progress lines for long commands (stderr in main.ts). */
  progress?: (line: string) => void;
}

const need = (v: string | undefined, flag: string): string => {
  if (!v) throw new HqError(400, 'invalid_request', `Missing --${flag}\n${CLI_USAGE}`);
  return v;
};

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new HqError(400, 'invalid_request', `${file}: not a readable JSON file (${(e as Error).message})`);
  }
}

/**
 * A registration by its uuid, or by the number printed on its fiche (what HQ staff have in hand).
 * Two registrations under one number (two machines once enrolled under the same workstation code)
 * are listed for staff to choose by uuid: a verdict must never go to whichever the database finds first.
 */
async function registrationUuid(ds: DataSource, ref: string): Promise<string> {
  if (/^[0-9a-f-]{36}$/i.test(ref)) return ref;
  // LIKE narrows (it ignores case on SQLite, and takes _ as a wildcard); the number is then compared exactly.
  const rows = await ds
    .getRepository(HqRecordEntity)
    .createQueryBuilder('r')
    .where(`r.entity = 'registration' AND r.payloadJson LIKE :p`, { p: `%"number":${JSON.stringify(ref)}%` })
    .orderBy('r.receivedAt', 'ASC')
    .getMany();
  const held = new Map<string, HqRecord>();
  for (const r of rows) {
    const payload = JSON.parse(r.payloadJson) as { number?: unknown };
    if (payload.number === ref && !held.has(r.uuid)) held.set(r.uuid, r);
  }
  const found = [...held.values()];
  if (!found.length) throw new HqError(404, 'not_found', `No registration numbered ${ref} at headquarters`);
  if (found.length > 1) {
    const from = await workstationNames(
      ds,
      found.map((r) => r.workstationId),
    );
    throw new HqError(
      409,
      'ambiguous_number',
      [
        `${found.length} registrations are numbered ${ref} at headquarters; give the uuid of the one meant:`,
        ...found.map((r) => {
          const name = (JSON.parse(r.payloadJson) as { candidateName?: unknown }).candidateName;
          return `  ${r.uuid}  from ${from(r.workstationId)} (workstation ${r.workstationId}), first received ${r.receivedAt}${typeof name === 'string' ? `, ${name}` : ''}`;
        }),
      ].join('\n'),
    );
  }
  return found[0]!.uuid;
}

export async function runCli(
  ds: DataSource,
  command: string,
  args: string[],
  now = new Date(),
  ctx: CliContext = {},
): Promise<string> {
  const { values: v } = parseArgs({ args, options, allowPositionals: false });
  switch (command) {
    case 'add-office':
      await addOffice(ds, { code: need(v.code, 'code'), name: need(v.name, 'name'), region: v.region ?? '' }, now);
      return `Office ${v.code} saved`;
    case 'enrol-code': {
      const office = need(v.office, 'office');
      const given = v.hours ?? '48';
      // Digits only: Number() would take '', '1e2' or ' 12 ' as well.
      if (!/^\d{1,4}$/.test(given))
        throw new HqError(400, 'invalid_request', `${enrolmentHoursRule('--hours')}, not ${given}`);
      const hours = Number(given);
      const code = await newEnrolmentCode(ds, office, hours, now, '--hours');
      return `Enrolment code for ${office} (one use, valid ${hours} h): ${code}`;
    }
    case 'publish-catalogue': {
      const version = await publishCatalogue(ds, readJson(need(v.file, 'file')), now);
      return `Catalogue version ${version} published`;
    }
    case 'import-prereg': {
      const { imported, skipped } = await importPreregs(ds, readJson(need(v.file, 'file')), now);
      return `${counted(imported, 'pre-registration')} imported, ${skipped} already held`;
    }
    case 'verdict': {
      const parsed = setVerdictRequest.safeParse({
        registrationUuid: await registrationUuid(ds, need(v.registration, 'registration')),
        kind: need(v.kind, 'kind'),
        reason: v.reason ?? null,
        pieceCode: v.piece ?? null,
      });
      if (!parsed.success) throw new HqError(400, 'invalid_request', parsed.error.issues[0]!.message);
      const seq = await setVerdict(ds, parsed.data, now);
      return `Verdict ${seq} (${parsed.data.kind}) recorded for ${parsed.data.registrationUuid}`;
    }
    case 'records':
      return recordList(ds, Number(v.limit ?? 20) || 20);
    case 'show':
      return registrationDetail(ds, await registrationUuid(ds, need(v.registration, 'registration')));
    case 'conflicts':
      return conflictList(ds, Number(v.limit ?? 20) || 20);
    case 'duplicates':
      return duplicateList(ds, Number(v.limit ?? 20) || 20, v.all ?? false);
    case 'workstations':
      return workstationList(ds, v.office);
    case 'revoke':
      await revoke(ds, need(v.workstation, 'workstation'));
      return `Workstation ${v.workstation} revoked`;
    case 'import-bundle': {
      if (!ctx.filesDir) throw new HqError(400, 'invalid_request', 'No files directory configured');
      const s = await importBundle(
        ds,
        await FileStore.open(ds, { filesDir: ctx.filesDir, s3: ctx.s3 }),
        need(v.file, 'file'),
        now,
        {
          expectedOffice: v.office,
          onProgress: (done, total, phase) => ctx.progress?.(`${phase} ${done}${total ? `/${total}` : ''}`),
        },
      );
      const r = s.records;
      return (
        `Bundle from ${s.office} workstation ${s.workstationId}: records ${r.accepted} new, ${r.duplicate} already held, ` +
        `${counted(r.conflict, 'conflict')}, ${r.rejected} rejected; files ${s.files.stored} new, ${s.files.duplicate} already held` +
        (s.missingFiles ? `; ${counted(s.missingFiles, 'file')} missing on the workstation` : '')
      );
    }
    case 'export-ack': {
      const file = need(v.file, 'file');
      writeFileSync(file, await exportAck(ds, need(v.workstation, 'workstation'), now));
      return `Acknowledgement for workstation ${v.workstation} written to ${file}`;
    }
    default:
      throw new HqError(400, 'invalid_request', `Unknown command ${command}\n${CLI_USAGE}`);
  }
}
