import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TRANSFER_CHUNK_BYTES, type ExportSummary } from '../../../shared/contract/transfer';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { IdGenerator } from '../../core/ids';
import type { Actor, Store } from '../../db/store';
import type { FileStore } from '../dossier/fileStore';
import type { SetupService } from '../setup/service';
import type { OutboxRow, SyncService } from '../sync/service';
import { readState, writeState } from '../sync/state';
import { openAck, refuse } from './ack';
import { UNACKNOWLEDGED, writeBundle } from './exporter';
import { workstationKeys } from './keys';

/**
 * USB transfer for offices without a usable connection: the outbox goes to headquarters in a
 * bundle, and HQ's acknowledgement comes back the same way. Network sync keeps running beside it;
 * HQ's idempotent intake makes a record sent both ways count once.
 */
export class TransferService {
  private progress = { running: false, done: 0, total: 0 };
  private exporting: Promise<ExportSummary> | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly setup: SetupService,
    private readonly sync: SyncService,
    private readonly files: FileStore,
    /** Where bundles are written: inside the data directory, only the latest one kept. */
    private readonly dir: string,
  ) {}

  currentProgress() {
    return { ...this.progress };
  }

  /** One export at a time; a second click waits for the one running. */
  exportBundle(actor: Actor): Promise<ExportSummary> {
    this.exporting ??= this.runExport(actor).finally(() => {
      this.exporting = null;
      this.progress.running = false;
    });
    return this.exporting;
  }

  private async runExport(actor: Actor): Promise<ExportSummary> {
    const { office, workstation } = this.setup.requireIdentity();
    const state = await readState(this.store.em);
    if (!state.workstationId || !state.hqEncryptionKey)
      throw refuse('transfer_no_hq_key', 'Headquarters key unknown: enrol this workstation first', {});
    const keys = await workstationKeys(this.store);
    const createdAt = this.clock.now().toISOString();
    const exportId = this.newId();
    const fileName = `guichet-${office.code}-${workstation.code}-${createdAt.slice(0, 19).replace(/[-:T]/g, '')}.bundle`;
    mkdirSync(this.dir, { recursive: true });
    for (const old of readdirSync(this.dir)) rmSync(join(this.dir, old), { force: true });
    this.progress = { running: true, done: 0, total: 0 };
    const path = join(this.dir, `${exportId}.bundle`);
    const manifest = await writeBundle(
      this.store,
      this.files,
      {
        path,
        office: office.code,
        workstationId: state.workstationId,
        workstationCode: workstation.code,
        createdAt,
        hqEncryptionPem: state.hqEncryptionKey,
        signingPem: keys.privatePem,
      },
      (done, total) => (this.progress = { running: true, done, total }),
    );
    const summary: ExportSummary = {
      exportId,
      fileName,
      size: (await stat(path)).size,
      records: manifest.counts.records,
      files: manifest.counts.files,
      missingFiles: manifest.missingFiles.length,
      createdAt,
    };
    await this.store.change(actor, (tx) =>
      tx.audit({ action: 'transfer.export', entity: 'outbox', entityId: null, after: { ...summary, exportId } }),
    );
    return summary;
  }

  async readChunk(exportId: string, offset: number) {
    if (!/^[0-9a-f-]{36}$/.test(exportId)) throw new AppError('not_found', 'No such export');
    let file;
    try {
      file = await open(join(this.dir, `${exportId}.bundle`), 'r');
    } catch {
      throw new AppError('not_found', 'No such export');
    }
    try {
      const { size } = await file.stat();
      const buf = Buffer.alloc(Math.max(0, Math.min(TRANSFER_CHUNK_BYTES, size - offset)));
      const { bytesRead } = await file.read(buf, 0, buf.length, offset);
      const end = offset + bytesRead;
      return { base64: buf.subarray(0, bytesRead).toString('base64'), next: end < size ? end : null, size };
    } finally {
      await file.close();
    }
  }

  /**
   * Checked whole before anything changes: HQ's signature, this office and workstation, and every
   * entry one this workstation holds. Then one transaction applies HQ's answers as the network would.
   */
  async importAck(actor: Actor, base64: string) {
    const state = await readState(this.store.em);
    const ack = openAck(Buffer.from(base64, 'base64'), state.hqSigningKey);
    const { office } = this.setup.requireIdentity();
    if (ack.office !== office.code || ack.workstationId !== state.workstationId)
      throw refuse('transfer_ack_other_workstation', 'This acknowledgement is for another workstation or office');
    const rows = (await this.store.em.query(
      `SELECT id, entity, entity_id, version, payload_json, payload_hash, attempts, state FROM outbox`,
    )) as (OutboxRow & { state: string })[];
    const byKey = new Map(rows.map((r) => [`${r.entity_id}/${r.version}/${r.payload_hash}`, r]));
    const unknown = ack.entries.filter((e) => !byKey.has(`${e.uuid}/${e.version}/${e.payloadHash}`));
    if (unknown.length)
      throw refuse('transfer_ack_unknown_entries', `${unknown.length} acknowledged entries were never sent from here`, {
        count: unknown.length,
      });
    // Matched by payload hash too: HQ may hold another payload for the same version (a conflict).
    const pairs = ack.entries
      .map((e) => ({ entry: e, row: byKey.get(`${e.uuid}/${e.version}/${e.payloadHash}`)! }))
      .filter(({ row }) => UNACKNOWLEDGED.includes(`'${row.state}'`));
    const due = pairs.map((p) => p.row);
    return this.store.change(actor, async (tx) => {
      await this.sync.applyIn(
        tx,
        due,
        pairs.map((p) => p.entry),
      );
      // Counted as the clerk reads them: what this acknowledgement taught, not what it repeats.
      const held = new Set<string>();
      for (let i = 0; i < ack.files.length; i += 500) {
        const some = ack.files.slice(i, i + 500);
        const rows = (await tx.em.query(
          `SELECT sha256 FROM outbox_file WHERE state = 'synced' AND sha256 IN (${some.map(() => '?').join(',')})`,
          some,
        )) as { sha256: string }[];
        rows.forEach((r) => held.add(r.sha256));
      }
      for (const sha of ack.files)
        if (!held.has(sha))
          await tx.em.query(
            `INSERT INTO outbox_file (sha256, state, created_at, updated_at) VALUES (?, 'synced', ?, ?)
             ON CONFLICT(sha256) DO UPDATE SET state = 'synced', last_error = NULL, next_attempt_at = NULL, updated_at = excluded.updated_at
             WHERE outbox_file.state <> 'withheld'`,
            [sha, tx.now, tx.now],
          );
      const verdicts = await this.sync.saveVerdicts(tx, ack.verdicts, state.token);
      await writeState(tx.em, { lastUsbAckAt: tx.now }, tx.now);
      const result = { entries: due.length, files: new Set(ack.files.filter((f) => !held.has(f))).size, verdicts };
      await tx.audit({
        action: 'transfer.ack_imported',
        entity: 'outbox',
        entityId: null,
        after: { ...result, createdAt: ack.createdAt },
      });
      return result;
    });
  }
}
