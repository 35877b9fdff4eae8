import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { centreListDocument } from '../../src-main/modules/printing/documents/centreList';
import { recapDocument } from '../../src-main/modules/printing/documents/recap';
import { renderPdf } from '../../src-main/modules/printing/render';
import { makeApp, type TestApp } from '../support/app';
import { b64, makePdf, photoLike } from '../support/files';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
const SUP = { username: 'chef', password: 'Visa#2026' };
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  await t.addUser({ username: 'clerk1', displayName: 'Zaïna Ali', role: 'clerk', password: 'Clerk#2026' });
  await t.addUser({ username: 'clerk2', displayName: 'Ibrahim', role: 'clerk', password: 'Clerk#2026' });
  await t.addUser({ displayName: 'Superviseur', role: 'supervisor', ...SUP });
});
afterEach(() => t.close());

async function register(n: number, application: Partial<ReturnType<typeof bacSubmission>['application']> = {}) {
  const input = bacSubmission(n);
  input.application = { ...input.application!, ...application };
  return (await t.must('registrations.submit', input)).registration;
}

const OK = 'No syntax or stream encoding errors';

describe('the confirmation', () => {
  it('shows the version line, the fee and every required piece with its deadline as still to bring', async () => {
    const input = bacSubmission(0);
    input.identity!.surname = "N'Diaye Ébène";
    input.confirmation!.surname = "N'Diaye Ébène";
    input.identity!.birthPlace = 'Caen';
    input.identity!.birthCountry = 'fr';
    input.identity!.birthDepartment = '014';
    input.identity!.socioCategory = '5';
    const { registration, candidate } = await t.must('registrations.submit', input);
    await t.login('clerk1', 'Clerk#2026');
    const before = readPdf((await t.must('printing.confirmation', { registrationId: registration.id })).pdfBase64);
    const text = before.text();
    expect(text).toContain("N'Diaye Ébène");
    expect(text).toContain(candidate.number);
    expect(text).toContain(registration.number);
    expect(text).toMatch(/Version : 1 du 02\/03\/2026/);
    // CYCLADES's identity as the candidate checks it: the department of a birth in France, the category by name.
    expect(text).toMatch(/à Caen \(France\)\s+Département de naissance\s+014 - Calvados/);
    expect(text).toMatch(/Catégorie socio-professionnelle\s+Employés/);
    // CYCLADES: the candidate learns until when a change can still be asked for.
    expect(text).toMatch(/Modifications possibles jusqu’au 31\/12\/2026 à 20:59/);
    expect(text).toMatch(/Acte de naissance\s+Obligatoire\s+31\/12\/2026\s+À fournir/);
    expect(text).toContain("Copie de la pièce d'identité");
    expect(text).toMatch(/7\s500\s+KMF\s*— à payer/);
    // Roboto has no glyph for formatMoney's narrow no-break space: it would print as a box.
    expect(text).not.toContain('\u202f');
    expect(before.check()).toContain(OK);

    await t.must('payments.take', { registrationId: registration.id, mode: 'cash' });
    const after = readPdf((await t.must('printing.confirmation', { registrationId: registration.id })).pdfBase64);
    expect(after.text()).toMatch(/payés \(reçu MORG1-R26-000001 du 02\/03\/2026\)/);
    const history = await t.must('printing.history', { registrationId: registration.id });
    expect(history.map((h) => h.kind)).toEqual(['confirmation', 'confirmation']);
  });

  it('carries the fiche’s version when nothing changed since, and the next one only after a real change', async () => {
    const { registration } = await t.must('registrations.submit', bacSubmission(0));
    await t.login('clerk1', 'Clerk#2026');
    const confirmation = async () => {
      const printed = await t.must('printing.confirmation', { registrationId: registration.id });
      const version = /Version : (\d+) du/.exec(readPdf(printed.pdfBase64).text())?.[1];
      return { version: Number(version), fileName: printed.fileName };
    };
    const fiche = await t.must('printing.fiche', { registrationId: registration.id });
    expect(readPdf(fiche.pdfBase64).text()).toMatch(/Version 1 du/);
    expect(await confirmation()).toEqual({
      version: 1,
      fileName: `confirmation-${fiche.fileName.slice(6, -7)}-v1.pdf`,
    });
    // A reprint with nothing changed is the same version.
    expect((await confirmation()).version).toBe(1);

    await t.must('registrations.unlock', { id: registration.id, reason: 'Erreur de centre', supervisor: SUP });
    // Unlocked but not changed yet: still the same content.
    expect((await confirmation()).version).toBe(1);
    await t.must('registrations.update', {
      id: registration.id,
      application: { ...bacSubmission(0).application, centreCode: 'MOR-02' },
      epreuves: { optional: [], exemptions: [] },
    });
    expect((await confirmation()).version).toBe(2);
    const again = await t.must('printing.fiche', { registrationId: registration.id });
    expect(readPdf(again.pdfBase64).text()).toMatch(/Version 2 du/);
    expect((await confirmation()).version).toBe(2);
    const history = await t.must('printing.history', { registrationId: registration.id });
    expect(history.map((h) => [h.kind, h.version])).toEqual([
      ['fiche', 1],
      ['confirmation', 1],
      ['confirmation', 1],
      ['confirmation', 1],
      ['confirmation', 2],
      ['fiche', 2],
      ['confirmation', 2],
    ]);
  });

  it('attests a désinscription: when and why, as the next version, with no piece left to bring', async () => {
    const { registration } = await t.must('registrations.submit', bacSubmission(0));
    await t.login('clerk1', 'Clerk#2026');
    await t.must('registrations.withdraw', { id: registration.id, reason: 'Le candidat part à l’étranger' });
    const pdf = readPdf((await t.must('printing.confirmation', { registrationId: registration.id })).pdfBase64);
    const text = pdf.text();
    expect(text).toContain('Confirmation de désinscription');
    expect(text).toMatch(/Version : 2 du 02\/03\/2026/);
    expect(text).toMatch(/le 02\/03\/2026 à 08:00 — motif : Le candidat part à l’étranger/);
    expect(text).toMatch(/Droits d’inscription\s+aucun paiement/);
    expect(text).not.toContain('Pièces à fournir');
    expect(text).not.toContain('Modifications possibles');
    expect(pdf.check()).toContain(OK);
  });
});

describe('batch fiches', () => {
  it('prints every fiche of the filter in one PDF, chunk after chunk, with verifiable QR codes, and locks them', async () => {
    const regs = [await register(1), await register(2), await register(3, { centreCode: 'MOR-02' })];
    await register(4, { examCode: 'BAC', seriesCode: 'C' });
    await t.login('clerk1', 'Clerk#2026');
    t.app.services.printing.batch.chunkSize = 2;
    expect(await t.must('printing.batchCount', { examCode: 'BAC', etablissementCode: 'LSMC' })).toEqual({ count: 4 });
    const batch = await t.must('printing.batch', { examCode: 'BAC', centreCode: 'MOR-01', day: '2026-03-02' });
    expect(batch.count).toBe(3);
    const pdf = readPdf(batch.pdfBase64);
    expect(pdf.check()).toContain(OK);
    expect(pdf.pages()).toBeGreaterThanOrEqual(3);
    const text = pdf.text();
    expect(text).toContain('Abdérémane');
    expect(text.match(/Fiche d’inscription/g)?.length).toBe(3);
    expect(text).not.toContain(regs[2]!.number);
    expect(text).toMatch(/Version 1 du 02\/03\/2026/);
    const verdict = await t.must('printing.verify', { payload: pdf.qr() });
    expect(verdict.valid).toBe(true);
    for (const r of [regs[0]!, regs[1]!]) {
      expect((await t.must('registrations.get', { id: r.id })).status).toBe('locked');
      expect((await t.must('printing.history', { registrationId: r.id })).map((h) => [h.kind, h.version])).toEqual([
        ['fiche', 1],
      ]);
    }
    expect((await t.must('registrations.get', { id: regs[2]!.id })).status).toBe('registered');
  });

  it('says so when the filter matches nobody', async () => {
    await register(1);
    const r = await t.call('printing.batch', { centreCode: 'MUT-01' });
    expect(r.ok || r.error.fields).toEqual({ _: { code: 'batch_empty' } });
    const started = await t.call('printing.batchStart', { day: '2025-01-01' });
    expect(started.ok || started.error.fields).toEqual({ _: { code: 'batch_empty' } });
  });

  it('reports progress before the end of a batch smaller than a chunk, without a chunk size set by the test', async () => {
    for (let n = 1; n <= 12; n++) await register(n);
    const session = t.app.services.sessions.require(t.token);
    const seen: [number, number][] = [];
    const batch = await t.app.services.printing.batch.run(
      session,
      { examCode: 'BAC' },
      '2026-03-02T09:00:00Z',
      (d, n) => seen.push([d, n]),
    );
    expect(batch.count).toBe(12);
    // It used to say « fiche 0 sur 12 » until the whole batch was done.
    expect(seen[0]).toEqual([0, 12]);
    expect(seen.at(-1)).toEqual([12, 12]);
    expect(seen.some(([done]) => done > 0 && done < 12)).toBe(true);
    expect(
      readPdf(batch.pdfBase64)
        .text()
        .match(/Fiche d’inscription/g)?.length,
    ).toBe(12);
  });

  it('runs as a job whose progress can be followed, and a cancelled batch locks nothing', async () => {
    const regs = [await register(1), await register(2), await register(3)];
    t.app.services.printing.batch.chunkSize = 1;
    const { jobId, total } = await t.must('printing.batchStart', { examCode: 'BAC' });
    expect(total).toBe(3);
    let status = await t.must('printing.batchStatus', { jobId });
    while (status.state === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      status = await t.must('printing.batchStatus', { jobId });
    }
    expect(status).toMatchObject({ state: 'done', done: 3, total: 3, error: null });
    expect(readPdf(status.result!.pdfBase64).text()).toContain(regs[2]!.number);

    await t.must('registrations.unlock', { id: regs[0]!.id, reason: 'Correction', supervisor: SUP });
    const session = t.app.services.sessions.require(t.token);
    const abort = new AbortController();
    const run = t.app.services.printing.batch.run(
      session,
      { examCode: 'BAC' },
      '2026-03-02T09:00:00Z',
      (done) => done >= 1 && abort.abort(),
      abort.signal,
    );
    await expect(run).rejects.toMatchObject({ fields: { _: { code: 'batch_cancelled' } } });
    expect((await t.must('registrations.get', { id: regs[0]!.id })).status).toBe('amended');
  });
});

describe('office documents', () => {
  it('lists whom to remind of missing pieces, with their phone and what to bring, and no one complete or withdrawn', async () => {
    const [done, bare, refused, gone] = [await register(1), await register(2), await register(3), await register(4)];
    const pdfOf = async (pieceCode: string) => (await makePdf(1, pieceCode)).toString('base64');
    const judge = async (registrationId: string, pieceCode: string, status: 'conforme' | 'non_conforme') => {
      await t.must('dossier.attach', {
        registrationId,
        pieceCode,
        fileName: 'scan.pdf',
        base64: await pdfOf(pieceCode),
      });
      await t.must('dossier.setStatus', { registrationId, pieceCode, status, comment: 'Copie illisible' });
    };
    for (const code of ['NAISSANCE', 'IDENTITE', 'SCOLARITE']) await judge(done.id, code, 'conforme');
    await t.must('dossier.photo', { registrationId: done.id, base64: b64(await photoLike(600, 800)) });
    await judge(refused.id, 'NAISSANCE', 'non_conforme');
    await t.must('registrations.withdraw', { id: gone.id, reason: 'Le candidat renonce' });
    // Everything brought, not yet judged: the office's work, nobody to call.
    const waiting = await register(5);
    for (const pieceCode of ['NAISSANCE', 'IDENTITE', 'SCOLARITE'])
      await t.must('dossier.attach', {
        registrationId: waiting.id,
        pieceCode,
        fileName: 'scan.pdf',
        base64: await pdfOf(pieceCode),
      });
    await t.must('dossier.photo', { registrationId: waiting.id, base64: b64(await photoLike(600, 800)) });
    await t.login('clerk1', 'Clerk#2026');

    const text = readPdf((await t.must('printing.reminders', {})).pdfBase64).text();
    expect(text).toContain('Pièces manquantes — relances');
    expect(text).toContain(bare.number);
    expect(text).toContain(refused.number);
    expect(text).not.toContain(done.number);
    expect(text).not.toContain(gone.number);
    expect(text).not.toContain(waiting.number);
    const phone = (await t.must('candidates.get', { id: bare.candidateId })).phone!;
    expect(text).toContain(phone);
    expect(text).toMatch(/Acte de naissance \(non conforme\) — avant le 31\/12\/2026/);
    expect(text).toContain('Photo d’examen');
    expect(text).toContain('2 dossiers incomplets');

    const none = await t.call('printing.reminders', { examCode: 'CAP' });
    expect(none.ok || none.error.fields).toEqual({ _: { code: 'reminders_empty' } });
    const [entry] = await (async () => {
      await t.login();
      return t.must('audit.list', { action: 'printing.reminders' });
    })();
    expect(entry?.actorName).toBe('clerk1');
  });

  it('recaps the day per clerk and per exam, by payment mode, with cancellations and exemptions apart', async () => {
    const regs = [await register(1), await register(2), await register(3), await register(4)];
    await t.login('clerk1', 'Clerk#2026');
    await t.must('payments.take', { registrationId: regs[0]!.id, mode: 'cash' });
    await t.must('payments.take', {
      registrationId: regs[1]!.id,
      mode: 'mobile_money',
      operator: 'HOLO',
      reference: 'T1',
    });
    await t.login('clerk2', 'Clerk#2026');
    const wrong = await t.must('payments.take', { registrationId: regs[2]!.id, mode: 'cash' });
    await t.must('payments.cancel', { paymentId: wrong.id, reason: 'Mauvais candidat', supervisor: SUP });
    await t.must('payments.take', {
      registrationId: regs[3]!.id,
      mode: 'exempt',
      exemptionReason: 'Pupille de la nation',
      supervisor: SUP,
    });
    await t.must('cash.close', { day: '2026-03-02', countedCash: 0, supervisor: SUP });

    // The day after (the clock says 2 March): refused at the field, not an empty recap that looks like the office's figures.
    expect(await t.call('printing.recap', { day: '2026-03-03' })).toMatchObject({
      ok: false,
      error: { fields: { day: { code: 'recap_day_in_future' } } },
    });
    const pdf = readPdf((await t.must('printing.recap', { day: '2026-03-02' })).pdfBase64);
    expect(pdf.check()).toContain(OK);
    const text = pdf.text();
    expect(text).toContain('Récapitulatif journalier du 02/03/2026');
    expect(text).not.toContain('\u202f');
    // Clerks by the names that appear on their receipts, in that order; logins stay in the data.
    expect(text).toMatch(/Ibrahim\s+1\s+1\s+0\s+KMF\s+0\s+KMF\s+7\s500\s+KMF\s+0\s+KMF\s+Zaïna Ali\s+2\s+0/);
    expect(text).toMatch(/Zaïna Ali\s+2\s+0\s+7\s500\s+KMF\s+7\s500\s+KMF\s+0\s+KMF\s+15\s000\s+KMF/);
    expect(text).not.toMatch(/clerk1|clerk2|chef/);
    expect(text).toMatch(/Total\s+3\s+1\s+7\s500\s+KMF\s+7\s500\s+KMF\s+7\s500\s+KMF\s+15\s000\s+KMF/);
    expect(text).toMatch(/Baccalauréat\s+4\s+3\s+1/);
    expect(text).toMatch(/Ibrahim : clôturée, écart 0\s+KMF, visée par Superviseur/);
  });

  it('writes counts in the thousands as French does, « 2 000 », like the amounts beside them', async () => {
    const office = t.app.services.printing.header();
    const row = {
      receipts: 1250,
      cancelled: 3,
      cash: '9\u00a0375\u00a0000 KMF',
      mobileMoney: '0 KMF',
      exempt: '0 KMF',
      collected: '9\u00a0375\u00a0000 KMF',
    };
    const recap = await renderPdf(
      recapDocument({
        office,
        day: '2026-03-02',
        printedAt: '2026-03-02T17:00:00Z',
        clerk: 'Zaïna Ali',
        byClerk: [{ label: 'Zaïna Ali', ...row }],
        byExam: [{ label: 'Baccalauréat', registrations: 2000, ...row }],
        total: { label: 'Total', ...row },
        closes: [],
      }),
    );
    const text = readPdf(recap.toString('base64')).text();
    expect(text).toMatch(/Baccalauréat\s+2\s000\s+1\s250\s+3\s+9\s375\s000\s+KMF/);
    expect(text).toMatch(/Zaïna Ali\s+1\s250\s+3/);
    expect(text).not.toMatch(/2000|1250/);
    const candidates = Array.from({ length: 1200 }, (_, n) => ({
      number: `MORG1-26-${String(n + 1).padStart(6, '0')}`,
      name: 'Abdérémane Saïd Ali',
      birthDate: '2007-05-01',
      exam: 'BAC A1',
      registration: `MORG1-26-${String(n + 1).padStart(6, '0')}/001`,
    }));
    const list = await renderPdf(
      centreListDocument({
        office,
        printedAt: '2026-03-02T17:00:00Z',
        examLabel: null,
        centres: [{ code: 'MOR-01', name: 'Lycée Saïd Mohamed Cheikh', town: 'Moroni', candidates }],
      }),
    );
    expect(readPdf(list.toString('base64')).text()).toMatch(/1\s200 candidats inscrits/);
  });

  it('lists registered candidates per centre, one centre after the other, and says so when there are none', async () => {
    await register(1);
    await register(2, { centreCode: 'MOR-02' });
    await register(3);
    const pdf = readPdf((await t.must('printing.centreList', { examCode: 'BAC' })).pdfBase64);
    expect(pdf.check()).toContain(OK);
    expect(pdf.pages()).toBe(2);
    const text = pdf.text();
    expect(text).toContain('Centre : Lycée Saïd Mohamed Cheikh (MOR-01) — Moroni');
    expect(text).toContain('Centre : Collège de Mitsamiouli (MOR-02) — Mitsamiouli');
    expect(text).toContain('2 candidats inscrits');
    expect(text).toContain('Abdérémane Saïd Ali');
    const none = await t.call('printing.centreList', { centreCode: 'MUT-01' });
    expect(none.ok || none.error.fields).toEqual({ _: { code: 'list_empty' } });
  });
});
