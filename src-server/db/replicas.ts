import { DataSource } from 'typeorm';
import { hqEntities } from './entities';

/** After a replica fails, its reads go to the primary for this long before it is tried again. */
const RETRY_AFTER_MS = 30_000;

interface Replica {
  url: string;
  /** Opened on first read, once even when reads arrive together; forgotten when opening fails. */
  ds: Promise<DataSource> | null;
  downUntil: number;
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
 * A replica that fails (down, not started yet, or not answering in time) sends its reads to the
 * primary, and is tried again later: an instance never stops serving because of one.
 */
export class Reads {
  private turn = 0;
  private readonly replicas: Replica[];

  constructor(
    private readonly primary: DataSource,
    urls: readonly string[] = [],
    private readonly warn: (message: string) => void = () => undefined,
  ) {
    this.replicas = urls.map((url) => ({ url, ds: null, downUntil: 0 }));
  }

  async run<T>(read: (ds: DataSource) => Promise<T>): Promise<T> {
    const replica = this.pick();
    if (replica) {
      try {
        return await read(await this.open(replica));
      } catch (e) {
        replica.downUntil = Date.now() + RETRY_AFTER_MS;
        this.warn(
          `${replicaName(replica.url)} did not answer (${e instanceof Error ? e.message : String(e)}): reading from the primary`,
        );
      }
    }
    return read(this.primary);
  }

  /** For /health: whether each replica answers now. The instance serves either way. */
  async answering(): Promise<boolean[]> {
    return Promise.all(
      this.replicas.map((r) =>
        this.open(r)
          .then((ds) => ds.query('SELECT 1'))
          .then(
            () => true,
            () => false,
          ),
      ),
    );
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
