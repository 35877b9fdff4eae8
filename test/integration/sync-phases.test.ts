import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { formatInstant } from '../../shared/domain/localTime';
import { messages } from '../../shared/i18n';
import { pluralRules } from '../../shared/i18n/plural';
import { AppError } from '../../src-main/core/errors';
import { SYSTEM_ACTOR } from '../../src-main/db/store';
import { HqClient } from '../../src-main/modules/sync/client';
import { SyncService } from '../../src-main/modules/sync/service';
import { hqReach } from '../../src-renderer/components/hqReach';
import { codeText } from '../../src-renderer/composables/useFieldErrors';
import catalogue from '../../src-main/modules/reference/catalogues/comores-2026.json';
import { makeApp, type TestApp } from '../support/app';
import { hangingHq } from '../support/hanging';
import { startHqWithMoroni } from '../support/hq';
import { faultyProxy, type Fault } from '../support/proxy';
import { bacSubmission } from '../support/submissions';
import { enrolAndSync } from '../support/syncRun';

let hq: Awaited<ReturnType<typeof startHqWithMoroni>>;
let t: TestApp;

beforeEach(async () => {
  hq = await startHqWithMoroni();
});
afterEach(async () => {
  await t.close();
  await hq.close();
});

describe('sync phases do not block each other', () => {
  it('pushes every record while the catalogue cannot be fetched, and says which phase failed', async () => {
    await hq.admin('/admin/catalogues', { ...catalogue, version: 2 });
    const proxy = await faultyProxy(hq.url, (_n, req) => (req.url?.startsWith('/catalogue') ? 'error500' : 'none'));
    t = await makeApp();
    await t.login();
    const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
    await enrolAndSync(t, proxy.url, json.code as string);
    for (let i = 1; i <= 3; i++) await t.must('registrations.submit', bacSubmission(i));
    const status = await t.must('sync.now', {});
    expect(status.counts).toEqual({ synced: 6 });
    expect(await hq.count('hq_record')).toBe(6);
    // An answer, even an error, is no reason to skip the phases after it.
    expect(status.lastError).toBe('catalogue: server_500');
    expect(status.catalogueVersion).toBe(1);
    await proxy.close();
  });
});

const { t: translate, te: translateExists } = createI18n({
  legacy: false,
  locale: 'fr',
  messages,
  pluralRules,
  missingWarn: false,
}).global;
/** What the status bar says of HQ, in French, at the test's frozen time. */
const statusBar = (status: Parameters<typeof hqReach>[0], now: Date) =>
  hqReach(
    status,
    translate as unknown as Parameters<typeof hqReach>[1],
    {
      date: (iso) => formatInstant(iso, 'fr', { dateStyle: 'short' }),
      time: (iso) => formatInstant(iso, 'fr', { timeStyle: 'short' }),
    },
    now.toISOString(),
  );

describe('a headquarters that answers with server errors', () => {
  it('is « en erreur » in the status bar from the first run that got a 5xx, not « joignable »', async () => {
    let fault: Fault = 'none';
    const proxy = await faultyProxy(hq.url, () => fault);
    t = await makeApp();
    await t.login();
    const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
    const enrolled = await enrolAndSync(t, proxy.url, json.code as string);
    expect(statusBar(enrolled, t.clock.now())).toEqual({ state: 'on', text: 'Siège joignable' });

    // HQ's database is down: every call answers 500, and nothing reaches it.
    fault = 'error500';
    await t.must('registrations.submit', bacSubmission(1));
    const failing = await t.must('sync.now', {});
    expect(failing.counts).toEqual({ retry: 2 });
    expect(failing.unreachableSince).toBeNull();
    expect(statusBar(failing, t.clock.now())).toEqual({ state: 'error', text: 'Siège en erreur depuis 08:00' });
    // Still failing the next day: said since the first run in a row, by its date.
    t.clock.advance(24 * 3_600_000);
    await t.login();
    const nextDay = await t.must('sync.now', {});
    expect(statusBar(nextDay, t.clock.now())).toEqual({
      state: 'error',
      text: 'Siège en erreur depuis le 02/03/2026',
    });

    // No answer at all outweighs it; an HQ that answers well again is « joignable ».
    await proxy.close();
    const gone = await t.must('sync.now', {});
    expect(statusBar(gone, t.clock.now())).toEqual({ state: 'off', text: 'Siège injoignable depuis 08:00' });
    expect(gone.hqErrorSince).toBeNull();
    const back = await faultyProxy(hq.url, () => 'none');
    await t.app.store.em.query(`UPDATE setting SET value_json = ? WHERE key = 'sync.serverUrl'`, [
      JSON.stringify(back.url),
    ]);
    const fine = await t.must('sync.now', {});
    expect(fine.counts).toEqual({ synced: 2 });
    expect(statusBar(fine, t.clock.now())).toEqual({ state: 'on', text: 'Siège joignable' });
    await back.close();
  });
});

/** The app's own sync, with HQ's timeout cut from 20 s to `timeoutMs`. */
const syncWithTimeout = (t: TestApp, timeoutMs: number) => {
  const s = t.app.services;
  return new SyncService(
    t.app.store,
    t.clock,
    s.setup,
    s.reference,
    () => null,
    (url, token) => new HqClient(url, token, timeoutMs),
    s.prereg,
  );
};

describe('a headquarters that does not answer', () => {
  it('refuses an enrolment it holds without an answer, saying so at the address field', async () => {
    t = await makeApp();
    await t.login();
    // Accepts the connection, reads nothing, answers nothing.
    const held: Socket[] = [];
    const silent = createServer((socket) => void held.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      // The app's own service, every timeout it asks for cut tenfold so the test does not wait it out.
      const s = t.app.services;
      const sync = new SyncService(
        t.app.store,
        t.clock,
        s.setup,
        s.reference,
        () => null,
        (u, token, ms) => {
          return new HqClient(u, token, (ms ?? 20_000) / 10);
        },
      );
      const refused = await sync.enrol(SYSTEM_ACTOR, url, 'ABCD-2345').then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(AppError);
      const field = (refused as AppError).fields?.serverUrl;
      expect(field).toEqual({ code: 'hq_timeout', params: { seconds: 8 } });
      expect(codeText(translate as never, translateExists as never, field!.code, field!.params)).toBe(
        'Le serveur du siège n’a pas répondu à temps (8 secondes) : vérifiez l’adresse, ou réessayez plus tard si le siège est surchargé.',
      );
      expect((await t.must('sync.status', {})).enrolled).toBe(false);
    } finally {
      held.forEach((socket) => socket.destroy());
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('costs one timeout per run: the phases after it are reported as not attempted', async () => {
    t = await makeApp();
    await t.login();
    const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
    await enrolAndSync(t, hq.url, json.code as string);
    await t.must('registrations.submit', bacSubmission(1));
    const hanging = await hangingHq();
    try {
      await t.app.store.em.query(`UPDATE setting SET value_json = ? WHERE key = 'sync.serverUrl'`, [
        JSON.stringify(hanging.url),
      ]);
      const sync = syncWithTimeout(t, 400);
      const started = Date.now();
      // The clerk's « Synchroniser maintenant » during the automatic run waits for that same run.
      const [auto, clerk] = await Promise.all([sync.syncNow(), sync.syncNow({ force: true })]);
      const elapsed = Date.now() - started;
      expect(hanging.requests()).toEqual(['POST /records']);
      expect(elapsed).toBeLessThan(3 * 400);
      expect(clerk).toEqual(auto);
      expect(auto.lastError).toBe(
        'records: timeout · files: not_attempted · catalogue: not_attempted · preregistrations: not_attempted · verdicts: not_attempted',
      );
      expect(auto.counts).toEqual({ retry: 2 });

      // Nothing to send: the catalogue is the first to wait, and the last.
      await t.app.store.em.query(`UPDATE outbox SET state = 'synced'`);
      expect((await sync.syncNow()).lastError).toBe(
        'catalogue: timeout · preregistrations: not_attempted · verdicts: not_attempted',
      );
      expect(hanging.requests()).toEqual(['POST /records', 'GET /catalogue']);
    } finally {
      await hanging.close();
    }
  });
});

describe('an address that answers, but not as a headquarters would', () => {
  it.each([
    [
      'a server error (503)',
      503,
      'text/plain',
      'Service Unavailable',
      { code: 'hq_server_error', params: { status: 503 } },
      'Le serveur du siège a répondu par une erreur (503) : réessayez plus tard ou prévenez le siège.',
    ],
    [
      'a plain web page',
      200,
      'text/html',
      '<!doctype html><title>Intranet</title><p>Bienvenue</p>',
      { code: 'hq_not_guichet' },
      'L’adresse répond, mais ce n’est pas un serveur de siège Guichet : vérifiez l’adresse.',
    ],
    [
      'a web server’s « not found » page',
      404,
      'text/html',
      '<!doctype html><title>404 Not Found</title>',
      { code: 'hq_not_guichet' },
      'L’adresse répond, mais ce n’est pas un serveur de siège Guichet : vérifiez l’adresse.',
    ],
  ])(
    'refuses the enrolment saying at the address field that it answered, with %s, not that nothing answers',
    async (...row) => {
      const [, status, type, body, expected, sentence] = row;
      await expectEnrolRefusedAt({ status, headers: { 'content-type': type }, body }, expected, sentence);
    },
  );

  it.each([
    [
      'with Retry-After: 30',
      { 'retry-after': '30' },
      { code: 'hq_rate_limited', params: { count: 30 } },
      'Le siège demande de patienter (trop de demandes) : réessayez dans 30 secondes.',
    ],
    [
      'without Retry-After',
      {},
      { code: 'hq_rate_limited_later' },
      'Le siège demande de patienter (trop de demandes) : réessayez dans un moment.',
    ],
    [
      'with Retry-After as a date already past',
      { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' },
      { code: 'hq_rate_limited_later' },
      'Le siège demande de patienter (trop de demandes) : réessayez dans un moment.',
    ],
    [
      'with Retry-After as a date two minutes ahead',
      // Made when HQ answers, on the real clock the HTTP client reads; HTTP dates drop the milliseconds.
      () => ({ 'retry-after': new Date(Date.now() + 120_000).toUTCString() }),
      { code: 'hq_rate_limited', params: { count: expect.toSatisfy((n: number) => n >= 118 && n <= 120) } },
      /^Le siège demande de patienter \(trop de demandes\) : réessayez dans 1(19|20) secondes\.$/,
    ],
  ])('says HQ asked to wait when it answers 429 %s, not that it is in trouble', async (...row) => {
    const [, headers, expected, sentence] = row;
    // @fastify/rate-limit's answer: a JSON body without one of HQ's codes.
    const body = JSON.stringify({ statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded' });
    await expectEnrolRefusedAt(
      {
        status: 429,
        headers: () => ({ 'content-type': 'application/json', ...headersNow(headers) }),
        body,
      },
      expected,
      sentence,
    );
  });
});

type Headers = Record<string, string>;
/** Headers given as they are, or made when HQ answers (a date that must be fresh). */
const headersNow = (headers: Headers | (() => Headers)) => (typeof headers === 'function' ? headers() : headers);

/** Enrols at an address whose server gives `answer`, and checks what the address field then says. */
async function expectEnrolRefusedAt(
  answer: { status: number; headers: Headers | (() => Headers); body: string },
  expected: unknown,
  sentence: string | RegExp,
): Promise<void> {
  t = await makeApp();
  await t.login();
  const web = createHttpServer((_req, res) =>
    res.writeHead(answer.status, headersNow(answer.headers)).end(answer.body),
  );
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    const refused = await t.call('sync.enrol', { serverUrl: url, code: 'ABCD-2345' });
    const field = refused.ok ? null : refused.error.fields?.serverUrl;
    expect(field).toEqual(expected);
    const said = codeText(translate as never, translateExists as never, field!.code, field!.params);
    if (typeof sentence === 'string') expect(said).toBe(sentence);
    else expect(said).toMatch(sentence);
    expect((await t.must('sync.status', {})).enrolled).toBe(false);
  } finally {
    await new Promise<void>((r) => web.close(() => r()));
  }
}
