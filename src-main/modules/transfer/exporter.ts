import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { BUNDLE_ITEM, type BundleManifest } from '../../../shared/contract/bundle';
import type { OutboxEntryWire } from '../../../shared/contract/hq';
import type { Store } from '../../db/store';
import type { FileStore } from '../dossier/fileStore';
import { fileRefs } from '../sync/files';
import { BundleWriter } from './bundleWriter';

const PAGE = 200;
/** Outbox states HQ has not answered yet: a rejected entry was answered, a synced one acknowledged. */
export const UNACKNOWLEDGED = `('pending','sending','retry')`;

export interface ExportTarget {
  path: string;
  office: string;
  workstationId: string;
  workstationCode: string;
  createdAt: string;
  hqEncryptionPem: string;
  signingPem: string;
}
export type Progress = (done: number, total: number) => void;

/**
 * Every unacknowledged outbox entry, then every file they (or the file queue) name, into one bundle.
 * Rows are read a page at a time and files one at a time, so 10,000 photos never sit in memory together.
 * Nothing in the outbox changes: the entries stay due until HQ's acknowledgement or the network says otherwise.
 */
export async function writeBundle(
  store: Store,
  files: FileStore,
  target: ExportTarget,
  progress: Progress,
): Promise<BundleManifest> {
  const [{ n: recordTotal }] = (await store.em.query(
    `SELECT COUNT(*) AS n FROM outbox WHERE state IN ${UNACKNOWLEDGED}`,
  )) as [{ n: number }];
  const out = await open(target.path, 'w');
  try {
    const who = {
      office: target.office,
      workstationId: target.workstationId,
      workstationCode: target.workstationCode,
      createdAt: target.createdAt,
    };
    const w = await BundleWriter.open(out, who, target.hqEncryptionPem, target.signingPem);
    const recordsHash = createHash('sha256');
    const refs = new Set<string>();
    let records = 0;
    let fileTotal = 0;
    for (let after = 0; ;) {
      const rows = (await store.em.query(
        `SELECT rowid AS rid, entity, entity_id, version, payload_json, payload_hash FROM outbox
          WHERE state IN ${UNACKNOWLEDGED} AND rowid > ? ORDER BY rowid LIMIT ?`,
        [after, PAGE],
      )) as {
        rid: number;
        entity: string;
        entity_id: string;
        version: number;
        payload_json: string;
        payload_hash: string;
      }[];
      if (!rows.length) break;
      const batch: OutboxEntryWire[] = rows.map((r) => {
        recordsHash.update(r.payload_hash);
        fileRefs(JSON.parse(r.payload_json) as unknown, refs);
        return {
          uuid: r.entity_id,
          entity: r.entity,
          version: r.version,
          payloadHash: r.payload_hash,
          payloadJson: r.payload_json,
        };
      });
      await w.item(BUNDLE_ITEM.records, Buffer.from(JSON.stringify(batch), 'utf8'));
      records += rows.length;
      after = rows.at(-1)!.rid;
      progress(records, recordTotal);
    }
    // Files the network has not delivered yet, and those of the records above; the ones HQ confirmed
    // are left out, and so are those withheld (withholdFile), which an older record may still name.
    const queue = (await store.em.query(`SELECT sha256, state FROM outbox_file`)) as {
      sha256: string;
      state: string;
    }[];
    for (const q of queue) if (q.state === 'pending' || q.state === 'retry') refs.add(q.sha256);
    for (const q of queue) if (q.state === 'synced' || q.state === 'withheld') refs.delete(q.sha256);
    const shas = [...refs].sort();
    fileTotal = shas.length;
    const included: string[] = [];
    const missing: string[] = [];
    for (const sha of shas) {
      let bytes: Buffer | null;
      try {
        bytes = await readFile(files.pathOf(sha));
      } catch {
        bytes = null;
      }
      if (bytes) {
        await w.item(BUNDLE_ITEM.file, Buffer.from(sha, 'hex'), bytes);
        included.push(sha);
      } else missing.push(sha);
      progress(records + included.length + missing.length, recordTotal + fileTotal);
    }
    const manifest: BundleManifest = {
      ...who,
      counts: { records, files: included.length },
      recordsSha256: recordsHash.digest('hex'),
      files: included,
      missingFiles: missing,
    };
    await w.item(BUNDLE_ITEM.manifest, Buffer.from(JSON.stringify(manifest), 'utf8'));
    await w.finish();
    return manifest;
  } finally {
    await out.close();
  }
}
