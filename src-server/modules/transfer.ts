import { createHash, createPrivateKey, sign } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { z } from 'zod';
import {
  ACK_FORMAT,
  BUNDLE_ITEM,
  bundleManifest,
  type AckPayload,
  type BundleManifest,
} from '../../shared/contract/bundle';
import { outboxEntry, type PushResult } from '../../shared/contract/hq';
import {
  HqConflictEntity,
  HqFileEntity,
  HqRecordEntity,
  HqWorkstationEntity,
  type HqWorkstation,
} from '../db/entities';
import { refused, readBundle, type BundleKeys } from './bundleReader';
import { HqError } from './errors';
import type { FileStore } from './files';
import { intake } from './intake';
import { hqKey } from './keys';
import { verdictsSince } from './verdicts';

const recordBatch = z.array(outboxEntry).min(1).max(500);
const SHA = /^[0-9a-f]{64}$/;

export interface ImportSummary {
  office: string;
  workstationId: string;
  records: Record<PushResult['status'], number>;
  files: { stored: number; duplicate: number };
  missingFiles: number;
}

/** Which workstation signed it, from HQ's own records: unknown, revoked, keyless or other-office senders are refused. */
async function senderKeys(ds: DataSource, expectedOffice: string | undefined) {
  let sender: HqWorkstation | null = null;
  const keys: BundleKeys = {
    decryption: await hqKey(ds, 'encryption'),
    signer: async (header) => {
      if (expectedOffice && header.office !== expectedOffice)
        throw refused('other_office', `This bundle comes from office ${header.office}, not ${expectedOffice}`);
      sender = await ds.getRepository(HqWorkstationEntity).findOneBy({ id: header.workstationId });
      if (!sender) throw refused('unknown_workstation', 'This bundle comes from a workstation HQ does not know');
      if (sender.officeCode !== header.office)
        throw refused(
          'other_office',
          `This bundle says office ${header.office} but its workstation belongs to ${sender.officeCode}`,
        );
      if (sender.revoked) throw refused('revoked', 'This bundle comes from a revoked workstation');
      if (!sender.signingPublicKey)
        throw refused(
          'no_signing_key',
          'This workstation was enrolled before USB transfer: revoke it and enrol it again',
        );
      return sender.signingPublicKey;
    },
  };
  return { keys, sender: () => sender! };
}

/** First pass: everything checked (signature, hashes, manifest) before anything is stored. */
async function check(path: string, keys: BundleKeys, progress: (n: number) => void): Promise<BundleManifest> {
  const recordsHash = createHash('sha256');
  const files: string[] = [];
  let records = 0;
  let manifest: BundleManifest | null = null;
  const header = await readBundle(path, keys, (type, body) => {
    if (manifest) throw refused('tampered', 'Items after the manifest: nothing imported');
    if (type === BUNDLE_ITEM.records) {
      const batch = recordBatch.safeParse(JSON.parse(body.toString('utf8')));
      if (!batch.success) throw refused('malformed', 'A record batch is malformed: nothing imported');
      for (const e of batch.data) recordsHash.update(e.payloadHash);
      records += batch.data.length;
    } else if (type === BUNDLE_ITEM.file) {
      const sha = body.subarray(0, 32).toString('hex');
      if (createHash('sha256').update(body.subarray(32)).digest('hex') !== sha)
        throw refused('tampered', `File ${sha} does not match its hash: nothing imported`);
      files.push(sha);
    } else if (type === BUNDLE_ITEM.manifest) {
      const parsed = bundleManifest.safeParse(JSON.parse(body.toString('utf8')));
      if (!parsed.success) throw refused('malformed', 'The manifest is malformed: nothing imported');
      manifest = parsed.data;
    } else throw refused('malformed', `Unknown item ${type}: nothing imported`);
    progress(records + files.length);
  });
  const m = manifest as BundleManifest | null;
  if (
    !m ||
    m.office !== header.office ||
    m.workstationId !== header.workstationId ||
    m.counts.records !== records ||
    m.counts.files !== files.length ||
    m.recordsSha256 !== recordsHash.digest('hex') ||
    m.files.join() !== files.join()
  )
    throw refused('tampered', 'The bundle does not match its manifest: nothing imported');
  return m;
}

/**
 * Imports a workstation's USB bundle through the same intake as the network push, so a record
 * imported twice, or also pushed over the network, is stored once. Refused whole unless every check passes.
 */
export async function importBundle(
  ds: DataSource,
  files: FileStore,
  path: string,
  now: Date,
  opts: { expectedOffice?: string; onProgress?: (done: number, total: number, phase: string) => void } = {},
): Promise<ImportSummary> {
  const { keys, sender } = await senderKeys(ds, opts.expectedOffice);
  const manifest = await check(path, keys, (n) => opts.onProgress?.(n, 0, 'check'));
  const ws = sender();
  const total = manifest.counts.records + manifest.counts.files;
  const summary: ImportSummary = {
    office: ws.officeCode,
    workstationId: ws.id,
    records: { accepted: 0, duplicate: 0, conflict: 0, rejected: 0 },
    files: { stored: 0, duplicate: 0 },
    missingFiles: manifest.missingFiles.length,
  };
  let done = 0;
  await readBundle(path, keys, async (type, body) => {
    if (type === BUNDLE_ITEM.records) {
      const entries = recordBatch.parse(JSON.parse(body.toString('utf8')));
      for (const r of await intake(ds, ws, entries, now)) summary.records[r.status]++;
      done += entries.length;
    } else if (type === BUNDLE_ITEM.file) {
      summary.files[await files.put(body.subarray(0, 32).toString('hex'), body.subarray(32), now)]++;
      done++;
    }
    opts.onProgress?.(done, total, 'import');
  });
  return summary;
}

/**
 * HQ's acknowledgement for one workstation: every record HQ holds from it (and its conflicts),
 * the files of those records HQ has, and the verdicts on the records sent under its code; signed with HQ's Ed25519 key.
 */
export async function exportAck(ds: DataSource, workstationId: string, now: Date): Promise<string> {
  const ws = await ds.getRepository(HqWorkstationEntity).findOneBy({ id: workstationId });
  if (!ws) throw new HqError(404, 'not_found', 'Unknown workstation');
  const records = await ds.getRepository(HqRecordEntity).find({ where: { workstationId } });
  const conflicts = await ds.getRepository(HqConflictEntity).find({ where: { workstationId } });
  const refs = new Set<string>();
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (/sha256$/i.test(k) && typeof x === 'string' && SHA.test(x)) refs.add(x);
        else collect(x);
      }
  };
  for (const r of records) collect(JSON.parse(r.payloadJson));
  const wanted = [...refs];
  const held: string[] = [];
  for (let i = 0; i < wanted.length; i += 500)
    for (const f of await ds.getRepository(HqFileEntity).findBy({ sha256: In(wanted.slice(i, i + 500)) }))
      held.push(f.sha256);
  const verdicts: AckPayload['verdicts'] = [];
  for (let page = await verdictsSince(ds, ws, 0); page.length;) {
    verdicts.push(...page);
    page = await verdictsSince(ds, ws, page.at(-1)!.seq);
  }
  const payload: AckPayload = {
    office: ws.officeCode,
    workstationId,
    createdAt: now.toISOString(),
    entries: [
      ...records.map((r) => ({
        uuid: r.uuid,
        version: r.version,
        payloadHash: r.payloadHash,
        status: 'accepted' as const,
        reason: null,
      })),
      ...conflicts.map((c) => ({
        uuid: c.uuid,
        version: c.version,
        payloadHash: c.payloadHash,
        status: 'conflict' as const,
        reason: 'different_payload_same_version',
      })),
    ],
    files: held.sort(),
    verdicts,
  };
  const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
  const signature = sign(null, bytes, createPrivateKey((await hqKey(ds, 'signing')).privatePem));
  return JSON.stringify({
    format: ACK_FORMAT,
    payload: bytes.toString('base64'),
    signature: signature.toString('base64'),
  });
}
