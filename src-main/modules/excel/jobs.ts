import { AppError } from '../../core/errors';

export type JobPhase = 'checking' | 'saving';

interface Job {
  phase: JobPhase;
  done: number;
  total: number;
  cancelled: boolean;
}

/** Rows between two looks at the progress and cancel flags: often enough for a smooth bar, rarely enough to cost nothing. */
const STEP = 100;

/**
 * Progress and cancel of a long preview or commit, keyed by an id the renderer chose. The work
 * gives the event loop a turn every STEP rows so that progress and cancel calls get answered;
 * a cancel throws inside the commit's transaction, which rolls everything back.
 */
export class Jobs {
  private jobs = new Map<string, Job>();

  start(id: string | undefined): Tracker {
    if (!id) return { tick: async () => undefined, phase: () => undefined, end: () => undefined };
    const job: Job = { phase: 'checking', done: 0, total: 0, cancelled: false };
    this.jobs.set(id, job);
    return {
      phase: (p, total) => {
        job.phase = p;
        job.done = 0;
        job.total = total;
      },
      tick: async (done) => {
        job.done = done;
        if (done % STEP) return;
        await new Promise((resolve) => setImmediate(resolve));
        if (job.cancelled) throw new AppError('conflict', 'Import cancelled', { file: { code: 'import_cancelled' } });
      },
      end: () => this.jobs.delete(id),
    };
  }

  progress(id: string) {
    const job = this.jobs.get(id);
    return job ? { phase: job.phase, done: job.done, total: job.total, running: true } : null;
  }

  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (job) job.cancelled = true;
    return Boolean(job);
  }
}

export interface Tracker {
  phase(p: JobPhase, total: number): void;
  tick(done: number): Promise<void>;
  end(): void;
}
