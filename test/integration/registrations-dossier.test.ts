import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { b64, makePdf, photoLike } from '../support/files';
import { bacSubmission } from '../support/submissions';

const CATALOGUE = 'src-main/modules/reference/catalogues/comores-2026.json';

/** Pure noise does not compress: no quality step brings it under a small budget. */
const noise = (width: number, height: number) => {
  const raw = randomBytes(width * height * 3);
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
};

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
});
afterEach(() => t.close());

it('the registrations list filters by dossier state, with the same rule as the dossier list', async () => {
  const done = (await t.must('registrations.submit', bacSubmission(1))).registration;
  const half = (await t.must('registrations.submit', bacSubmission(2))).registration;
  const bare = (await t.must('registrations.submit', bacSubmission(3))).registration;
  const conforme = async (registrationId: string, codes: string[]) => {
    for (const pieceCode of codes) {
      const base64 = (await makePdf(1, pieceCode)).toString('base64');
      await t.must('dossier.attach', { registrationId, pieceCode, fileName: `${pieceCode}.pdf`, base64 });
      await t.must('dossier.setStatus', { registrationId, pieceCode, status: 'conforme' });
    }
  };
  await conforme(done.id, ['NAISSANCE', 'IDENTITE', 'SCOLARITE']);
  await conforme(half.id, ['NAISSANCE', 'IDENTITE']);
  // The exam photo completes a dossier, and is not enough alone.
  for (const { id } of [done, bare])
    await t.must('dossier.photo', { registrationId: id, base64: b64(await photoLike(600, 800)) });
  expect((await t.must('dossier.get', { registrationId: done.id })).state).toBe('complet');

  const ids = async (dossierState?: 'complet' | 'incomplet') =>
    (await t.must('registrations.list', { dossierState })).items.map((r) => r.id).sort();
  expect(await ids('complet')).toEqual([done.id]);
  expect(await ids('incomplet')).toEqual([half.id, bare.id].sort());
  expect(await ids()).toHaveLength(3);
  const complet = await t.must('registrations.list', { dossierState: 'complet', status: 'registered' });
  expect(complet.total).toBe(1);
  expect(complet.countsByStatus).toEqual({ registered: 1 });
  expect((await t.must('dossier.list', { state: 'complet' })).map((d) => d.registrationId)).toEqual([done.id]);
});

it('the exam photo follows the catalogue photo spec when it gives one, PIENA’s otherwise', async () => {
  const { registration } = await t.must('registrations.submit', bacSubmission(4));
  const source = (await photoLike(1500, 2000)).toString('base64');
  const size = async () => {
    const d = await t.must('dossier.photo', { registrationId: registration.id, base64: source, photoNumber: null });
    const file = await t.must('dossier.file', { registrationId: registration.id, sha256: d.photo!.sha256 });
    const bytes = Buffer.from(file.base64, 'base64');
    return { ...(await sharp(bytes).metadata()), bytes: bytes.length };
  };
  const before = await size();
  expect(before.height! / before.width!).toBeCloseTo(4 / 3, 2);
  expect(before.width).toBeGreaterThanOrEqual(300);
  expect(before.bytes).toBeLessThanOrEqual(50_000);

  const catalogue = JSON.parse(readFileSync(CATALOGUE, 'utf8')) as Record<string, unknown> & { version: number };
  catalogue.version += 1;
  catalogue.photo = { width: 350, height: 450, maxKb: 30 };
  await t.must('reference.import', { json: JSON.stringify(catalogue) });
  const after = await size();
  expect(after.height! / after.width!).toBeCloseTo(450 / 350, 2);
  expect(after.width).toBeGreaterThanOrEqual(350);
  expect(after.bytes).toBeLessThanOrEqual(30_000);

  // A photo that cannot fit the budget names the catalogue's limit.
  const noisy = await t.call('dossier.photo', {
    registrationId: registration.id,
    base64: (await noise(360, 480)).toString('base64'),
    photoNumber: null,
  });
  expect(noisy.ok || noisy.error.fields?.file).toMatchObject({ code: 'photo_too_detailed', params: { kb: 30 } });
});
