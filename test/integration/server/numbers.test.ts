import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  groupReceiptNumber,
  makeCandidateNumber,
  receiptNumber,
  registrationNumber,
} from '../../../shared/domain/numbering';
import { eachHqBackend, startHqWithMoroni } from '../../support/hq';

let hq: Awaited<ReturnType<typeof startHqWithMoroni>>;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const machineKey = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

type Answer = { workstationId: string; token: string; sequences?: Record<string, number> };
type Result = { uuid: string; status: string; reason: string | null };

async function enrol(workstationCode: string, signingPublicKey: string) {
  const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
  const res = await fetch(`${hq.url}/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: json.code, officeCode: 'MOR', workstationCode, signingPublicKey }),
  });
  expect(res.status).toBe(200);
  const answer = (await res.json()) as Answer;
  const push = async (entries: unknown[]) => {
    const r = await fetch(`${hq.url}/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${answer.token}` },
      body: JSON.stringify({ entries }),
    });
    return ((await r.json()) as { results: Result[] }).results;
  };
  return { ...answer, push };
}

const entry = (entity: string, payload: object, uuid = randomUUID(), version = 1) => {
  const payloadJson = JSON.stringify(payload);
  return { uuid, entity, version, payloadHash: sha(payloadJson), payloadJson };
};
const parts = (workstationCode: string, sequence: number) => ({
  officeCode: 'MOR',
  workstationCode,
  year: 2026,
  sequence,
});
const candidateNo = (ws: string, n: number) => makeCandidateNumber(parts(ws, n));

/** A day at a counter as HQ receives it: each candidate, its registration and its paid receipt. */
const counterDay = (ws: string, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const number = candidateNo(ws, from + i);
    return [
      entry('candidate', { number, surname: `Candidat ${from + i}` }),
      entry('registration', { number: registrationNumber(number, 1), candidateNumber: number }),
      entry('payment', { receiptNumber: receiptNumber(parts(ws, from + i)), groupNumber: null, amount: 15000 }),
    ];
  }).flat();

eachHqBackend((backend) => {
  beforeEach(async () => {
    hq = await startHqWithMoroni({ backend });
  });
  afterEach(() => hq.close());

  describe('a workstation code enrolled on another machine', () => {
    it('tells the new machine the highest numbers HQ holds under that code, counter by counter', async () => {
      const key = machineKey();
      const old = await enrol('G1', key);
      expect(old.sequences).toEqual({});
      const school = groupReceiptNumber(parts('G1', 2));
      const paidBySchool = [7, 8].map((n) =>
        entry('payment', { receiptNumber: receiptNumber(parts('G1', n)), groupNumber: school }),
      );
      const sent = await old.push([...counterDay('G1', 1, 5), ...paidBySchool]);
      expect(sent.map((r) => r.status)).toEqual(sent.map(() => 'accepted'));
      // Another workstation's numbers are its own.
      await (await enrol('G2', machineKey())).push(counterDay('G2', 1, 40));

      // The same machine enrolling again hears what it already holds.
      const again = await enrol('G1', key);
      expect(again.workstationId).toBe(old.workstationId);
      const held = { 'candidate:2026': 5, 'receipt:2026': 8, 'group:2026': 2 };
      expect(again.sequences).toEqual(held);

      await hq.admin(`/admin/workstations/${old.workstationId}/revoke`, {});
      const fresh = await enrol('G1', machineKey());
      expect(fresh.workstationId).not.toBe(old.workstationId);
      expect(fresh.sequences).toEqual(held);
      // What the fresh machine gives from there adds to what the next enrolment hears.
      expect((await fresh.push(counterDay('G1', 6, 1)))[0]!.status).toBe('accepted');
      await hq.admin(`/admin/workstations/${fresh.workstationId}/revoke`, {});
      expect((await enrol('G1', machineKey())).sequences).toEqual({ ...held, 'candidate:2026': 6 });
    });

    it('refuses a number HQ holds for another record, record by record, and takes the same record’s next version', async () => {
      const old = await enrol('G1', machineKey());
      const [candidate, registration, payment] = counterDay('G1', 1, 1) as [
        ReturnType<typeof entry>,
        ReturnType<typeof entry>,
        ReturnType<typeof entry>,
      ];
      await old.push([candidate, registration, payment]);
      await hq.admin(`/admin/workstations/${old.workstationId}/revoke`, {});

      // A machine that counted from 000001 again (no enrolment answer to go by: an older version, say).
      const fresh = await enrol('G1', machineKey());
      const [otherCandidate, otherRegistration, otherPayment] = counterDay('G1', 1, 1);
      const [next] = counterDay('G1', 2, 1);
      const corrected = entry(
        'candidate',
        { ...(JSON.parse(candidate.payloadJson) as object), surname: 'Corrigé' },
        candidate.uuid,
        2,
      );
      // Two records under one new number in one batch: the first takes it.
      const twin = entry('candidate', JSON.parse(next!.payloadJson) as object);
      const results = await fresh.push([otherCandidate, otherRegistration, otherPayment, next, corrected, twin]);
      expect(results.map((r) => [r.status, r.reason])).toEqual([
        ['rejected', 'number_taken'],
        ['rejected', 'number_taken'],
        ['rejected', 'number_taken'],
        ['accepted', null],
        ['accepted', null],
        ['rejected', 'number_taken'],
      ]);
      // HQ holds each number once: the old records, the corrected version, the new one.
      expect(await hq.count('hq_record')).toBe(5);
      const resent = await fresh.push([otherCandidate]);
      expect(resent[0]).toMatchObject({ status: 'rejected', reason: 'number_taken' });
      expect(await hq.count('hq_record')).toBe(5);
    });

    it('knows the numbers of the records it held before it listed numbers, once upgraded', async () => {
      const old = await enrol('G1', machineKey());
      const sent = counterDay('G1', 1, 3);
      await old.push(sent);
      // As an HQ upgraded from the version before: its records there, the list of numbers not yet made.
      await hq.ds.query(`DROP TABLE hq_number`);
      await hq.ds.query(`DELETE FROM migrations WHERE name = 'HeldNumbers1767500000000'`);
      await hq.ds.runMigrations();
      await hq.admin(`/admin/workstations/${old.workstationId}/revoke`, {});
      const fresh = await enrol('G1', machineKey());
      expect(fresh.sequences).toEqual({ 'candidate:2026': 3, 'receipt:2026': 3 });
      const [again] = await fresh.push(counterDay('G1', 3, 1));
      expect(again).toMatchObject({ status: 'rejected', reason: 'number_taken' });
    });
  });
});
