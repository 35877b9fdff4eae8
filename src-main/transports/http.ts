import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { MAX_LIST_BASE64 } from '../../shared/contract/excel';
import { requestTooLarge } from '../../shared/contract/result';
import type { Dispatch } from '../core/dispatcher';

export interface WebHostOptions {
  dispatch: Dispatch;
  /** Built renderer (dist/renderer); served without the token since it holds no data. */
  rendererDir?: string;
  host?: string;
  port?: number;
  token?: string;
}

export interface WebHost {
  url: string;
  token: string;
  server: FastifyInstance;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** The web host must never be reachable from another machine: it serves a whole office's data. */
export function assertLoopback(host: string): void {
  if (!LOOPBACK.has(host)) throw new Error(`Refusing to listen on ${host}: the web host binds to loopback only`);
}

const bearer = (header: string | undefined) => (header?.startsWith('Bearer ') ? header.slice(7) : '');

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Beyond this much, an oversized body is not worth reading to the end for a polite answer. */
const DRAIN_MAX_BYTES = 512 * 1024 * 1024;

/** Reads what is left of a request and drops it; false when it goes on past DRAIN_MAX_BYTES. */
function drained(raw: IncomingMessage): Promise<boolean> {
  if (raw.complete) return Promise.resolve(true);
  return new Promise((resolve) => {
    let bytes = 0;
    raw.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > DRAIN_MAX_BYTES) resolve(false);
    });
    raw.once('end', () => resolve(true));
    raw.once('error', () => resolve(false));
    raw.resume();
  });
}

/**
 * The same handler table as IPC, behind Fastify on loopback. Every API call needs the
 * per-launch token; Host and Origin must name this very server, which stops a web page
 * in the clerk's browser (DNS rebinding, CSRF) from talking to it.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const host = opts.host ?? '127.0.0.1';
  assertLoopback(host);
  const token = opts.token ?? randomBytes(24).toString('base64url');
  // Room for the largest input of the contract plus its JSON envelope, so that an oversized list is
  // refused by the channel's own validation, at its field and in French, rather than by Fastify.
  const server = Fastify({ logger: false, bodyLimit: MAX_LIST_BASE64 + 1024 * 1024 });
  let allowedHosts = new Set<string>();

  server.addHook('onRequest', async (req, reply) => {
    if (!allowedHosts.has(req.headers.host ?? '')) return reply.code(421).send({ error: 'misdirected' });
    const origin = req.headers.origin;
    if (origin && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) return reply.code(403).send({ error: 'origin' });
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    // Before the body is read: a caller without the token never gets a megabyte parsed.
    if (req.url.startsWith('/api/') && !sameToken(bearer(req.headers.authorization), token))
      return reply.code(401).send({ error: 'token' });
  });

  // Fastify's bare 413 is no Result, so the page could only say "error": answer as the channel's
  // own size check does, at the file field. Fastify would also close the connection while the
  // browser is still uploading, which Chromium reports as a failed fetch: the rest of the body is
  // read and dropped first, and the connection stays open.
  server.setErrorHandler(async (error: { code?: string }, req, reply) => {
    if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE' || !req.url.startsWith('/api/')) return reply.send(error);
    if (!(await drained(req.raw))) {
      reply.hijack();
      return void req.raw.socket.destroy();
    }
    reply.removeHeader('connection');
    return reply.code(200).header('cache-control', 'no-store').send(requestTooLarge);
  });

  server.post<{ Params: { channel: string }; Body: { input?: unknown } }>('/api/:channel', async (req, reply) => {
    const session = req.headers['x-guichet-session'];
    reply.header('cache-control', 'no-store');
    return opts.dispatch(req.params.channel, req.body?.input, typeof session === 'string' ? session : null);
  });

  if (opts.rendererDir && existsSync(opts.rendererDir)) {
    await server.register(fastifyStatic, {
      root: opts.rendererDir,
      setHeaders: (res) =>
        res.setHeader(
          'content-security-policy',
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    });
  }

  await server.listen({ host, port: opts.port ?? 0 });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const base = host === '::1' ? `http://[::1]:${port}` : `http://${host}:${port}`;
  return { url: `${base}/#token=${token}`, token, server, close: () => server.close() };
}
