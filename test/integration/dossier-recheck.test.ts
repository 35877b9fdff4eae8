import { randomUUID } from 'node:crypto';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from 'vue-i18n';
import { filesWaitingCount, withheldFilesCount, type SyncStatus } from '../../shared/contract/sync';
import { messages } from '../../shared/i18n';
import { counting, pluralRules } from '../../shared/i18n/plural';
import { indexFile } from '../../src-main/modules/dossier/repository';
import { runCli } from '../../src-server/cli';
import { makeApp, type TestApp } from '../support/app';
import { b64, makePdf } from '../support/files';
import { startHqWithMoroni } from '../support/hq';
import { bacSubmission } from '../support/submissions';
import { exportBundleTo } from '../support/transfer';
import { backgroundRun, enrolAndSync } from '../support/syncRun';

let t: TestApp;
let regId: string;
const hqs: Awaited<ReturnType<typeof startHqWithMoroni>>[] = [];
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  regId = (await t.must('registrations.submit', bacSubmission(0))).registration.id;
});
afterEach(async () => {
  await t.close();
  for (const hq of hqs.splice(0)) await hq.close();
});

/** A birth certificate with a link that runs JavaScript, as a form saved from Acrobat may have. */
async function pdfWithJavaScript() {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText('Acte de naissance', { x: 50, y: 780, font });
  const script = doc.context.obj({ S: 'JavaScript', JS: PDFString.of("app.alert('x')") });
  const link = doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [50, 700, 300, 760], A: script });
  page.node.set(PDFName.of('Annots'), doc.context.obj([link]));
  return Buffer.from(await doc.save());
}

/**
 * A piece attached as Guichet did before PDFs were looked at for active content: the same file
 * store, index and statement, audited and queued, and no check noted.
 */
async function attachAsBefore(pieceCode: string, fileName: string, bytes: Buffer) {
  const file = { ...(await t.app.services.dossier.files.put(bytes)), mime: 'application/pdf' };
  await t.app.store.change({ id: null, name: 'admin' }, async (tx) => {
    await indexFile(tx.em, file, tx.now);
    const id = randomUUID();
    await tx.em.query(
      `INSERT INTO dossier_piece (id, registration_id, piece_code, status, comment, file_sha256, file_name, version, updated_by, updated_at)
       VALUES (?,?,?,?,?,?,?,?,?,?)`,
      [id, regId, pieceCode, 'recue', null, file.sha256, fileName, 1, 'admin', tx.now],
    );
    const after = { id, registrationId: regId, pieceCode, status: 'recue', fileSha256: file.sha256, version: 1 };
    await tx.audit({ action: 'dossier.attach', entity: 'dossier_piece', entityId: id, after });
    await tx.enqueue({ entity: 'dossier_piece', entityId: id, version: 1, payload: after });
  });
  return file.sha256;
}

const { t: translate } = createI18n({ legacy: false, locale: 'fr', messages, pluralRules, missingWarn: false }).global;
/** The sync page's line on withheld files, in French; null when it shows none. */
const withheldLine = (status: SyncStatus) => {
  const n = withheldFilesCount(status);
  return n > 0 ? translate('sync.filesWithheld', ...counting('fr', n)) : null;
};

const piece = async (code: string) =>
  (await t.must('dossier.get', { registrationId: regId })).pieces.find((p) => p.code === code)!;
const statusChanges = async () => t.must('audit.list', { action: 'dossier.status', limit: 50 });
const fileStates = async () =>
  Object.fromEntries(
    ((await t.app.store.em.query(`SELECT sha256, state FROM outbox_file`)) as { sha256: string; state: string }[]).map(
      (r) => [r.sha256, r.state],
    ),
  );

describe('the re-check of PDF pieces attached before the active-content check', () => {
  it('marks one running JavaScript non conforme after start-up, withholds it from HQ, leaves a clean one, and runs once', async () => {
    // The version these pieces were attached under had no re-check.
    await t.app.services.pieceRecheck.stop();
    const active = await attachAsBefore('NAISSANCE', 'acte.pdf', await pdfWithJavaScript());
    const clean = await attachAsBefore('IDENTITE', 'cni.pdf', await makePdf(1, 'Carte d’identité'));
    await t.must('dossier.setStatus', { registrationId: regId, pieceCode: 'NAISSANCE', status: 'conforme' });
    // Attached through today's check: nothing to read again.
    await t.must('dossier.attach', {
      registrationId: regId,
      pieceCode: 'SCOLARITE',
      fileName: 'releve.pdf',
      base64: b64(await makePdf(1, 'Relevé de notes')),
    });
    const cleanBefore = await piece('IDENTITE');
    // Merged then, the dossier's PDF copied the link with the page.
    const merged = (await t.must('dossier.merged', { registrationId: regId })).sha256;

    // The upgraded app starts: the re-check runs by itself in the background.
    t = await t.restart();
    await t.login();
    await vi.waitFor(async () => expect((await piece('NAISSANCE')).status).toBe('non_conforme'), {
      timeout: 15_000,
      interval: 100,
    });
    expect(await t.app.services.pieceRecheck.run()).toEqual({ checked: 2, marked: 1 });

    const marked = await piece('NAISSANCE');
    expect(marked.comment).toMatch(
      /^Vérification automatique : ce PDF contient du code actif .*trouvé : \/(JS|JavaScript)\)/,
    );
    expect(marked.comment).toContain('n’est pas envoyé au siège');
    // The page no longer offers it to open, nor serves it by its hash.
    expect(marked.file).toBeNull();
    expect(await t.call('dossier.file', { registrationId: regId, sha256: active })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await piece('IDENTITE')).toEqual(cleanBefore);
    expect((await t.must('dossier.get', { registrationId: regId })).merged).toBeNull();
    const [change] = await statusChanges();
    expect(change).toMatchObject({
      actorName: 'system',
      before: { status: 'conforme', fileSha256: active },
      after: { status: 'non_conforme', fileSha256: null, version: 3 },
    });

    // Sent to a real HQ: the marked piece's new version and the clean file go, the active file never.
    const hq = await startHqWithMoroni();
    hqs.push(hq);
    const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
    const status = await enrolAndSync(t, hq.url, json.code as string);
    expect(status.lastError).toBeNull();
    expect(status.lastSuccessAt).not.toBeNull();
    expect(await hq.count('hq_file', `sha256 = '${clean}'`)).toBe(1);
    expect(await hq.count('hq_file', `sha256 = '${active}'`)).toBe(0);
    expect(await hq.count('hq_file', `sha256 = '${merged}'`)).toBe(0);
    expect(await fileStates()).toMatchObject({ [active]: 'withheld', [merged]: 'withheld', [clean]: 'synced' });
    // The sync page says they are held back and why; they are not counted as waiting.
    expect(filesWaitingCount(status)).toBe(0);
    expect(withheldLine(status)).toBe('2 fichiers retenus : contenu actif détecté dans un PDF, à rescanner');
    // Neither the resend of the whole history puts it back in the queue.
    await t.must('sync.resendHistory', {});
    await backgroundRun(t);
    expect(await hq.count('hq_file', `sha256 = '${active}'`)).toBe(0);
    expect(await fileStates()).toMatchObject({ [active]: 'withheld' });

    // Started again: nothing is read again, nothing changes.
    t = await t.restart();
    await t.login();
    expect(await t.app.services.pieceRecheck.run()).toEqual({ checked: 0, marked: 0 });
    expect(await statusChanges()).toHaveLength(2);
  });

  it('leaves the file off a USB key, though the piece’s older version still waiting names it', async () => {
    const hq = await startHqWithMoroni();
    hqs.push(hq);
    const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
    await enrolAndSync(t, hq.url, json.code as string);
    // The network is gone: the USB key is the only way to HQ.
    await t.app.store.em.query(`UPDATE setting SET value_json = ? WHERE key = 'sync.serverUrl'`, [
      JSON.stringify('http://127.0.0.1:9'),
    ]);
    await t.app.services.pieceRecheck.stop();
    const active = await attachAsBefore('NAISSANCE', 'acte.pdf', await pdfWithJavaScript());
    const clean = await attachAsBefore('IDENTITE', 'cni.pdf', await makePdf(1, 'Carte d’identité'));
    t = await t.restart();
    await t.login();
    expect(await t.app.services.pieceRecheck.run()).toEqual({ checked: 2, marked: 1 });
    const status = await t.must('sync.status', {});
    expect(filesWaitingCount(status)).toBe(1);
    expect(withheldLine(status)).toBe('1 fichier retenu : contenu actif détecté dans un PDF, à rescanner');

    const { path: bundle, summary } = await exportBundleTo(t, 'cle.bundle');
    // Both pieces' first versions and the marked piece's second.
    expect(summary).toMatchObject({ records: 3, files: 1, missingFiles: 0 });
    await runCli(hq.ds, 'import-bundle', ['--file', bundle], new Date(), { filesDir: hq.filesDir });
    expect(await hq.count('hq_file', `sha256 = '${clean}'`)).toBe(1);
    expect(await hq.count('hq_file', `sha256 = '${active}'`)).toBe(0);
  });
});
