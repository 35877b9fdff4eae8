import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src-main/app/createApp';
import { SYSTEM_ACTOR } from '../../src-main/db/store';
import { writeState } from '../../src-main/modules/sync/state';
import { workstationKeys } from '../../src-main/modules/transfer/keys';
import { openHqDataSource } from '../../src-server/db/dataSource';
import { HqWorkstationEntity } from '../../src-server/db/entities';
import { addOffice } from '../../src-server/modules/enrolment';
import { FileStore } from '../../src-server/modules/files';
import { hqKey } from '../../src-server/modules/keys';
import { importBundle } from '../../src-server/modules/transfer';
import { setupInput } from '../support/app';
import { bacSubmission } from '../support/submissions';

const RECORDS = 10_000;
const PHOTO_BYTES = 50_000;

/**
 * `usb_bundle_10k_s`: an office that stayed offline exports 10,000 unacknowledged records, each
 * naming its own 50 KB photo (random bytes: nothing compresses or dedups), into one bundle.
 * `usb_bundle_import_10k_s` is HQ checking and importing that same bundle.
 */
export async function benchTransfer(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-usb-'));
  const app = await createApp({ dataDir: dir });
  const hqDir = mkdtempSync(join(tmpdir(), 'guichet-bench-usbhq-'));
  const hq = await openHqDataSource({ sqliteFile: join(hqDir, 'hq.sqlite') });
  try {
    await app.dispatch('setup.initialize', setupInput, null);
    const workstationId = randomUUID();
    const encryption = await hqKey(hq, 'encryption');
    await app.store.change(SYSTEM_ACTOR, (tx) =>
      writeState(tx.em, { workstationId, hqEncryptionKey: encryption.publicPem, hqSigningKey: null }, tx.now),
    );
    await addOffice(hq, { code: 'MOR', name: 'Office de Moroni', region: 'Ngazidja' }, new Date());
    await hq.getRepository(HqWorkstationEntity).insert({
      id: workstationId,
      officeCode: 'MOR',
      code: 'G1',
      tokenHash: randomBytes(32).toString('hex'),
      revoked: false,
      enrolledAt: new Date().toISOString(),
      signingPublicKey: (await workstationKeys(app.store)).publicPem,
    });
    // A registration-sized payload per record (the submission as the counter sends it), each with its photo.
    const base = bacSubmission(1);
    for (let from = 0; from < RECORDS; from += 1000)
      await app.store.change(SYSTEM_ACTOR, async (tx) => {
        for (let i = from; i < from + 1000; i++) {
          const photo = randomBytes(PHOTO_BYTES);
          const sha = createHash('sha256').update(photo).digest('hex');
          mkdirSync(join(dir, 'files', sha.slice(0, 2)), { recursive: true });
          writeFileSync(join(dir, 'files', sha.slice(0, 2), sha), photo);
          await tx.enqueue({
            entity: 'registration',
            entityId: randomUUID(),
            version: 1,
            payload: { ...base, number: `MORG1-BAC26-${String(i).padStart(6, '0')}`, photoSha256: sha },
          });
        }
      });

    const started = performance.now();
    const summary = await app.services.transfer.exportBundle(SYSTEM_ACTOR);
    const exportSeconds = (performance.now() - started) / 1000;
    if (summary.records !== RECORDS || summary.files !== RECORDS)
      throw new Error(`bundle holds ${summary.records} records and ${summary.files} files`);

    const t1 = performance.now();
    const result = await importBundle(
      hq,
      await FileStore.open(hq, { filesDir: join(hqDir, 'files') }),
      join(dir, 'transfers', `${summary.exportId}.bundle`),
      new Date(),
    );
    const importSeconds = (performance.now() - t1) / 1000;
    if (result.records.accepted !== RECORDS || result.files.stored !== RECORDS)
      throw new Error(`HQ stored ${result.records.accepted} records and ${result.files.stored} files`);
    process.stdout.write(`  bundle ${(summary.size / 1e6).toFixed(0)} MB\n`);
    return { usb_bundle_10k_s: exportSeconds, usb_bundle_import_10k_s: importSeconds };
  } finally {
    await app.close();
    await hq.destroy();
    rmSync(dir, { recursive: true, force: true });
    rmSync(hqDir, { recursive: true, force: true });
  }
}
