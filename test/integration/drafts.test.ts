import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
});
afterEach(() => t.close());

const save = (label: string) =>
  t.must('drafts.save', { label, step: 'identite', data: { identity: { surname: label } } });

describe('wizard drafts', () => {
  it('keep what was typed across a restart, and go once nobody has touched them for 30 days', async () => {
    const old = await save('Oublié');
    t.clock.set(new Date('2026-03-20T08:00:00Z'));
    await t.login(); // the idle lock closed the session meanwhile
    await save('Récent');
    expect((await t.must('drafts.get', { id: old.id })).data).toEqual({ identity: { surname: 'Oublié' } });

    t.clock.set(new Date('2026-04-02T08:00:00Z')); // 31 days after the first, 13 after the second
    await t.restart();
    await t.login();
    expect((await t.must('drafts.list', {})).map((d) => d.label)).toEqual(['Récent']);
    const gone = await t.call('drafts.get', { id: old.id });
    expect(gone.ok || gone.error.code).toBe('not_found');
  });

  it('are written when the window closes as they are sent, and the closed app takes no more calls', async () => {
    const app = t.app;
    // The window's last draft reaches src-main as the app is closing: it is written before the database closes.
    const last = t.call('drafts.save', { label: 'Djaé Saïd', step: 'candidature', data: { series: 'A2' } });
    await t.restart();
    expect(await last).toMatchObject({ ok: true });
    expect(await app.dispatch('drafts.list', {}, t.token)).toMatchObject({ ok: false, error: { code: 'internal' } });
    await t.login();
    const [draft] = await t.must('drafts.list', {});
    expect((await t.must('drafts.get', { id: draft!.id })).data).toEqual({ series: 'A2' });
  });
});
