import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { addOfficeRequest, enrolRequest, pushRequest, setVerdictRequest } from '../shared/contract/hq';
import { HqOfficeEntity, HqRecordEntity } from './db/entities';
import { Reads } from './db/replicas';
import { checkAdmin, workstationFor } from './modules/auth';
import { latestCatalogue, publishCatalogue } from './modules/catalogue';
import { addOffice, enrol, newEnrolmentCode, revoke } from './modules/enrolment';
import { duplicatePairs } from './modules/duplicates';
import { HqError } from './modules/errors';
import { FileStore } from './modules/files';
import { intake } from './modules/intake';
import type { S3Options } from './modules/s3Blobs';
import { hqPublicKeys } from './modules/keys';
import { importPreregs, preregsSince } from './modules/prereg';
import { setVerdict, verdictsSince } from './modules/verdicts';
import { sharedRateStore } from './modules/rateLimits';

export interface ServerOptions {
  ds: DataSource;
  /** Scans and photos on disk here, unless `s3` names the bucket several instances share. */
  filesDir: string;
  s3?: S3Options | null;
  adminToken: string;
  now?: () => Date;
  logger?: boolean;
  /** Requests per minute per workstation token (or address); default 600. */
  rateLimitPerMinute?: number;
  /** PostgreSQL streaming replicas of `ds`, for the reads workstations poll (see db/replicas). */
  replicaUrls?: readonly string[];
}

const parse = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> => {
  const r = schema.safeParse(body);
  if (!r.success)
    throw new HqError(
      400,
      'invalid_request',
      r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  return r.data;
};

const SHA256 = /^[0-9a-f]{64}$/;

/** The headquarters server: thin routes over small services; every answer carries the server's time. */
export async function buildServer(opts: ServerOptions) {
  const now = opts.now ?? (() => new Date());
  const files = await FileStore.open(opts.ds, opts);
  const app = Fastify({
    logger: opts.logger ? { redact: ['req.headers.authorization'] } : false,
    bodyLimit: 2 * 1024 * 1024,
  });
  // Per workstation token (offices often share one public address behind NAT), else per address.
  // On PostgreSQL every instance counts in the database they share; on SQLite there is one instance.
  // A count that cannot be written does not refuse the request: the limit is not worth an outage.
  await app.register(rateLimit, {
    max: opts.rateLimitPerMinute ?? 600,
    timeWindow: '1 minute',
    keyGenerator: (req) => req.headers.authorization ?? req.ip,
    ...(opts.ds.options.type === 'postgres' ? { store: sharedRateStore(opts.ds), skipOnError: true } : {}),
  });
  const reads = new Reads(opts.ds, opts.replicaUrls, (line) => app.log.warn(line));
  app.addHook('onClose', () => reads.close());
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );
  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    if (err instanceof HqError) return reply.code(err.status).send({ code: err.code, message: err.message });
    if (err.statusCode && err.statusCode < 500)
      return reply.code(err.statusCode).send({ code: 'invalid_request', message: err.message });
    app.log.error(err);
    return reply.code(500).send({ code: 'internal', message: 'Internal error' });
  });
  const time = () => now().toISOString();
  const admin = (req: FastifyRequest) => checkAdmin(opts.adminToken, req.headers.authorization);

  // For the reverse proxy in front of several instances: no token, nothing but whether this one can serve.
  app.get('/health', { config: { rateLimit: false } }, async (_req, reply) => {
    const answers = (p: Promise<unknown>) =>
      p.then(
        () => true,
        () => false,
      );
    const [database, storage, replicas] = await Promise.all([
      answers(opts.ds.query('SELECT 1')),
      answers(files.ping()),
      reads.serving(),
    ]);
    // A replica that does not answer sends its reads to the primary: the instance still serves.
    const ok = database && storage;
    return reply
      .code(ok ? 200 : 503)
      .send({ status: ok ? 'ok' : 'unavailable', database, files: storage, replicas, serverTime: time() });
  });

  app.post('/admin/offices', async (req) => {
    admin(req);
    await addOffice(opts.ds, parse(addOfficeRequest, req.body), now());
    return { ok: true };
  });
  app.post('/admin/enrolment-codes', async (req) => {
    admin(req);
    const { officeCode, validHours = 48 } = req.body as { officeCode: string; validHours?: number };
    return { code: await newEnrolmentCode(opts.ds, officeCode, validHours, now()) };
  });
  app.post('/admin/catalogues', async (req) => {
    admin(req);
    return { version: await publishCatalogue(opts.ds, req.body, now()) };
  });
  app.post('/admin/verdicts', async (req) => {
    admin(req);
    return { seq: await setVerdict(opts.ds, parse(setVerdictRequest, req.body), now()) };
  });
  app.post('/admin/preregistrations', async (req) => {
    admin(req);
    return importPreregs(opts.ds, req.body, now());
  });
  app.post<{ Params: { id: string } }>('/admin/workstations/:id/revoke', async (req) => {
    admin(req);
    await revoke(opts.ds, req.params.id);
    return { ok: true };
  });
  app.get('/admin/records', async (req) => {
    admin(req);
    const rows = await opts.ds.getRepository(HqRecordEntity).find({ select: { entity: true, officeCode: true } });
    const counts: Record<string, number> = {};
    for (const r of rows) counts[`${r.officeCode}/${r.entity}`] = (counts[`${r.officeCode}/${r.entity}`] ?? 0) + 1;
    return { counts, offices: await opts.ds.getRepository(HqOfficeEntity).count() };
  });

  app.get<{ Querystring: { limit?: string; all?: string } }>('/admin/duplicates', async (req) => {
    admin(req);
    const limit = Math.min(Number(req.query.limit ?? 20) || 20, 1000);
    return { duplicates: await duplicatePairs(opts.ds, limit, req.query.all === '1') };
  });

  app.post('/enrol', async (req) => ({
    ...(await enrol(opts.ds, parse(enrolRequest, req.body), now())),
    hqKeys: await hqPublicKeys(opts.ds),
    serverTime: time(),
  }));
  app.get<{ Querystring: { since?: string } }>('/catalogue', async (req) => {
    await workstationFor(opts.ds, req.headers.authorization, now());
    const latest = await reads.run((db) => latestCatalogue(db, Number(req.query.since ?? 0) || 0));
    const hqKeys = await hqPublicKeys(opts.ds);
    return latest
      ? { upToDate: false, ...latest, hqKeys, serverTime: time() }
      : { upToDate: true, hqKeys, serverTime: time() };
  });
  app.post('/records', async (req) => {
    const ws = await workstationFor(opts.ds, req.headers.authorization, now());
    const { entries } = parse(pushRequest, req.body);
    return { results: await intake(opts.ds, ws, entries, now()), serverTime: time() };
  });
  app.head<{ Params: { sha: string } }>('/files/:sha', async (req, reply: FastifyReply) => {
    await workstationFor(opts.ds, req.headers.authorization, now());
    if (!SHA256.test(req.params.sha)) throw new HqError(400, 'invalid_request', 'Not a sha256');
    return reply.code((await files.has(req.params.sha)) ? 200 : 404).send();
  });
  app.put<{ Params: { sha: string } }>('/files/:sha', async (req) => {
    await workstationFor(opts.ds, req.headers.authorization, now());
    if (!SHA256.test(req.params.sha)) throw new HqError(400, 'invalid_request', 'Not a sha256');
    if (!Buffer.isBuffer(req.body)) throw new HqError(400, 'invalid_request', 'Send application/octet-stream');
    return { status: await files.put(req.params.sha, req.body, now()), serverTime: time() };
  });
  app.get<{ Querystring: { after?: string } }>('/verdicts', async (req) => {
    const ws = await workstationFor(opts.ds, req.headers.authorization, now());
    return {
      verdicts: await reads.run((db) => verdictsSince(db, ws, Number(req.query.after ?? 0) || 0)),
      serverTime: time(),
    };
  });
  app.get<{ Querystring: { after?: string } }>('/preregistrations', async (req) => {
    const ws = await workstationFor(opts.ds, req.headers.authorization, now());
    return {
      ...(await reads.run((db) => preregsSince(db, ws, Number(req.query.after ?? 0) || 0))),
      serverTime: time(),
    };
  });
  return app;
}
