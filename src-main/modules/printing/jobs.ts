import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors';
import type { Session } from '../auth/sessions';
import type { FicheBatch } from './batch';
import type { PrintFilter } from './repository';

type Result = Awaited<ReturnType<FicheBatch['run']>>;

interface Job {
  owner: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  done: number;
  total: number;
  result: Result | null;
  error: { code: string; message: string; fieldCode: string | null } | null;
  abort: AbortController;
  endedAt: number | null;
}

/** A finished batch nobody came back for is dropped after this long, so its PDF does not stay in memory. */
const KEEP_MS = 15 * 60_000;

/**
 * Batches run in the background so the page can show progress and offer a cancel. A job is
 * seen only by the user who started it, and forgotten once its PDF has been handed over.
 */
export class BatchJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly batch: FicheBatch) {}

  async start(session: Session, filter: PrintFilter, now: string) {
    const total = await this.batch.count(filter);
    if (total === 0) throw new AppError('not_found', 'Empty batch', { _: { code: 'batch_empty' } });
    const jobId = randomUUID();
    const job: Job = {
      owner: session.userId,
      state: 'running',
      done: 0,
      total,
      result: null,
      error: null,
      abort: new AbortController(),
      endedAt: null,
    };
    this.forgetStale();
    this.jobs.set(jobId, job);
    this.batch
      .run(session, filter, now, (done, all) => ((job.done = done), (job.total = all)), job.abort.signal)
      .then((result) => {
        job.result = result;
        job.state = 'done';
        job.endedAt = Date.now();
      })
      .catch((e: unknown) => {
        const err = e instanceof AppError ? e : new AppError('internal', 'Batch failed');
        job.state = job.abort.signal.aborted ? 'cancelled' : 'failed';
        job.error = { code: err.code, message: err.message, fieldCode: err.fields?._?.code ?? null };
        job.endedAt = Date.now();
      });
    return { jobId, total };
  }

  status(session: Session, jobId: string) {
    const job = this.own(session, jobId);
    const { state, done, total, result, error } = job;
    if (state !== 'running') this.jobs.delete(jobId);
    return { state, done, total, result, error };
  }

  cancel(session: Session, jobId: string) {
    this.own(session, jobId).abort.abort();
    return {};
  }

  private forgetStale() {
    for (const [id, job] of this.jobs)
      if (job.endedAt !== null && Date.now() - job.endedAt > KEEP_MS) this.jobs.delete(id);
  }

  private own(session: Session, jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job || job.owner !== session.userId) throw new AppError('not_found', 'No such batch');
    return job;
  }
}
