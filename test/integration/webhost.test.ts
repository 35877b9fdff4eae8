import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { startWebHost, type WebHost } from '../../src-main/transports/http';
import { makeApp, type TestApp } from '../support/app';

let t: TestApp;
let host: WebHost;
let port: number;

beforeAll(async () => {
  t = await makeApp();
  host = await startWebHost({ dispatch: t.app.dispatch });
  port = Number(new URL(host.url).port);
});
afterAll(async () => {
  await host.close();
  await t.close();
});

const pathFor = (body: unknown) => `/api/${(body as { channel?: string } | null)?.channel ?? 'setup.status'}`;

/** Raw HTTP so the test controls the Host header, which fetch does not allow. */
function post(headers: Record<string, string>, body: unknown) {
  return new Promise<{ status: number; json: unknown }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: pathFor(body),
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: data ? JSON.parse(data) : null }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/**
 * A large body written a megabyte at a time, as a browser uploads it: the answer counts only if
 * the whole body went out, since Chromium reports a connection closed under its upload as a failed fetch.
 */
function postInChunks(channel: string, body: string) {
  return new Promise<{ status: number; json: unknown; connection?: string }>((resolve, reject) => {
    let answer: { status: number; json: unknown; connection?: string } | null = null;
    let sent = false;
    const settle = () => answer && sent && resolve(answer);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `/api/${channel}`,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${host.token}`,
        },
      },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => {
          answer = { status: res.statusCode ?? 0, json: JSON.parse(data), connection: res.headers.connection };
          settle();
        });
      },
    );
    req.on('error', reject);
    const write = async () => {
      for (let at = 0; at < body.length; at += 1_000_000) {
        await new Promise<void>((done, fail) =>
          req.write(body.slice(at, at + 1_000_000), (e) => (e ? fail(e) : done())),
        );
        await new Promise((r) => setTimeout(r, 2));
      }
      req.end(() => ((sent = true), settle()));
    };
    write().catch(reject);
  });
}

describe('web host', () => {
  it('refuses to listen on anything but loopback', async () => {
    await expect(startWebHost({ dispatch: t.app.dispatch, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('answers with the launch token', async () => {
    const r = await post({ authorization: `Bearer ${host.token}` }, { input: {} });
    expect(r).toEqual({ status: 200, json: { ok: true, value: { needsSetup: false } } });
  });

  it('refuses a call without the token or with a wrong one', async () => {
    expect((await post({}, { input: {} })).status).toBe(401);
    expect((await post({ authorization: 'Bearer nope' }, { input: {} })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    expect((await post({ authorization: `Bearer ${host.token}`, host: 'evil.example:80' }, {})).status).toBe(421);
    const foreign = await post({ authorization: `Bearer ${host.token}`, origin: 'http://evil.example' }, {});
    expect(foreign.status).toBe(403);
  });

  it('returns invalid_input with per-field codes for bad input', async () => {
    const r = await post(
      { authorization: `Bearer ${host.token}` },
      { channel: 'auth.login', input: { username: '', password: 'x'.repeat(500) } },
    );
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { username: { code: 'required' }, password: { code: 'too_long' } } },
    });
  });

  it('lets a list as large as the contract allows reach the channel, which answers with a Result', async () => {
    const big = { channel: 'excel.preview', input: { fileBase64: 'A'.repeat(12_000_000) } };
    const r = await post({ authorization: `Bearer ${host.token}` }, big);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('answers a call too large to read as a Result naming the file field, not with a bare 413', async () => {
    // A 16 MB photo is 21+ MB of base64, beyond what the host reads at all.
    const huge = {
      channel: 'dossier.photo',
      input: { registrationId: crypto.randomUUID(), base64: 'A'.repeat(22_000_000) },
    };
    const r = await postInChunks('dossier.photo', JSON.stringify(huge));
    expect(r.connection).not.toBe('close');
    expect(r).toMatchObject({
      status: 200,
      json: {
        ok: false,
        error: { code: 'invalid_input', message: 'Request too large', fields: { file: { code: 'file_too_big' } } },
      },
    });
    // Just under what the host reads: the channel refuses it, with the limit the sentence says.
    const photo = { channel: 'dossier.photo', input: { ...huge.input, base64: 'A'.repeat(20_100_000) } };
    expect((await post({ authorization: `Bearer ${host.token}` }, photo)).json).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { base64: { code: 'file_too_large', params: { maxMb: 15 } } } },
    });
    // Without the token the refusal comes first: nobody learns anything from a large body.
    expect((await post({}, huge)).status).toBe(401);
  });
});
