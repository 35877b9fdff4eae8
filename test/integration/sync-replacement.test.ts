import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { eachHqBackend, startHqWithMoroni } from '../support/hq';
import { bacSubmission } from '../support/submissions';
import { enrolAndSync } from '../support/syncRun';

let hq: Awaited<ReturnType<typeof startHqWithMoroni>>;
const apps: TestApp[] = [];

/** A machine set up as workstation G1 of office MOR, enrolled at HQ. */
async function machine() {
  const t = await makeApp({ setupOverride: { workstationCode: 'G1' } });
  apps.push(t);
  await t.login();
  await enrol(t);
  return t;
}
async function enrol(t: TestApp) {
  const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
  return enrolAndSync(t, hq.url, json.code as string);
}

/** A registration paid at the counter: its candidate number and its receipt number. */
async function registerAndPay(t: TestApp, n: number) {
  const { registration, candidate } = await t.must('registrations.submit', bacSubmission(n));
  const { receiptNumber } = await t.must('payments.take', { registrationId: registration.id, mode: 'cash' });
  return { candidate: candidate.number, registration: registration.number, receipt: receiptNumber };
}

const counters = async (t: TestApp) =>
  (await t.app.store.em.query(`SELECT name, value FROM sequence ORDER BY name`)) as { name: string; value: number }[];
const revokeAll = async () => {
  for (const { id } of (await hq.ds.query(`SELECT id FROM hq_workstation`)) as { id: string }[])
    await hq.admin(`/admin/workstations/${id}/revoke`, {});
};

eachHqBackend((backend) => {
  beforeEach(async () => {
    hq = await startHqWithMoroni({ backend });
  });
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    await hq.close();
  });

  describe('a workstation replaced by a fresh machine under the same code', () => {
    it('gives numbers after the lost machine’s, and HQ takes them all', async () => {
      const lost = await machine();
      for (const n of [1, 2, 3]) await registerAndPay(lost, n);
      await lost.must('sync.now', {});
      await revokeAll();

      const fresh = await machine();
      const given = await registerAndPay(fresh, 4);
      expect(given.candidate).toMatch(/^MORG1-26-000004.$/);
      expect(given.registration).toMatch(/^MORG1-26-000004.\/001$/);
      expect(given.receipt).toBe('MORG1-R26-000004');
      const status = await fresh.must('sync.now', {});
      expect(status.counts).toEqual({ synced: 3 });
      expect(await hq.count('hq_record')).toBe(12);
      const [entry] = await fresh.must('audit.list', { action: 'sync.enrol', limit: 1 });
      expect(entry?.after).toMatchObject({
        sequencesContinued: {
          'candidate:2026': { from: 0, to: 3 },
          'receipt:2026': { from: 0, to: 3 },
        },
      });
    });

    it('leaves the counters of a machine enrolling again as they are, numbers not yet sent included', async () => {
      const t = await machine();
      for (const n of [1, 2]) await registerAndPay(t, n);
      await t.must('sync.now', {});
      await registerAndPay(t, 3);
      const before = await counters(t);
      await enrol(t);
      expect(await counters(t)).toEqual(before);
      const [entry] = await t.must('audit.list', { action: 'sync.enrol', limit: 1 });
      expect(entry?.after).not.toHaveProperty('sequencesContinued');
      expect((await registerAndPay(t, 4)).receipt).toBe('MORG1-R26-000004');
    });

    it('shows the clerk, beside each record, a number HQ already holds for another one, and sends the rest', async () => {
      const lost = await machine();
      await registerAndPay(lost, 1);
      await lost.must('sync.now', {});
      await revokeAll();
      const fresh = await machine();
      // As a machine enrolled before HQ gave its numbers: counting from 000001 again.
      await fresh.app.store.em.query(`DELETE FROM sequence`);
      const taken = await registerAndPay(fresh, 2);
      const status = await fresh.must('sync.now', {});
      expect(status.counts).toEqual({ rejected: 3 });
      expect(status.rejections.map((r) => [r.entity, r.label, r.reason]).sort()).toEqual([
        ['candidate', taken.candidate, 'number_taken'],
        ['payment', taken.receipt, 'number_taken'],
        ['registration', taken.registration, 'number_taken'],
      ]);
      // The next numbers, past those HQ holds, go through.
      await registerAndPay(fresh, 3);
      expect((await fresh.must('sync.now', {})).counts).toEqual({ rejected: 3, synced: 3 });
      expect(await hq.count('hq_record')).toBe(6);
    });
  });
});
