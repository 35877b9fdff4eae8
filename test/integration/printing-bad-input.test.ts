import type Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
});
afterEach(() => t.close());

const rows = async (sql: string, args: unknown[] = []) =>
  (await t.app.store.em.query(sql, args)) as Record<string, unknown>[];
const raw = () => (t.app.store.ds.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;

/** Every word pdftotext places on the page, with its box: a word past the right margin has overflowed. */
function words(file: string) {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const pageWidth = Number(/<page width="([\d.]+)"/.exec(html)![1]);
  const list = [
    ...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g),
  ].map((m) => ({
    xMin: Number(m[1]),
    xMax: Number(m[2]),
    text: m[3]!.replace(/&apos;/g, "'").replace(/&amp;/g, '&'),
  }));
  return { pageWidth, list };
}

describe('a 120-character name with accents and apostrophes', () => {
  // 60 + 1 + 59 characters: the longest names of the registers, as the diploma must show them.
  const surname = "N'Diaye Ébène-Saïd M'Changama Abdérémane Ben Saïd N'Dzouani".padEnd(60, 'é').slice(0, 60);
  const givenNames = "Saïd Ali Ébène Fatoumia N'Dyaye Mohamed Chamssoudine Ïsmaël".slice(0, 59);

  it('wraps inside the page on the fiche, the confirmation and the receipt, every letter kept', async () => {
    expect(`${surname} ${givenNames}`).toHaveLength(120);
    const input = bacSubmission(7);
    input.identity!.surname = surname;
    input.identity!.givenNames = givenNames;
    input.confirmation = { ...input.confirmation!, surname, givenNames };
    const { registration } = await t.must('registrations.submit', input);
    const payment = await t.must('payments.take', { registrationId: registration.id, mode: 'cash' });
    const docs = {
      fiche: (await t.must('printing.fiche', { registrationId: registration.id })).pdfBase64,
      confirmation: (await t.must('printing.confirmation', { registrationId: registration.id })).pdfBase64,
      receipt: (await t.must('printing.receipt', { paymentId: payment.id })).pdfBase64,
    };
    for (const [kind, base64] of Object.entries(docs)) {
      const pdf = readPdf(base64);
      expect(pdf.check(), kind).toContain('No syntax or stream encoding errors');
      const { pageWidth, list } = words(pdf.file);
      const outside = list.filter((w) => w.xMin < 0 || w.xMax > pageWidth - 20);
      expect(outside, kind).toEqual([]);
      const text = list.map((w) => w.text).join(' ');
      for (const word of `${surname} ${givenNames}`.split(/[\s-]+/)) expect(text, `${kind}: ${word}`).toContain(word);
    }
  });
});

describe('a full disk while printing', () => {
  /** SQLite's page limit gives the SQLITE_FULL a full disk gives, as in the fault suite. */
  const fillUp = () => raw().pragma(`max_page_count = ${Number(raw().pragma('page_count', { simple: true }))}`);
  const free = () => raw().pragma('max_page_count = 1073741823');

  it('says so, leaves the registration unlocked and unlogged, and the fiche prints once there is room', async () => {
    const regs = [];
    for (let i = 1; i <= 40; i++) regs.push((await t.must('registrations.submit', bacSubmission(i))).registration);
    fillUp();
    let failed: { id: string; error: unknown } | null = null;
    for (const reg of regs) {
      const r = await t.call('printing.fiche', { registrationId: reg.id });
      if (!r.ok) {
        failed = { id: reg.id, error: r.error };
        break;
      }
    }
    expect(failed?.error).toMatchObject({ code: 'storage_full' });
    const [reg] = await rows(`SELECT status, fiche_version FROM registration WHERE id = ?`, [failed!.id]);
    expect(reg).toEqual({ status: 'registered', fiche_version: 0 });
    expect(await rows(`SELECT id FROM printed_document WHERE registration_id = ?`, [failed!.id])).toEqual([]);
    expect((await t.must('audit.verify', {})).ok).toBe(true);

    free();
    const fiche = await t.must('printing.fiche', { registrationId: failed!.id });
    expect(fiche.version).toBe(1);
  });

  it('a payment refused for want of room consumes no receipt number', async () => {
    const regs = [];
    for (let i = 1; i <= 40; i++) regs.push((await t.must('registrations.submit', bacSubmission(i))).registration);
    fillUp();
    const numbers: string[] = [];
    let refusal: { id: string; error: unknown } | null = null;
    for (const reg of regs) {
      const r = await t.call('payments.take', { registrationId: reg.id, mode: 'cash' });
      if (!r.ok) {
        refusal = { id: reg.id, error: r.error };
        break;
      }
      numbers.push(r.value.receiptNumber);
      // The receipt print logs the document: when that insert finds no room the payment stays as it was.
      const print = await t.call('printing.receipt', { paymentId: r.value.id });
      if (!print.ok) expect(print.error).toMatchObject({ code: 'storage_full' });
    }
    expect(refusal?.error).toMatchObject({ code: 'storage_full' });
    expect(await rows(`SELECT id FROM payment WHERE registration_id = ?`, [refusal!.id])).toEqual([]);

    free();
    const next = await t.must('payments.take', { registrationId: refusal!.id, mode: 'cash' });
    const seq = (n: string) => Number(n.slice(-6));
    expect(seq(next.receiptNumber)).toBe(seq(numbers.at(-1) ?? '000000') + 1);
    expect(numbers.map(seq)).toEqual(numbers.map((_, i) => i + 1));
  });
});
