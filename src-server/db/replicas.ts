import { DataSource } from 'typeorm';
import { hqEntities } from './entities';

/** After a replica fails, its reads go to the primary for this long before it is tried again. */
const RETRY_AFTER_MS = 30_000;

export interface LagLimits {
  /** A replica that has not replayed what the primary had written this long ago is left aside. */
  maxLagMs: number;
  /** How often a replica's lag is measured; in between it is trusted. */
  checkEveryMs: number;
}
const LAG_LIMITS: LagLimits = { maxLagMs: 60_000, checkEveryMs: 10_000 };

interface Replica {
  url: string;
  /** Opened on first read, once even when reads arrive together; forgotten when opening fails. */
  ds: Promise<DataSource> | null;
  downUntil: number;
  checkedAt: number;
  behind: boolean;
}

/** Host, port and database of a replica, for a log line: never the user or password of its URL. */
export const replicaName = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return 'replica (unreadable URL)';
  }
};

/**
 * The reads every workstation polls (catalogue, verdicts, pre-registrations), taken in turn from
 * PostgreSQL streaming replicas so that thousands of counters do not all load the primary. A
 * replica trails the primary by a moment: a verdict set just now reaches the counters at their
 * next poll, which they make anyway. Anything that reads and then writes stays on the primary.
 * A replica that fails (down, not started yet, not answering in time, or too far behind) sends
 * its reads to the primary, and is tried again later: an instance never stops serving because of one.
 */
export class Reads {
  private turn = 0;
  private readonly replicas: Replica[];

  constructor(
    private readonly primary: DataSource,
    urls: readonly string[] = [],
    private readonly warn: (message: string) => void = () => undefined,
    private readonly limits: LagLimits = LAG_LIMITS,
  ) {
    this.replicas = urls.map((url) => ({ url, ds: null, downUntil: 0, checkedAt: 0, behind: false }));
  }

  /** The primary's WAL position at a few moments, oldest first: what a replica must have replayed by now. */
  private marks: { at: number; lsn: string }[] = [];

  async run<T>(read: (ds: DataSource) => Promise<T>): Promise<T> {
    const replica = this.pick();
    if (replica) {
      try {
        const ds = await this.open(replica);
        if (await this.current(replica, ds)) return await read(ds);
      } catch (e) {
        replica.downUntil = Date.now() + RETRY_AFTER_MS;
        this.warn(
          `${replicaName(replica.url)} did not answer (${e instanceof Error ? e.message : String(e)}): reading from the primary`,
        );
      }
    }
    return read(this.primary);
  }

  /** For /health: whether each replica answers now and was not found behind. The instance serves either way. */
  async serving(): Promise<boolean[]> {
    return Promise.all(
      this.replicas.map((r) =>
        this.open(r)
          .then((ds) => ds.query('SELECT 1'))
          .then(
            () => !r.behind,
            () => false,
          ),
      ),
    );
  }

  /**
   * Whether the replica has replayed what the primary had written `maxLagMs` ago. A replica whose
   * replication broke still answers, with data that no longer moves: counters would wait forever
   * for a verdict. One that is behind is left aside until a later measure finds it caught up.
   */
  private async current(r: Replica, ds: DataSource): Promise<boolean> {
    const now = Date.now();
    if (now - r.checkedAt < this.limits.checkEveryMs) return true;
    r.checkedAt = now;
    // A primary that does not answer cannot say how far behind the replica is: the replica still serves.
    const due = await this.markPrimary(now).catch(() => null);
    if (!due) return true;
    const [row] = (await ds.query('SELECT COALESCE(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS current', [
      due,
    ])) as { current: boolean }[];
    const behind = !row?.current;
    if (behind !== r.behind)
      this.warn(
        behind
          ? `${replicaName(r.url)} is more than ${this.limits.maxLagMs / 1000} s behind the primary: reading from the primary`
          : `${replicaName(r.url)} has caught up with the primary`,
      );
    r.behind = behind;
    if (behind) r.downUntil = now + this.limits.checkEveryMs;
    return !behind;
  }

  /** Notes where the primary's WAL is now, and returns the newest position noted `maxLagMs` ago or earlier. */
  private async markPrimary(now: number): Promise<string | null> {
    const last = this.marks.at(-1);
    if (!last || now - last.at >= this.limits.checkEveryMs) {
      const [row] = (await this.primary.query('SELECT pg_current_wal_lsn()::text AS lsn')) as { lsn: string }[];
      this.marks.push({ at: now, lsn: row!.lsn });
    }
    const old = this.marks.filter((m) => m.at <= now - this.limits.maxLagMs);
    // Only the newest of the old marks is ever compared again.
    this.marks = this.marks.slice(Math.max(0, old.length - 1));
    return old.at(-1)?.lsn ?? null;
  }

  async close(): Promise<void> {
    const open = this.replicas.map((r) => r.ds?.then((ds) => ds.destroy()).catch(() => undefined));
    this.replicas.forEach((r) => (r.ds = null));
    await Promise.all(open);
  }

  private pick(): Replica | null {
    const up = this.replicas.filter((r) => r.downUntil <= Date.now());
    if (!up.length) return null;
    return up[this.turn++ % up.length]!;
  }

  private open(r: Replica): Promise<DataSource> {
    r.ds ??= this.connect(r.url).catch((e: unknown) => {
      r.ds = null;
      throw e;
    });
    return r.ds;
  }

  private async connect(url: string): Promise<DataSource> {
    const ds = new DataSource({
      type: 'postgres',
      url,
      entities: hqEntities,
      synchronize: false,
      logging: false,
      connectTimeoutMS: 3000,
      // A replica cut off mid-query must not hold the workstation's request: pg gives up client-side.
      extra: { query_timeout: 5000 },
    });
    return ds.initialize();
  }
}
