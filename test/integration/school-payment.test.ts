import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { BEPC, fillTemplate, pupil, readBack, toBase64 } from '../support/excel';
import { readPdf } from '../support/pdf';

let t: TestApp;
const SCHOOL = { examCode: BEPC.examCode, etablissementCode: BEPC.etablissementCode };
const SUP = { username: 'chef', password: 'Visa#2026' };

beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  await t.addUser({ username: 'chef', displayName: 'Superviseur', role: 'supervisor', password: 'Visa#2026' });
});
afterEach(() => t.close());

/** A Collège de Mitsamiouli list of `n` BEPC pupils (5,000 KMF each), imported as at the counter. */
async function importList(n: number) {
  const template = (await t.must('excel.template', BEPC)).base64;
  const fileBase64 = await toBase64(
    await fillTemplate(
      template,
      Array.from({ length: n }, (_, i) => pupil(i)),
    ),
  );
  await t.must('excel.commit', { ...BEPC, fileBase64, fileName: 'cmit.xlsx', mode: 'all-or-nothing' });
  return (await t.must('registrations.list', { examCode: 'BEPC' })).items;
}

describe('a school paying for its list at once', () => {
  it('charges what is still owed, one receipt per pupil under one collective receipt, each audited and queued', async () => {
    const [paidAlone, withdrawn] = await importList(4);
    await t.must('payments.take', { registrationId: paidAlone!.id, mode: 'cash' });
    await t.must('registrations.withdraw', { id: withdrawn!.id, reason: 'Élève parti en cours d’année' });

    const quote = await t.must('payments.schoolQuote', SCHOOL);
    expect(quote).toMatchObject({ etablissementName: 'Collège de Mitsamiouli', total: 10_000, currency: 'KMF' });
    expect(quote.items).toHaveLength(2);
    expect(quote.items.map((i) => i.registrationId)).not.toContain(paidAlone!.id);
    expect(quote.items.map((i) => i.registrationId)).not.toContain(withdrawn!.id);

    const paid = await t.must('payments.takeSchool', {
      ...SCHOOL,
      mode: 'mobile_money',
      operator: 'HOLO',
      reference: 'TX-55120',
      expectedCount: 2,
      expectedTotal: 10_000,
    });
    expect(paid).toEqual({ groupNumber: 'MORG1-L26-000001', count: 2, total: 10_000 });

    const day = await t.must('payments.list', { day: '2026-03-02' });
    expect(day.map((p) => [p.receiptNumber, p.groupNumber, p.reference])).toEqual([
      ['MORG1-R26-000001', null, null],
      ['MORG1-R26-000002', 'MORG1-L26-000001', 'TX-55120'],
      ['MORG1-R26-000003', 'MORG1-L26-000001', 'TX-55120'],
    ]);
    const summary = await t.must('cash.summary', { day: '2026-03-02' });
    expect(summary.expected).toMatchObject({ cash: 5000, mobile_money: 10_000, count: 3 });
    const queued = await t.app.store.em.query(`SELECT COUNT(*) AS n FROM outbox WHERE entity = 'payment'`);
    expect(queued).toEqual([{ n: 3 }]);
    const audited = await t.app.store.em.query(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'payments.take'`);
    expect(audited).toEqual([{ n: 3 }]);

    expect((await t.must('payments.schoolQuote', SCHOOL)).items).toEqual([]);
    const again = await t.call('payments.takeSchool', {
      ...SCHOOL,
      mode: 'cash',
      expectedCount: 2,
      expectedTotal: 10_000,
    });
    expect(again.ok || again.error.fields).toEqual({ etablissementCode: { code: 'nothing_to_pay' } });

    // The accountant's export says which payments came under the collective receipt.
    const exported = await readBack((await t.must('excel.export', { kind: 'payments', format: 'xlsx' })).base64);
    const sheet = exported.getWorksheet('Paiements')!;
    const col = (sheet.getRow(1).values as unknown[]).indexOf('Reçu collectif');
    expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(col).value)).toEqual([
      null,
      'MORG1-L26-000001',
      'MORG1-L26-000001',
    ]);
  });

  it('refuses a list that changed since the amounts were shown, and charges nothing', async () => {
    const [first] = await importList(2);
    const quote = await t.must('payments.schoolQuote', SCHOOL);
    expect(quote.total).toBe(10_000);
    // Meanwhile a parent paid for one pupil at the next window.
    await t.must('payments.take', { registrationId: first!.id, mode: 'cash' });
    const r = await t.call('payments.takeSchool', { ...SCHOOL, mode: 'cash', expectedCount: 2, expectedTotal: 10_000 });
    expect(r.ok || r.error.fields).toEqual({ expectedTotal: { code: 'school_list_changed', params: { count: 1 } } });
    expect(await t.must('payments.list', { day: '2026-03-02' })).toHaveLength(1);

    const noTrace = await t.call('payments.takeSchool', {
      ...SCHOOL,
      mode: 'mobile_money',
      operator: 'HOLO',
      expectedCount: 1,
      expectedTotal: 5000,
    });
    expect(noTrace.ok || noTrace.error.fields).toEqual({ reference: { code: 'required' } });
    const unknown = await t.call('payments.schoolQuote', { ...SCHOOL, etablissementCode: 'NOPE' });
    expect(unknown.ok || unknown.error.fields).toEqual({ etablissementCode: { code: 'unknown_code' } });
  });

  it('prints the collective receipt; a pupil cancelled since stays on the reprint, out of the total', async () => {
    await importList(2);
    const { groupNumber } = await t.must('payments.takeSchool', {
      ...SCHOOL,
      mode: 'cash',
      expectedCount: 2,
      expectedTotal: 10_000,
    });
    const first = readPdf((await t.must('printing.schoolReceipt', { groupNumber })).pdfBase64);
    expect(first.check()).toContain('No syntax or stream encoding errors');
    const text = first.text();
    expect(text).toContain('Reçu collectif N° MORG1-L26-000001');
    expect(text).toContain('Collège de Mitsamiouli (CMIT)');
    expect(text).toContain('MORG1-R26-000002');
    expect(text).toMatch(/Total : 10\s000\sKMF pour 2 candidats/);
    expect(text).toMatch(/Guichetier\s+Administrateur/);

    const [one] = await t.must('payments.list', { day: '2026-03-02' });
    // A pupil's own receipt says who paid it.
    const own = readPdf((await t.must('printing.receipt', { paymentId: one!.id })).pdfBase64).text();
    expect(own).toMatch(/Payé par l’établissement\s+reçu collectif N° MORG1-L26-000001/);
    await t.must('payments.cancel', { paymentId: one!.id, reason: 'Élève désinscrit', supervisor: SUP });
    const reprint = readPdf((await t.must('printing.schoolReceipt', { groupNumber })).pdfBase64).text();
    expect(reprint).toContain('ANNULÉ');
    expect(reprint).toMatch(/Total : 5\s000\sKMF pour 1 candidat\b/);
    expect(reprint).toContain('1 paiement annulé depuis, hors total');
    expect(reprint).toMatch(/MORG1-26-000002D\/001/);
    const logged = await t.app.store.em.query(
      `SELECT COUNT(*) AS n FROM printed_document WHERE kind = 'school_receipt'`,
    );
    expect(logged).toEqual([{ n: 2 }]);
  });
});
