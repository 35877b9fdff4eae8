import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectPiece } from '../../src-main/modules/dossier/inspect';
import { makeApp, type TestApp } from '../support/app';
import { b64, encryptedPdf, fakeExe, jpeg, makePdf, photoLike, png, pngBomb, tiff } from '../support/files';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
let regId: string;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  await t.addUser({ username: 'clerk1', displayName: 'Zaïna Ali', role: 'clerk', password: 'Clerk#2026' });
  regId = (await t.must('registrations.submit', bacSubmission(0))).registration.id;
  await t.login('clerk1', 'Clerk#2026');
});
afterEach(() => t.close());

const filesDir = () => join(t.dir, 'files');
const storedHashes = () => t.app.services.dossier.files.list();
const attach = (pieceCode: string, bytes: Uint8Array, fileName = 'scan.pdf', registrationId = regId) =>
  t.call('dossier.attach', { registrationId, pieceCode, fileName, base64: b64(bytes) });
const fieldOf = (r: Awaited<ReturnType<typeof attach>>) => (r.ok ? 'accepted' : r.error.fields);
const piece = async (code: string) =>
  (await t.must('dossier.get', { registrationId: regId })).pieces.find((p) => p.code === code)!;

describe('the checklist', () => {
  it('lists the catalogue pieces for the exam and category, all missing, and the dossier incomplete', async () => {
    const d = await t.must('dossier.get', { registrationId: regId });
    expect(d.pieces.map((p) => [p.code, p.mandatory, p.status])).toEqual([
      ['NAISSANCE', true, 'manquante'],
      ['IDENTITE', true, 'manquante'],
      ['SCOLARITE', true, 'manquante'],
      ['MEDICAL', false, 'manquante'],
    ]);
    expect(d.state).toBe('incomplet');
    expect(d.registration.examLabel).toBe('Baccalauréat');
  });

  it('asks a candidate who needs accommodations for the medical certificate, which completes the dossier', async () => {
    await t.login();
    const input = bacSubmission(1);
    input.application = { ...input.application, accommodations: { needed: true, details: 'Tiers temps' } };
    const id = (await t.must('registrations.submit', input)).registration.id;
    const d = await t.must('dossier.get', { registrationId: id });
    expect(d.pieces.find((p) => p.code === 'MEDICAL')?.mandatory).toBe(true);
    const na = await t.call('dossier.setStatus', {
      registrationId: id,
      pieceCode: 'MEDICAL',
      status: 'non_applicable',
    });
    expect(na.ok || na.error.fields).toEqual({ status: { code: 'piece_mandatory' } });
    await t.must('dossier.photo', { registrationId: id, base64: b64(await photoLike(600, 800)) });
    for (const pieceCode of ['NAISSANCE', 'IDENTITE', 'SCOLARITE']) {
      await attach(pieceCode, await makePdf(), 'scan.pdf', id);
      await t.must('dossier.setStatus', { registrationId: id, pieceCode, status: 'conforme' });
    }
    expect((await t.must('dossier.get', { registrationId: id })).state).toBe('incomplet');
    expect(await t.must('dossier.list', { state: 'complet' })).toEqual([]);
    await attach('MEDICAL', await makePdf(), 'certificat.pdf', id);
    expect(
      (await t.must('dossier.setStatus', { registrationId: id, pieceCode: 'MEDICAL', status: 'conforme' })).state,
    ).toBe('complet');
    expect((await t.must('dossier.list', { state: 'complet' })).map((x) => x.registrationId)).toEqual([id]);
    const confirmation = readPdf((await t.must('printing.confirmation', { registrationId: id })).pdfBase64).text();
    expect(confirmation).toMatch(/Certificat médical \(aménagements\)\s+Obligatoire/);
  });
});

describe('attaching a file', () => {
  it('takes a PDF: the piece is reçue, the bytes are in the store under their sha256, audited and queued', async () => {
    const pdf = await makePdf(2);
    const r = await attach('NAISSANCE', pdf, 'acte.pdf');
    expect(r.ok).toBe(true);
    const p = await piece('NAISSANCE');
    expect(p).toMatchObject({
      status: 'recue',
      updatedBy: 'clerk1',
      file: { name: 'acte.pdf', mime: 'application/pdf' },
    });
    expect(readdirSync(join(filesDir(), p.file!.sha256.slice(0, 2)))).toEqual([p.file!.sha256]);
    const back = await t.must('dossier.file', { registrationId: regId, sha256: p.file!.sha256 });
    expect(Buffer.from(back.base64, 'base64').equals(pdf)).toBe(true);
    const outbox = await t.app.store.em.query(`SELECT entity, version FROM outbox WHERE entity = 'dossier_piece'`);
    expect(outbox).toEqual([{ entity: 'dossier_piece', version: 1 }]);
    const audit = await t.app.store.em.query(`SELECT actor_name FROM audit_log WHERE action = 'dossier.attach'`);
    expect(audit).toEqual([{ actor_name: 'clerk1' }]);
  });

  it('stores the same file once, however many pieces or candidates it is attached to', async () => {
    const other = (await t.must('registrations.submit', bacSubmission(1))).registration.id;
    const pdf = await makePdf();
    await attach('NAISSANCE', pdf);
    await attach('IDENTITE', pdf);
    await attach('NAISSANCE', pdf, 'copie.pdf', other);
    expect(storedHashes()).toHaveLength(1);
    expect(await t.app.store.em.query(`SELECT count(*) AS n FROM stored_file`)).toEqual([{ n: 1 }]);
  });

  it('re-encodes images: orientation applied, metadata gone, TIFF scans become PNG', async () => {
    await attach('NAISSANCE', await jpeg(400, 300, { orientation: 6 }), 'photo.jpg');
    const p = await piece('NAISSANCE');
    const stored = Buffer.from(
      (await t.must('dossier.file', { registrationId: regId, sha256: p.file!.sha256 })).base64,
      'base64',
    );
    const meta = await sharp(stored).metadata();
    expect([meta.format, meta.width, meta.height, meta.orientation, meta.exif]).toEqual([
      'jpeg',
      300,
      400,
      undefined,
      undefined,
    ]);

    await attach('IDENTITE', await tiff(500, 700), 'scan.tif');
    expect((await piece('IDENTITE')).file?.mime).toBe('image/png');
    await attach('SCOLARITE', await png(600, 800), 'scan.png');
    expect((await piece('SCOLARITE')).status).toBe('recue');
  });

  it.each([
    ['a zero-byte file', () => Buffer.alloc(0), { code: 'file_empty' }],
    [
      'a 6 MB file',
      () => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(6_000_000)]),
      { code: 'file_too_large', params: { maxMb: 5 } },
    ],
    ['an .exe renamed .pdf', fakeExe, { code: 'file_type_refused' }],
    ['a truncated PDF', async () => (await makePdf(3)).subarray(0, 900), { code: 'pdf_truncated' }],
    [
      'a corrupt PDF',
      async () =>
        Buffer.concat([
          Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n'),
          Buffer.from('garbage\n%%EOF\n'),
        ]),
      { code: 'pdf_corrupt' },
    ],
    ['an encrypted PDF', encryptedPdf, { code: 'pdf_encrypted' }],
    ['a PNG bomb', pngBomb, { code: 'image_too_many_pixels' }],
    ['a JPEG cut in half', async () => (await photoLike(400, 400)).subarray(0, 3000), { code: 'image_corrupt' }],
  ])('refuses %s with a stable code and leaves the dossier as it was', async (_name, make, expected) => {
    await attach('NAISSANCE', await makePdf(), 'bon.pdf');
    const before = await t.must('dossier.get', { registrationId: regId });
    const r = await attach('NAISSANCE', await make(), 'mauvais.pdf');
    expect(fieldOf(r)).toEqual({ file: expected });
    expect(await t.must('dossier.get', { registrationId: regId })).toEqual(before);
    expect(storedHashes()).toEqual([before.pieces[0]!.file!.sha256]);
  });

  it('refuses a format the piece does not accept (the CAE wants its Bac copy as a PDF)', async () => {
    const bacCopy = { maxBytes: 5_000_000, formats: ['pdf'] as const };
    await expect(inspectPiece(await png(300, 300), bacCopy)).rejects.toMatchObject({
      fields: { file: { code: 'file_format_not_allowed', params: { formats: 'PDF' } } },
    });
    await expect(inspectPiece(await makePdf(), bacCopy)).resolves.toMatchObject({ kind: 'pdf' });
  });

  it('keeps nothing half-written when the disk fills up, and the piece stays manquante', async () => {
    const files = t.app.services.dossier.files;
    const write = files.io.write;
    files.io.write = async (handle, bytes) => {
      await write(handle, bytes.subarray(0, bytes.length >> 1));
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    };
    const r = await attach('NAISSANCE', await makePdf(4));
    expect(fieldOf(r)).toEqual({ file: { code: 'disk_full' } });
    expect((await piece('NAISSANCE')).status).toBe('manquante');
    expect(storedHashes()).toEqual([]);
    expect(readdirSync(join(filesDir(), 'tmp'))).toEqual([]);
    files.io.write = write;
    expect((await attach('NAISSANCE', await makePdf(4))).ok).toBe(true);
  });
});

describe('statuses', () => {
  beforeEach(async () => {
    for (const code of ['NAISSANCE', 'IDENTITE', 'SCOLARITE']) await attach(code, await makePdf(1, code));
  });

  it('needs a comment for non conforme, keeps who and when, and versions each change', async () => {
    const bare = await t.call('dossier.setStatus', {
      registrationId: regId,
      pieceCode: 'NAISSANCE',
      status: 'non_conforme',
    });
    expect(bare.ok || bare.error.fields).toEqual({ comment: { code: 'comment_required' } });
    await t.must('dossier.setStatus', {
      registrationId: regId,
      pieceCode: 'NAISSANCE',
      status: 'non_conforme',
      comment: 'Illisible, tampon absent',
    });
    t.clock.set(new Date('2026-03-02T08:10:00Z'));
    expect(await piece('NAISSANCE')).toMatchObject({
      status: 'non_conforme',
      comment: 'Illisible, tampon absent',
      updatedBy: 'clerk1',
      updatedAt: '2026-03-02T08:00:00.000Z',
    });
    await t.must('dossier.setStatus', { registrationId: regId, pieceCode: 'NAISSANCE', status: 'conforme' });
    expect(await piece('NAISSANCE')).toMatchObject({
      status: 'conforme',
      comment: null,
      updatedAt: '2026-03-02T08:10:00.000Z',
    });
    const versions = await t.app.store.em.query(
      `SELECT o.version FROM outbox o JOIN dossier_piece p ON p.id = o.entity_id WHERE p.piece_code = 'NAISSANCE' ORDER BY o.version`,
    );
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
  });

  it('marks non applicable only an optional piece, and judges only a piece that was received', async () => {
    const mandatory = await t.call('dossier.setStatus', {
      registrationId: regId,
      pieceCode: 'NAISSANCE',
      status: 'non_applicable',
    });
    expect(mandatory.ok || mandatory.error.fields).toEqual({ status: { code: 'piece_mandatory' } });
    const unseen = await t.call('dossier.setStatus', {
      registrationId: regId,
      pieceCode: 'MEDICAL',
      status: 'conforme',
    });
    expect(unseen.ok || unseen.error.fields).toEqual({ status: { code: 'piece_not_received' } });
    const na = await t.must('dossier.setStatus', {
      registrationId: regId,
      pieceCode: 'MEDICAL',
      status: 'non_applicable',
    });
    expect(na.pieces.find((p) => p.code === 'MEDICAL')?.status).toBe('non_applicable');
    const unknown = await t.call('dossier.setStatus', {
      registrationId: regId,
      pieceCode: 'RELEVE',
      status: 'conforme',
    });
    expect(unknown.ok || unknown.error.fields).toEqual({ pieceCode: { code: 'piece_unknown' } });
  });

  it('is complet once every mandatory piece is conforme and the exam photo is in, and the list filters by state', async () => {
    const other = (await t.must('registrations.submit', bacSubmission(1))).registration;
    let d = await t.must('dossier.get', { registrationId: regId });
    for (const code of ['NAISSANCE', 'IDENTITE']) {
      d = await t.must('dossier.setStatus', { registrationId: regId, pieceCode: code, status: 'conforme' });
      expect(d.state).toBe('incomplet');
    }
    d = await t.must('dossier.setStatus', { registrationId: regId, pieceCode: 'SCOLARITE', status: 'conforme' });
    expect(d.state).toBe('incomplet');
    expect(await t.must('dossier.list', { state: 'complet' })).toEqual([]);
    d = await t.must('dossier.photo', { registrationId: regId, base64: b64(await photoLike(600, 800)) });
    expect(d.state).toBe('complet');
    expect((await t.must('dossier.list', { state: 'complet' })).map((x) => x.registrationId)).toEqual([regId]);
    expect((await t.must('dossier.list', { state: 'incomplet' })).map((x) => x.registrationId)).toEqual([other.id]);
    expect(await t.must('dossier.list', {})).toHaveLength(2);
  });
});

describe('the exam photo', () => {
  it('keeps a studio number to one candidate: another is refused at the field, the same candidate’s other exam is not', async () => {
    const photo = b64(await photoLike(600, 800));
    await t.must('dossier.photo', { registrationId: regId, base64: photo, photoNumber: 'st-0412' });
    await t.login();
    const other = (await t.must('registrations.submit', bacSubmission(1))).registration.id;
    const taken = await t.call('dossier.photo', { registrationId: other, base64: photo, photoNumber: 'ST-0412 ' });
    expect(taken.ok || taken.error.fields).toEqual({
      photoNumber: { code: 'photo_number_taken', params: { registration: expect.stringMatching(/\/001$/) } },
    });
    const mine = await t.must('registrations.get', { id: regId });
    const cap = bacSubmission(0, { candidateId: mine.candidateId, identity: null, confirmation: null });
    cap.application = { ...cap.application, examCode: 'CAP', seriesCode: null, category: 'individuel' };
    const second = (await t.must('registrations.submit', cap)).registration.id;
    const same = await t.must('dossier.photo', { registrationId: second, base64: photo, photoNumber: 'ST-0412' });
    expect(same.photo?.photoNumber).toBe('ST-0412');
  });

  it('is cropped to a 3:4 portrait JPEG of at most 50 KB and at least 300×400, with the studio number', async () => {
    const d = await t.must('dossier.photo', {
      registrationId: regId,
      base64: b64(await photoLike(4000, 3000)),
      photoNumber: 'ST-0412',
    });
    expect(d.photo?.photoNumber).toBe('ST-0412');
    const back = await t.must('dossier.file', { registrationId: regId, sha256: d.photo!.sha256 });
    const bytes = Buffer.from(back.base64, 'base64');
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width! * 4).toBe(meta.height! * 3);
    expect(meta.width).toBeGreaterThanOrEqual(300);
    expect(bytes.length).toBeLessThanOrEqual(50_000);
  });

  it('refuses a picture too small, a PDF and a bomb', async () => {
    const small = await t.call('dossier.photo', { registrationId: regId, base64: b64(await jpeg(280, 500)) });
    expect(small.ok || small.error.fields).toEqual({
      file: { code: 'photo_too_small', params: { width: 300, height: 400 } },
    });
    const pdf = await t.call('dossier.photo', { registrationId: regId, base64: b64(await makePdf()) });
    expect(pdf.ok || pdf.error.fields).toEqual({ file: { code: 'photo_type_refused' } });
    const bomb = await t.call('dossier.photo', { registrationId: regId, base64: b64(pngBomb()) });
    expect(bomb.ok || bomb.error.fields).toEqual({ file: { code: 'image_too_many_pixels' } });
    expect((await t.must('dossier.get', { registrationId: regId })).photo).toBeNull();
  });
});

describe('the merged dossier', () => {
  it('is one PDF: a cover listing pieces and statuses, then every piece; stored by hash; qpdf finds no error', async () => {
    await attach('NAISSANCE', await makePdf(2, 'Acte'));
    await attach('IDENTITE', await jpeg(1200, 1600), 'cni.jpg');
    await attach('SCOLARITE', await png(800, 600), 'certificat.png');
    await t.must('dossier.setStatus', {
      registrationId: regId,
      pieceCode: 'IDENTITE',
      status: 'non_conforme',
      comment: 'Copie périmée',
    });
    await t.must('dossier.photo', { registrationId: regId, base64: b64(await photoLike(600, 800)), photoNumber: null });
    const merged = await t.must('dossier.merged', { registrationId: regId });
    const pdf = readPdf(merged.pdfBase64);
    expect(pdf.pages()).toBe(1 + 2 + 1 + 1);
    expect(merged.pages).toBe(5);
    const cover = pdf.text();
    expect(cover).toContain('Dossier de candidature');
    expect(cover).toContain('Abdérémane Saïd Ali');
    expect(cover).toMatch(/Copie de la pièce d.identité\s+Obligatoire\s+Non conforme\s+Copie périmée/);
    expect(cover).toMatch(/Certificat médical \(aménagements\)\s+Facultative\s+Manquante/);
    expect(cover).toContain('Acte 2');
    expect(pdf.check()).toContain('No syntax or stream encoding errors');
    expect(storedHashes()).toContain(merged.sha256);
    expect((await t.must('dossier.get', { registrationId: regId })).merged?.sha256).toBe(merged.sha256);
  });
});

describe('files of the dossier', () => {
  it('opens only hashes this dossier points at', async () => {
    const other = (await t.must('registrations.submit', bacSubmission(1))).registration.id;
    await attach('NAISSANCE', await makePdf(1, 'autre'), 'x.pdf', other);
    const [hash] = storedHashes();
    const r = await t.call('dossier.file', { registrationId: regId, sha256: hash! });
    expect(r.ok || r.error.code).toBe('not_found');
  });
});

describe('the merged dossier, asked twice', () => {
  it('gives the same file for the same dossier, stored once, and a new one after a change', async () => {
    await attach('NAISSANCE', await makePdf(1, 'Acte'));
    await t.must('dossier.photo', { registrationId: regId, base64: b64(await photoLike(600, 800)), photoNumber: null });
    const first = await t.must('dossier.merged', { registrationId: regId });
    t.clock.set(new Date('2026-03-02T08:05:00Z'));
    const again = await t.must('dossier.merged', { registrationId: regId });
    expect(again.sha256).toBe(first.sha256);
    await t.must('dossier.setStatus', { registrationId: regId, pieceCode: 'NAISSANCE', status: 'conforme' });
    const changed = await t.must('dossier.merged', { registrationId: regId });
    expect(changed.sha256).not.toBe(first.sha256);
    expect(readPdf(changed.pdfBase64).text()).toMatch(/État du dossier au 02\/03\/2026 à 08:05/);
  });
});
