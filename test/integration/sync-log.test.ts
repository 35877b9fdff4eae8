import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src-main/db/store';
import { makeApp, type TestApp } from '../support/app';
import { startHqWithMoroni } from '../support/hq';
import { faultyProxy, type Fault } from '../support/proxy';
import { bacSubmission } from '../support/submissions';
import { enrolAndSync } from '../support/syncRun';

let hq: Awaited<ReturnType<typeof startHqWithMoroni>>;
let t: TestApp;

beforeEach(async () => {
  hq = await startHqWithMoroni();
});
afterEach(async () => {
  await t.close();
  await hq.close();
});

const setting = async (key: string) =>
  JSON.parse(
    (
      (await t.app.store.em.query(`SELECT value_json FROM setting WHERE key = ?`, [key])) as { value_json: string }[]
    )[0]!.value_json,
  ) as string;

/** What « Exporter les journaux » gives support: the sync lines, parsed. */
async function syncLines() {
  const { base64 } = await t.must('maintenance.exportLogs', {});
  const text = Buffer.from(base64, 'base64').toString('utf8');
  const lines = text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { level: string; msg: string } & Record<string, unknown>)
    .filter((l) => l.msg.startsWith('sync'));
  return { text, lines };
}

describe('the workstation log', () => {
  it('says when syncs fail, when the token is refused, when they recover and what HQ refused, with no token', async () => {
    t = await makeApp({ fileLog: true });
    await t.login();
    await t.must('settings.update', { idleLockMinutes: 240 });
    let fault: Fault = 'none';
    const proxy = await faultyProxy(hq.url, () => fault);
    try {
      const enrol = async () => {
        const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
        await enrolAndSync(t, proxy.url, json.code as string);
        return json.code as string;
      };
      const codes = [await enrol()];
      const tokens = [await setting('sync.token')];
      const { registration, candidate } = await t.must('registrations.submit', bacSubmission(1));

      // Hours of a broken HQ, then its revocation of this workstation.
      fault = 'error500';
      await t.must('sync.now', {});
      await t.must('sync.now', {});
      fault = 'none';
      const [ws] = (await hq.ds.query(`SELECT id FROM hq_workstation`)) as { id: string }[];
      await hq.admin(`/admin/workstations/${ws!.id}/revoke`, {});
      await t.must('sync.now', {});
      await t.must('sync.now', {});
      codes.push(await enrol());
      tokens.push(await setting('sync.token'));
      // A run without a problem after another one is not logged.
      await t.must('sync.now', {});

      // A record HQ already holds with another content: refused; and a photo missing from this workstation.
      const [row] = (await t.app.store.em.query(
        `SELECT id, payload_json FROM outbox WHERE entity = 'registration' LIMIT 1`,
      )) as { id: string; payload_json: string }[];
      const tampered = row!.payload_json.replace('"consentPublish":true', '"consentPublish":false');
      await t.app.store.em.query(
        `UPDATE outbox SET state = 'pending', payload_json = ?, payload_hash = ? WHERE id = ?`,
        [tampered, createHash('sha256').update(tampered).digest('hex'), row!.id],
      );
      await t.app.store.change(SYSTEM_ACTOR, (tx) =>
        tx.enqueue({
          entity: 'piece',
          entityId: randomUUID(),
          version: 1,
          payload: { code: 'PHOTO', fileSha256: 'f'.repeat(64) },
        }),
      );
      expect(await t.must('sync.now', {})).toMatchObject({
        counts: { synced: 2, rejected: 1 },
        fileCounts: { rejected: 1 },
      });

      const { text, lines } = await syncLines();
      expect(lines.map((l) => `${l.level} ${l.msg}`)).toEqual([
        'info sync enrolled',
        // The second failed run, the same as the first, and the fourth, as the third, are not logged again.
        'warn sync failed',
        'error sync token refused by headquarters',
        'error sync failed',
        'info sync enrolled',
        'info sync recovered',
        'warn sync records refused by headquarters',
        'warn sync files set aside',
      ]);
      const wsId = await setting('sync.workstationId');
      expect(lines[0]).toMatchObject({ workstationId: ws!.id });
      expect(lines[1]).toMatchObject({
        errors: [
          'records: server_500',
          'catalogue: server_500',
          'preregistrations: server_500',
          'verdicts: server_500',
        ],
        waiting: 2,
        failedRuns: 1,
      });
      const since = lines[1]!.failingSince;
      expect(lines[2]).toMatchObject({ code: 'token_revoked', workstationId: ws!.id });
      expect(lines[3]).toMatchObject({ failedRuns: 3, failingSince: since });
      expect(lines[4]).toMatchObject({ workstationId: wsId });
      expect(lines[5]).toMatchObject({ failedRuns: 4, failingSince: since, waiting: 0 });
      expect(lines[6]).toMatchObject({
        count: 1,
        reasons: { different_payload_same_version: 1 },
        records: [`registration/${registration.id}/v1`],
      });
      expect(lines[7]).toMatchObject({ count: 1, reasons: { file_missing: 1 } });
      // Ids and counts: no token, no enrolment code, no candidate's data.
      for (const secret of [...tokens, ...codes, 'Bearer', candidate.surname, candidate.number, '"payload'])
        expect(text).not.toContain(secret);
    } finally {
      await proxy.close();
    }
  });
});
