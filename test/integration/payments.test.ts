import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_COUNTED_CASH } from '../../shared/contract/payments';
import { makeApp, type TestApp } from '../support/app';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  await t.addUser({
    username: 'clerk1',
    displayName: 'Guichetier',
    role: 'clerk',
    password: 'Clerk#2026',
  });
  await t.addUser({
    username: 'chef',
    displayName: 'Superviseur',
    role: 'supervisor',
    password: 'Visa#2026',
  });
});
afterEach(() => t.close());

const SUP = { username: 'chef', password: 'Visa#2026' };

async function registered(n: number) {
  return (await t.must('registrations.submit', bacSubmission(n))).registration;
}

describe('fees and receipts', () => {
  it('takes the catalogue fee in cash with a receipt number made offline', async () => {
    const reg = await registered(1);
    await t.login('clerk1', 'Clerk#2026');
    const quote = await t.must('payments.quote', { registrationId: reg.id });
    expect(quote).toMatchObject({ amount: 7500, currency: 'KMF', minorDigits: 0, paid: null });
    const p = await t.must('payments.take', { registrationId: reg.id, mode: 'cash' });
    expect(p.receiptNumber).toBe('MORG1-R26-000001');
    expect(p.amount).toBe(7500);
    const again = await t.call('payments.take', { registrationId: reg.id, mode: 'cash' });
    expect(again.ok || again.error.fields).toEqual({ registrationId: { code: 'already_paid' } });
  });

  it('needs the operator and transaction reference for mobile money', async () => {
    const reg = await registered(1);
    const r = await t.call('payments.take', { registrationId: reg.id, mode: 'mobile_money', operator: 'HOLO' });
    expect(r.ok || r.error.fields).toEqual({ reference: { code: 'required' } });
    const ok = await t.must('payments.take', {
      registrationId: reg.id,
      mode: 'mobile_money',
      operator: 'HOLO',
      reference: 'TX-99812',
    });
    expect(ok).toMatchObject({ mode: 'mobile_money', operator: 'HOLO', reference: 'TX-99812' });
  });

  it('leaves no gap in receipt numbers across a failed save and a restart', async () => {
    const regs = [await registered(1), await registered(2), await registered(3)];
    await t.login('clerk1', 'Clerk#2026');
    await t.must('payments.take', { registrationId: regs[0]!.id, mode: 'cash' });
    // A mobile-money payment refused for a missing reference consumes no number.
    await t.call('payments.take', { registrationId: regs[1]!.id, mode: 'mobile_money', operator: 'HOLO' });
    await t.restart();
    await t.login('clerk1', 'Clerk#2026');
    await t.must('payments.take', { registrationId: regs[1]!.id, mode: 'cash' });
    await t.must('payments.take', { registrationId: regs[2]!.id, mode: 'cash' });
    const numbers = (await t.must('payments.list', {})).map((p) => p.receiptNumber);
    expect(numbers).toEqual(['MORG1-R26-000001', 'MORG1-R26-000002', 'MORG1-R26-000003']);
  });

  it('cancels a receipt only with a supervisor and a reason, and never deletes it', async () => {
    const reg = await registered(1);
    await t.login('clerk1', 'Clerk#2026');
    const p = await t.must('payments.take', { registrationId: reg.id, mode: 'cash' });
    const alone = await t.call('payments.cancel', { paymentId: p.id, reason: 'Erreur de saisie' });
    expect(alone.ok || alone.error.code).toBe('forbidden');
    const wrong = await t.call('payments.cancel', {
      paymentId: p.id,
      reason: 'Erreur de saisie',
      supervisor: { ...SUP, password: 'x' },
    });
    expect(wrong.ok || wrong.error.code).toBe('invalid_credentials');
    const c = await t.must('payments.cancel', { paymentId: p.id, reason: 'Erreur de saisie', supervisor: SUP });
    expect(c).toMatchObject({ status: 'cancelled', cancelledBy: 'chef', receiptNumber: p.receiptNumber });
    expect(await t.must('payments.list', {})).toHaveLength(1);
    // Once cancelled, the fee can be taken again, under a new number.
    const again = await t.must('payments.take', { registrationId: reg.id, mode: 'cash' });
    expect(again.receiptNumber).toBe('MORG1-R26-000002');
  });

  it('closes the cash with exact totals by mode, cancellations and exemptions, then refuses new payments', async () => {
    const regs = [];
    for (let i = 1; i <= 5; i++) regs.push(await registered(i));
    await t.login('clerk1', 'Clerk#2026');
    const cash1 = await t.must('payments.take', { registrationId: regs[0]!.id, mode: 'cash' });
    await t.must('payments.take', { registrationId: regs[1]!.id, mode: 'cash' });
    await t.must('payments.take', {
      registrationId: regs[2]!.id,
      mode: 'mobile_money',
      operator: 'HOLO',
      reference: 'TX-1',
    });
    await t.must('payments.take', {
      registrationId: regs[3]!.id,
      mode: 'exempt',
      exemptionReason: 'Pupille de la nation',
      supervisor: SUP,
    });
    await t.must('payments.cancel', { paymentId: cash1.id, reason: 'Double encaissement', supervisor: SUP });
    const summary = await t.must('cash.summary', { day: '2026-03-02' });
    expect(summary.expected).toEqual({ cash: 7500, mobile_money: 7500, exempt: 7500, count: 3, cancelled: 1 });
    const closed = await t.must('cash.close', { day: '2026-03-02', countedCash: 7000, supervisor: SUP });
    expect(closed).toMatchObject({ countedCash: 7000, difference: -500, signedBy: 'chef' });
    const late = await t.call('payments.take', { registrationId: regs[4]!.id, mode: 'cash' });
    expect(late.ok || late.error.fields).toEqual({ day: { code: 'day_closed' } });
    await t.login('chef', 'Visa#2026');
    await t.must('cash.reopen', { day: '2026-03-02', clerk: 'clerk1', reason: 'Candidat oublié' });
    await t.login('clerk1', 'Clerk#2026');
    expect((await t.call('payments.take', { registrationId: regs[4]!.id, mode: 'cash' })).ok).toBe(true);
    const actions = (await (await t.login(), t.must('audit.list', { entity: 'cash_close', limit: 10 }))).map(
      (a) => a.action,
    );
    expect(actions).toEqual(['cash.reopen', 'cash.close']);
  });

  it('lists the earlier days whose cash nobody closed: a clerk their own, a supervisor every clerk’s', async () => {
    const [a, b] = [await registered(1), await registered(2)];
    await t.login('clerk1', 'Clerk#2026');
    await t.must('payments.take', { registrationId: a.id, mode: 'cash' });
    await t.login();
    await t.must('payments.take', { registrationId: b.id, mode: 'cash' });
    // The day is still running: nothing to close yet.
    expect(await t.must('cash.unclosed', {})).toEqual([]);

    t.clock.set(new Date('2026-03-03T08:00:00Z'));
    await t.login('clerk1', 'Clerk#2026');
    expect(await t.must('cash.unclosed', {})).toEqual([
      { clerk: 'clerk1', clerkName: 'Guichetier', day: '2026-03-02', receipts: 1 },
    ]);
    await t.login('chef', 'Visa#2026');
    expect((await t.must('cash.unclosed', {})).map((u) => u.clerk)).toEqual(['admin', 'clerk1']);

    await t.login('clerk1', 'Clerk#2026');
    await t.must('cash.close', { day: '2026-03-02', countedCash: 7500, supervisor: SUP });
    expect(await t.must('cash.unclosed', {})).toEqual([]);
    await t.login('chef', 'Visa#2026');
    expect(await t.must('cash.unclosed', {})).toEqual([
      { clerk: 'admin', clerkName: 'Administrateur', day: '2026-03-02', receipts: 1 },
    ]);
  });

  it('refuses to close a day still to come, which would lock its payments in advance, but closes a past day late', async () => {
    const reg = await registered(1);
    await t.login('clerk1', 'Clerk#2026');
    const ahead = await t.call('cash.close', { day: '2026-12-25', countedCash: 0, supervisor: SUP });
    expect(ahead.ok || ahead.error.fields).toEqual({ day: { code: 'day_in_future' } });
    const tomorrow = await t.call('cash.close', { day: '2026-03-03', countedCash: 0, supervisor: SUP });
    expect(tomorrow.ok || tomorrow.error.fields).toEqual({ day: { code: 'day_in_future' } });
    // Nothing was locked: on Christmas day the clerk still takes fees.
    t.clock.set(new Date('2026-12-25T08:00:00Z'));
    await t.login('clerk1', 'Clerk#2026');
    expect((await t.must('payments.take', { registrationId: reg.id, mode: 'cash' })).day).toBe('2026-12-25');
    // A day gone by is still closed late, and today's close is allowed.
    expect((await t.must('cash.close', { day: '2026-03-02', countedCash: 0, supervisor: SUP })).difference).toBe(0);
    expect((await t.must('cash.close', { day: '2026-12-25', countedCash: 7500, supervisor: SUP })).difference).toBe(0);
  });

  it('refuses at its field a cash count with digits too many, and the day stays open', async () => {
    const reg = await registered(1);
    await t.login('clerk1', 'Clerk#2026');
    await t.must('payments.take', { registrationId: reg.id, mode: 'cash' });
    const close = (countedCash: number) => t.call('cash.close', { day: '2026-03-02', countedCash, supervisor: SUP });
    for (const counted of [MAX_COUNTED_CASH + 1, 75_000_000_000_000, 2 ** 60]) {
      const r = await close(counted);
      expect(r.ok || r.error.fields).toEqual({
        countedCash: { code: 'counted_cash_too_big', params: { max: MAX_COUNTED_CASH } },
      });
    }
    expect((await t.must('cash.summary', { day: '2026-03-02' })).closed).toBeNull();
    expect((await t.must('cash.close', { day: '2026-03-02', countedCash: 7500, supervisor: SUP })).difference).toBe(0);
  });

  it('names clerks and the supervisor who signed by the names their receipts print, and offers them by name', async () => {
    const reg = await registered(1);
    await t.login('clerk1', 'Clerk#2026');
    await t.must('payments.take', { registrationId: reg.id, mode: 'cash' });
    const closed = await t.must('cash.close', { day: '2026-03-02', countedCash: 7500, supervisor: SUP });
    expect(closed).toMatchObject({ signedBy: 'chef', signedByName: 'Superviseur' });
    await t.login('chef', 'Visa#2026');
    const summary = await t.must('cash.summary', { day: '2026-03-02', clerk: 'clerk1' });
    expect(summary).toMatchObject({ clerk: 'clerk1', clerkName: 'Guichetier' });
    expect(summary.closed).toMatchObject({ signedBy: 'chef', signedByName: 'Superviseur' });
    expect(await t.must('cash.clerks', { day: '2026-03-02' })).toEqual([
      { username: 'clerk1', displayName: 'Guichetier' },
    ]);
    // A renamed clerk shows under the new name, as the next receipt would print it.
    await t.login();
    const clerk = (await t.must('users.list', {})).find((u) => u.username === 'clerk1')!;
    await t.must('users.update', { userId: clerk.id, displayName: 'Zaïna Ali', role: 'clerk' });
    await t.login('chef', 'Visa#2026');
    expect((await t.must('cash.summary', { day: '2026-03-02', clerk: 'clerk1' })).clerkName).toBe('Zaïna Ali');
    const clerkOnly = await t.login('clerk1', 'Clerk#2026').then(() => t.call('cash.clerks', { day: '2026-03-02' }));
    expect(clerkOnly.ok || clerkOnly.error.code).toBe('forbidden');
  });

  it('shows a clerk their own receipts and cash only; a supervisor any clerk’s', async () => {
    const [a, b] = [await registered(1), await registered(2)];
    await t.login('clerk1', 'Clerk#2026');
    await t.must('payments.take', { registrationId: a.id, mode: 'cash' });
    await t.login('chef', 'Visa#2026');
    await t.must('payments.take', { registrationId: b.id, mode: 'mobile_money', operator: 'HOLO', reference: 'TX-7' });

    await t.login('clerk1', 'Clerk#2026');
    const summary = await t.call('cash.summary', { day: '2026-03-02', clerk: 'chef' });
    expect(summary.ok || summary.error.code).toBe('forbidden');
    const list = await t.call('payments.list', { clerk: 'chef' });
    expect(list.ok || list.error.code).toBe('forbidden');
    // Naming no one, or themselves, the clerk gets their own day and nothing of the supervisor's.
    expect((await t.must('payments.list', {})).map((p) => p.clerk)).toEqual(['clerk1']);
    expect((await t.must('payments.list', { day: '2026-03-02' })).map((p) => p.clerk)).toEqual(['clerk1']);
    expect((await t.must('payments.list', { registrationId: b.id })).length).toBe(0);
    expect((await t.must('cash.summary', { day: '2026-03-02', clerk: 'clerk1' })).expected.cash).toBe(7500);
    expect((await t.must('cash.summary', { day: '2026-03-02' })).expected.mobile_money).toBe(0);

    await t.login('chef', 'Visa#2026');
    expect((await t.must('cash.summary', { day: '2026-03-02', clerk: 'clerk1' })).expected.cash).toBe(7500);
    expect((await t.must('payments.list', { clerk: 'clerk1' })).map((p) => p.registrationId)).toEqual([a.id]);
    expect((await t.must('payments.list', { day: '2026-03-02' })).map((p) => p.clerk).sort()).toEqual([
      'chef',
      'clerk1',
    ]);
  });

  it('refuses to cancel a receipt of a closed day until a supervisor reopens it', async () => {
    const reg = await registered(1);
    await t.login('clerk1', 'Clerk#2026');
    const p = await t.must('payments.take', { registrationId: reg.id, mode: 'cash' });
    await t.must('cash.close', { day: '2026-03-02', countedCash: 7500, supervisor: SUP });
    const refused = await t.call('payments.cancel', { paymentId: p.id, reason: 'Erreur de saisie', supervisor: SUP });
    expect(refused.ok || refused.error.fields).toEqual({ day: { code: 'day_closed' } });
    expect((await t.must('cash.summary', { day: '2026-03-02' })).expected.cash).toBe(7500);
    await t.login('chef', 'Visa#2026');
    await t.must('cash.reopen', { day: '2026-03-02', clerk: 'clerk1', reason: 'Reçu erroné' });
    expect((await t.must('payments.cancel', { paymentId: p.id, reason: 'Erreur de saisie' })).status).toBe('cancelled');
  });
});
