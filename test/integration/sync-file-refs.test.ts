import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileRefs } from '../../src-main/modules/sync/files';
import { makeApp, type TestApp } from '../support/app';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
});
afterEach(() => t.close());

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Records waiting for HQ, as a season's resend leaves them: photos, pieces, nested and odd fields. */
const payloads = [
  { photoSha256: sha('photo-1'), pieces: [{ code: 'acte', fileSha256: sha('acte-1') }] },
  // The same photo named by a later version: one file.
  { photoSha256: sha('photo-1'), version: 2 },
  { dossier: { merged: { pdfSha256: sha('merged-1') } }, PhotoSHA256: sha('photo-2') },
  // Not files: a hash of something else that is not 64 hex digits, a number, an object under the name.
  { photoSha256: 'not-a-hash', fileSha256: 12, receiptSha256: { sha256: sha('inner') } },
  { surname: 'Ahamada', note: `mentions sha256 ${sha('text')} in text` },
];

describe('files waiting for their record', () => {
  it('counts each file a waiting record names once, as the USB export reads them, less those already queued', async () => {
    const sqlite = (t.app.store.ds.driver as unknown as { databaseConnection: Database }).databaseConnection;
    const insert = sqlite.prepare(
      `INSERT INTO outbox (id, entity, entity_id, version, payload_json, payload_hash, state, attempts, created_at, updated_at)
       VALUES (?, 'registration', ?, 1, ?, 'h', ?, 0, '2026-03-02T08:00:00Z', '2026-03-02T08:00:00Z')`,
    );
    payloads.forEach((p, i) => insert.run(`o${i}`, `r${i}`, JSON.stringify(p), i === 4 ? 'synced' : 'pending'));
    // A record already at HQ names a file that does not wait for it.
    insert.run('o-synced', 'r-synced', JSON.stringify({ photoSha256: sha('sent') }), 'synced');
    const named = new Set<string>();
    for (const p of payloads.slice(0, 4)) fileRefs(p, named);
    expect(named.size).toBe(5);
    expect((await t.must('sync.status', {})).filesAwaitingRecord).toBe(5);
    // Once queued (HQ accepted its record), a file is counted by its queue state instead.
    sqlite
      .prepare(`INSERT INTO outbox_file (sha256, state, created_at, updated_at) VALUES (?, 'pending', 'x', 'x')`)
      .run(sha('acte-1'));
    expect((await t.must('sync.status', {})).filesAwaitingRecord).toBe(4);
  });
});
