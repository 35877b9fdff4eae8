import { existsSync, mkdtempSync, openSync, closeSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { makePdf, photoLike } from '../support/files';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
let regId: string;
let folder: string;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  regId = (await t.must('registrations.submit', bacSubmission(0))).registration.id;
  folder = mkdtempSync(join(tmpdir(), 'guichet-scans-'));
  t.app.services.inbox.stabilityMs = 300;
  await t.must('inbox.configure', { folder });
});
afterEach(async () => {
  await t.close();
  rmSync(folder, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tray = async () => (await t.must('inbox.get', {})).items;
async function waitForTray(name: string) {
  for (let i = 0; i < 100; i++) {
    const item = (await tray()).find((x) => x.name === name);
    if (item) return item;
    await sleep(50);
  }
  throw new Error(`${name} never reached the tray`);
}

describe('the scanner inbox', () => {
  it('shows a finished scan in the tray; assigning it files the piece and only then takes it out of the folder', async () => {
    const pdf = await makePdf(1, 'Scan');
    writeFileSync(join(folder, 'scan-0001.pdf'), pdf);
    const item = await waitForTray('scan-0001.pdf');
    expect(item.size).toBe(pdf.length);
    const preview = await t.must('inbox.file', { itemId: item.id });
    expect(preview.mime).toBe('application/pdf');

    const d = await t.must('inbox.assign', { itemId: item.id, registrationId: regId, pieceCode: 'NAISSANCE' });
    expect(d.pieces[0]).toMatchObject({ status: 'recue', file: { name: 'scan-0001.pdf' } });
    expect(existsSync(join(folder, 'scan-0001.pdf'))).toBe(false);
    expect(t.app.services.dossier.files.list()).toEqual([d.pieces[0]!.file!.sha256]);
    expect(await tray()).toEqual([]);
  });

  it('does not offer a file while the scanner is still writing it', async () => {
    const pdf = await makePdf(3, 'Long scan');
    const path = join(folder, 'scan-0002.pdf');
    const fd = openSync(path, 'w');
    const step = Math.ceil(pdf.length / 8);
    for (let off = 0; off < pdf.length; off += step) {
      writeSync(fd, pdf, off, Math.min(step, pdf.length - off));
      await sleep(120);
      expect((await tray()).map((x) => x.name)).not.toContain('scan-0002.pdf');
    }
    closeSync(fd);
    const item = await waitForTray('scan-0002.pdf');
    expect(item.size).toBe(pdf.length);
    const d = await t.must('inbox.assign', { itemId: item.id, registrationId: regId, pieceCode: 'IDENTITE' });
    expect(d.pieces[1]?.status).toBe('recue');
  });

  it('refuses a file removed while it is being imported, and leaves the dossier as it was', async () => {
    writeFileSync(join(folder, 'scan-0003.pdf'), await makePdf());
    const item = await waitForTray('scan-0003.pdf');
    rmSync(join(folder, 'scan-0003.pdf'));
    const r = await t.call('inbox.assign', { itemId: item.id, registrationId: regId, pieceCode: 'NAISSANCE' });
    expect(r.ok || r.error.fields).toEqual({ itemId: { code: 'file_missing' } });
    expect((await t.must('dossier.get', { registrationId: regId })).pieces[0]?.status).toBe('manquante');
  });

  it('refuses a path outside the folder: a symlink to another file, a relative or missing folder', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'guichet-outside-'));
    const secret = join(outside, 'secret.pdf');
    writeFileSync(secret, await makePdf(1, 'Secret'));
    symlinkSync(secret, join(folder, 'lien.pdf'));
    const item = await waitForTray('lien.pdf');
    const r = await t.call('inbox.assign', { itemId: item.id, registrationId: regId, pieceCode: 'NAISSANCE' });
    expect(r.ok || r.error.fields).toEqual({ itemId: { code: 'path_refused' } });
    expect(existsSync(secret)).toBe(true);
    const preview = await t.call('inbox.file', { itemId: item.id });
    expect(preview.ok || preview.error.fields).toEqual({ itemId: { code: 'path_refused' } });

    const relative = await t.call('inbox.configure', { folder: '../scans' });
    expect(relative.ok || relative.error.fields).toEqual({ folder: { code: 'folder_not_absolute' } });
    const missing = await t.call('inbox.configure', { folder: join(outside, 'nope') });
    expect(missing.ok || missing.error.fields).toEqual({ folder: { code: 'folder_missing' } });
    rmSync(outside, { recursive: true, force: true });
  });

  it('keeps watching the configured folder after a restart; a clerk may not change the folder', async () => {
    await t.restart();
    t.app.services.inbox.stabilityMs = 300;
    await t.login();
    expect((await t.must('inbox.get', {})).folder).toBe(folder);
    writeFileSync(join(folder, 'apres.pdf'), await makePdf());
    await waitForTray('apres.pdf');
    await t.addUser({ username: 'clerk1', displayName: 'Guichet', role: 'clerk', password: 'Clerk#2026' });
    await t.login('clerk1', 'Clerk#2026');
    const r = await t.call('inbox.configure', { folder: null });
    expect(r.ok || r.error.code).toBe('forbidden');
  });

  it('files a scanned studio photo as the exam photo', async () => {
    writeFileSync(join(folder, 'photo.jpg'), await photoLike(900, 1200));
    const item = await waitForTray('photo.jpg');
    const d = await t.must('inbox.assign', { itemId: item.id, registrationId: regId, pieceCode: '@PHOTO' });
    expect(d.photo).not.toBeNull();
    expect(existsSync(join(folder, 'photo.jpg'))).toBe(false);
  });
});
