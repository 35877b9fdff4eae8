import type { Database } from 'better-sqlite3';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src-main/app/createApp';
import type { Logger } from '../../src-main/core/logger';
import { appendAuditRows } from '../support/auditSeed';
import { makeApp, type TestApp } from '../support/app';
import { bacSubmission } from '../support/submissions';

const OLD_ROWS = 20_000;

const open: TestApp[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close().catch(() => undefined);
});

const raw = (t: TestApp) => (t.app.store.ds.driver as unknown as { databaseConnection: Database }).databaseConnection;
const sql = (t: TestApp, text: string, ...params: unknown[]) =>
  raw(t)
    .prepare(text)
    .run(...params);
const head = (t: TestApp) => (raw(t).prepare(`SELECT MAX(seq) AS seq FROM audit_log`).get() as { seq: number }).seq;

function recordingLogger() {
  const errors: { msg: string; data?: Record<string, unknown> }[] = [];
  const logger: Logger = { info() {}, warn() {}, error: (msg, data) => errors.push({ msg, data }) };
  return { logger, errors };
}

/** Closes and starts again on the same folder, as the clerk does each morning; closing stops the background checks. */
async function restart(t: TestApp, logger?: Logger) {
  await t.app.close();
  t.app = await createApp({ dataDir: t.dir, clock: t.clock, logger });
  return t.app.services.maintenance;
}

/** An office with a season's worth of valid, already verified chain: start-up has moved its checkpoint to the head. */
async function verifiedSeason(): Promise<TestApp> {
  const t = await makeApp();
  open.push(t);
  await t.login();
  await t.must('registrations.submit', bacSubmission(1));
  appendAuditRows(raw(t), OLD_ROWS);
  const m = await restart(t);
  expect(m.atStart).toMatchObject({ ok: true });
  expect(m.atStart!.checked).toBeGreaterThan(OLD_ROWS);
  return t;
}

describe('start-up audit check from the checkpoint', () => {
  it('hashes only the checkpoint row and what was written since, while the Audit page still walks everything', async () => {
    const t = await verifiedSeason();
    appendAuditRows(raw(t), 10, OLD_ROWS);
    const m = await restart(t);
    expect(m.atStart).toEqual({ ok: true, checked: 11, brokenAt: null });
    const again = await restart(t);
    expect(again.atStart).toEqual({ ok: true, checked: 1, brokenAt: null });
    await t.login();
    const full = await t.must('audit.verify', {});
    expect(full).toMatchObject({ ok: true, brokenAt: null });
    expect(full.checked).toBe(head(t));
  });

  it('reports a row changed after the checkpoint at start-up itself', async () => {
    const t = await verifiedSeason();
    appendAuditRows(raw(t), 50, OLD_ROWS);
    const changed = head(t) - 20;
    sql(t, `UPDATE audit_log SET after_json = replace(after_json, 'Saïd', 'Said') WHERE seq = ?`, changed);
    const { logger, errors } = recordingLogger();
    const m = await restart(t, logger);
    expect(m.atStart).toMatchObject({ ok: false, brokenAt: changed });
    expect(await t.must('maintenance.health', {})).toMatchObject({ auditChain: 'broken', auditBrokenAt: changed });
    expect(errors.map((e) => e.msg)).toContain('integrity check failed');
  });

  it('reports a row deleted after the checkpoint at start-up, by the next row whose link no longer holds', async () => {
    const t = await verifiedSeason();
    appendAuditRows(raw(t), 50, OLD_ROWS);
    const deleted = head(t) - 10;
    sql(t, `DELETE FROM audit_log WHERE seq = ?`, deleted);
    const m = await restart(t);
    expect(m.atStart).toMatchObject({ ok: false, brokenAt: deleted + 1 });
  });

  it('reports the checkpoint row itself changed or deleted at start-up', async () => {
    const t = await verifiedSeason();
    const anchor = head(t);
    sql(t, `UPDATE audit_log SET actor_name = 'personne' WHERE seq = ?`, anchor);
    expect((await restart(t)).atStart).toMatchObject({ ok: false, brokenAt: anchor });
    sql(t, `DELETE FROM audit_log WHERE seq = ?`, anchor);
    expect((await restart(t)).atStart).toMatchObject({ ok: false, checked: 0, brokenAt: anchor });
  });
});

describe('full audit walk in the background', () => {
  it('finds a row changed before the checkpoint, turns health broken, logs it, and the next start remembers it', async () => {
    const t = await verifiedSeason();
    const changed = 1_234;
    sql(t, `UPDATE audit_log SET after_json = replace(after_json, 'Moroni', 'Mutsamudu') WHERE seq = ?`, changed);
    const { logger, errors } = recordingLogger();
    const m = await restart(t, logger);
    // Start-up does not walk the old rows: that is the point of the checkpoint.
    expect(m.atStart).toEqual({ ok: true, checked: 1, brokenAt: null });
    await m.runBackgroundChecks();
    expect(await t.must('maintenance.health', {})).toMatchObject({ auditChain: 'broken', auditBrokenAt: changed });
    expect(errors).toContainEqual({ msg: 'audit chain broken', data: { brokenAt: changed, scope: 'full' } });

    const next = await restart(t);
    expect(next.atStart).toMatchObject({ ok: true });
    expect(await t.must('maintenance.health', {})).toMatchObject({ auditChain: 'broken', auditBrokenAt: changed });
  });

  it('finds a row deleted before the checkpoint', async () => {
    const t = await verifiedSeason();
    sql(t, `DELETE FROM audit_log WHERE seq = ?`, 5_000);
    const m = await restart(t);
    expect(m.atStart).toMatchObject({ ok: true });
    await m.runBackgroundChecks();
    expect(await t.must('maintenance.health', {})).toMatchObject({ auditChain: 'broken', auditBrokenAt: 5_001 });
  });

  it('runs quick_check off the main thread and reports a damaged page start-up never read', async () => {
    const t = await verifiedSeason();
    const { root } = raw(t)
      .prepare(`SELECT rootpage AS root FROM sqlite_master WHERE name = 'audit_log_entity'`)
      .get() as {
      root: number;
    };
    const pageSize = Number(raw(t).pragma('page_size', { simple: true }));
    await t.app.close();
    const fd = openSync(join(t.dir, 'guichet.sqlite'), 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);

    const { logger, errors } = recordingLogger();
    t.app = await createApp({ dataDir: t.dir, clock: t.clock, logger });
    await t.app.services.maintenance.runBackgroundChecks();
    expect(await t.must('maintenance.health', {})).toMatchObject({ database: 'corrupt', auditChain: 'ok' });
    expect(errors.map((e) => e.msg)).toContain('quick_check found damage');
  });
});
